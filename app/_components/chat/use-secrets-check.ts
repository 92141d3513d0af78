'use client';
/**
 * The check before a message leaves for an Ollama on another machine: when
 * the text holds secrets it is held (not sent) until the user chooses to
 * replace them with placeholders, send it as it is, or go back. With Ollama
 * on this machine every text may go at once. Used by the composer and by
 * edit-and-resend.
 */
import { useState } from 'react';
import type { Finding } from '@/lib/privacy/anonymize';
import { findSecrets, redactSecrets } from '@/lib/privacy/anonymize/secrets';
import { isOnThisMachine } from '@/lib/privacy/local-host';
import { useSettings } from '../../_hooks/use-settings';

export type SecretsChoice = 'replace' | 'anyway' | 'cancel';

export function useSecretsCheck(text: string) {
  const settings = useSettings();
  const remoteHost = settings && !isOnThisMachine(settings.ollamaHost) ? settings.ollamaHost : undefined;
  const [held, setHeld] = useState<{ text: string; findings: Finding[] } | null>(null);
  // The choice is about the text as it was: once it is edited, the warning goes and the next send asks again.
  const pending = remoteHost && held && held.text === text ? { host: remoteHost, findings: held.findings } : null;

  return {
    pending,
    /** True when `message` may be sent now; otherwise it is held and `pending` describes why. */
    mayGo(message: string): boolean {
      if (!remoteHost) return true;
      const findings = findSecrets(message);
      if (findings.length === 0) return true;
      setHeld({ text: message, findings });
      return false;
    },
    /** The user's choice about the held text: the text to send (as it is, or with placeholders), or null. */
    choose(how: SecretsChoice): string | null {
      const message = held?.text;
      setHeld(null);
      if (message === undefined || how === 'cancel') return null;
      return how === 'replace' ? redactSecrets(message).text : message;
    },
  };
}
