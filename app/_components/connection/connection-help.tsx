'use client';
/**
 * What to do when Ollama is not ready: one panel per state (not running,
 * blocked by CORS, not Ollama, no models), each with the next step.
 */
import Link from 'next/link';
import type { ConnectionState } from '@/lib/ollama/connection';
import { originsInstructions, ollamaOriginsValue } from '@/lib/core/errors-text';
import { AlertIcon, RefreshIcon } from '../icons';
import { CopyText } from '../copy-text';
import { RecommendedModels } from '../models/recommended-models';

export function ConnectionHelp({
  state,
  onRetry,
  retrying,
}: {
  state: ConnectionState;
  onRetry: () => void;
  retrying?: boolean;
}) {
  if (state.status === 'ready') return null;
  const retry = (
    <button
      type="button"
      onClick={onRetry}
      disabled={retrying}
      className="inline-flex items-center gap-1.5 rounded-lg border border-border bg-bg px-3 py-1.5 text-sm font-medium hover:bg-subtle disabled:opacity-60"
    >
      <RefreshIcon className={`h-4 w-4 ${retrying ? 'animate-spin' : ''}`} />
      {retrying ? 'Checking…' : 'Check again'}
    </button>
  );

  if (state.status === 'no-models') {
    return (
      <section className="rounded-xl border border-border bg-panel p-5" aria-labelledby="no-models-title">
        <h2 id="no-models-title" className="text-base font-semibold">
          Ollama is running, but has no models yet
        </h2>
        <p className="mt-1 text-sm text-muted">Download a coding model to start. It runs entirely on your machine.</p>
        <RecommendedModels />
      </section>
    );
  }

  return (
    <section
      role="alert"
      className="rounded-xl border border-danger/40 bg-danger-soft p-5"
      aria-labelledby="conn-title"
    >
      <div className="flex items-start gap-3">
        <AlertIcon className="mt-0.5 h-5 w-5 shrink-0 text-danger" />
        <div className="min-w-0 flex-1">
          {state.status === 'unreachable' && (
            <>
              <h2 id="conn-title" className="text-base font-semibold">
                Ollama is not running
              </h2>
              <p className="mt-1 text-sm">
                Nothing answers at <code className="font-mono">{state.host}</code>. Start Ollama (open the Ollama app,
                or run the command below). Don’t have it yet? Install it from ollama.com, then come back: this page
                checks again by itself.
              </p>
              <CopyText text="ollama serve" label="Start Ollama in a terminal" />
              <p className="mt-3 text-sm">
                Ollama on another machine or port?{' '}
                <Link href="/settings/" className="font-medium text-accent-text underline">
                  Change the address in Settings
                </Link>
                .
              </p>
            </>
          )}
          {state.status === 'blocked' && (
            <>
              <h2 id="conn-title" className="text-base font-semibold">
                Ollama is running but blocks this page
              </h2>
              <p className="mt-1 text-sm">
                Ollama only answers web pages from origins it trusts. This page is served from{' '}
                <code className="font-mono">{state.origin}</code>, which it does not allow. Set{' '}
                <code className="font-mono">OLLAMA_ORIGINS</code> to this origin and restart Ollama:
              </p>
              <CopyText text={`OLLAMA_ORIGINS="${ollamaOriginsValue(state.origin)}"`} label="The value to set" />
              <details className="mt-3 text-sm">
                <summary className="cursor-pointer font-medium">How to set it on your system</summary>
                {originsInstructions(state.origin).map((i) => (
                  <CopyText key={i.platform} text={i.command} label={i.platform} />
                ))}
              </details>
              <p className="mt-3 text-sm text-muted">
                Or open Codelumi at http://localhost:3000, which Ollama allows by default.
              </p>
            </>
          )}
          {state.status === 'not-ollama' && (
            <>
              <h2 id="conn-title" className="text-base font-semibold">
                That address is not an Ollama server
              </h2>
              <p className="mt-1 text-sm">
                <code className="font-mono">{state.host}</code> answered with HTTP {state.httpStatus}, not like Ollama
                does. Check the address in{' '}
                <Link href="/settings/" className="font-medium text-accent-text underline">
                  Settings
                </Link>{' '}
                (the default is http://127.0.0.1:11434).
              </p>
            </>
          )}
          <div className="mt-4">{retry}</div>
        </div>
      </div>
    </section>
  );
}
