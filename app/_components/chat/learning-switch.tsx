'use client';
/**
 * "Don't learn from this" for one conversation: a switch in the chat header
 * and, while it is on, a badge saying so. Switching it on for a conversation
 * learning already drew from offers to forget that too (lib/learning/forget.ts).
 */
import { useEffect, useRef, useState } from 'react';
import type { Conversation } from '@/lib/core/records';
import { setConversationLearning } from '@/lib/db/conversations';
import type { LearnedRows } from '@/lib/learning/forget';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { NoLearnIcon } from '../icons';

function describe(rows: LearnedRows): string {
  const parts = [
    [rows.signals, 'signal'],
    [rows.answers, 'answer record'],
    [rows.memories, 'memory'],
    [rows.trainingPairs, 'correction pair'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what === 'memory' && n > 1 ? 'memories' : n > 1 ? `${what}s` : what}`)
    .join(', ');
}

export function LearningSwitch({ conversation }: { conversation: Conversation }) {
  const { db, queryClient } = useServices();
  const toasts = useToasts();
  const [offer, setOffer] = useState<LearnedRows | null>(null);
  const off = !!conversation.noLearn;
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (offer && d && !d.open) d.showModal();
    if (!offer && d?.open) d.close();
  }, [offer]);

  const fail = () =>
    toasts.show({ tone: 'error', text: 'Could not change this chat’s learning. Storage may be full.' });

  const toggle = async () => {
    try {
      if (off) {
        await setConversationLearning(db, conversation.id, true);
        toasts.show({ text: 'Codelumi learns from this chat again, from its next message on.' });
        return;
      }
      await setConversationLearning(db, conversation.id, false);
      // Loaded when used: forgetting brings the detector's model, which the chat does not otherwise need.
      const { learnedFrom } = await import('@/lib/learning/forget');
      const learned = await learnedFrom(db, conversation.id);
      if (learned.signals + learned.answers + learned.memories + learned.trainingPairs > 0) setOffer(learned);
      else toasts.show({ text: 'Codelumi will not learn from this chat.' });
    } catch {
      fail();
    }
  };

  const forget = async () => {
    setOffer(null);
    try {
      const { forgetLearnedFrom } = await import('@/lib/learning/forget');
      const kept = await forgetLearnedFrom(db, conversation.id);
      // The dashboard, the Memory page and searches may show what is now gone.
      void queryClient.invalidateQueries();
      toasts.show({
        text: kept
          ? `Forgot what was learned from this chat; ${kept} ${kept === 1 ? 'memory you edited stays' : 'memories you edited stay'}.`
          : 'Forgot what was learned from this chat.',
      });
    } catch {
      fail();
    }
  };

  return (
    <>
      {off && (
        <span
          className="hidden shrink-0 items-center gap-1 rounded-full border border-border px-2 py-0.5 text-xs text-muted sm:inline-flex"
          data-testid="no-learn-badge"
        >
          <NoLearnIcon className="h-3.5 w-3.5" />
          Not learning
        </span>
      )}
      <button
        type="button"
        onClick={() => void toggle()}
        aria-pressed={off}
        aria-label="Don’t learn from this chat"
        title={
          off ? 'Codelumi does not learn from this chat. Click to learn from it again.' : 'Don’t learn from this chat'
        }
        className={`rounded-md p-1.5 hover:bg-subtle ${off ? 'bg-accent-soft text-accent-text' : 'text-muted'}`}
      >
        <NoLearnIcon />
      </button>
      <dialog
        ref={dialog}
        onClose={() => setOffer(null)}
        aria-labelledby="forget-learned-title"
        className="m-auto w-[30rem] max-w-[92vw] rounded-xl border border-border bg-bg p-5 text-fg shadow-xl backdrop:bg-black/40"
      >
        <h2 id="forget-learned-title" className="text-base font-semibold">
          Forget what was already learned?
        </h2>
        <p className="mt-2 text-sm text-muted">
          Codelumi no longer learns from this chat. Before, it kept {offer ? describe(offer) : ''} from it. Forget those
          too? The chat itself stays, and so do memories you edited or another chat also taught (in that chat’s words).
        </p>
        <div className="mt-5 flex justify-end gap-2">
          <button
            type="button"
            onClick={() => setOffer(null)}
            className="rounded-md px-3 py-1.5 text-sm hover:bg-subtle"
          >
            Keep them
          </button>
          <button
            type="button"
            onClick={() => void forget()}
            className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:opacity-90"
            autoFocus
          >
            Forget them
          </button>
        </div>
      </dialog>
    </>
  );
}
