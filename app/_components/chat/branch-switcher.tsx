'use client';
import type { ThreadEntry } from '@/lib/db/thread';
import { ChevronLeftIcon, ChevronRightIcon } from '../icons';
import { useChatController } from './chat-controller';

/** "‹ 2 / 3 ›" between the branches of a regenerated answer or edited question. */
export function BranchSwitcher({ entry, kind }: { entry: ThreadEntry; kind: 'answer' | 'question' }) {
  const chat = useChatController();
  const { siblingIds, siblingIndex } = entry;
  if (siblingIds.length < 2) return null;
  const go = (delta: number) => chat.selectBranch(siblingIds[siblingIndex + delta]);
  return (
    <div className="inline-flex items-center gap-0.5 text-xs text-muted" role="group" aria-label={`${kind} versions`}>
      <button
        type="button"
        disabled={siblingIndex === 0 || chat.busy}
        onClick={() => go(-1)}
        className="rounded p-1 hover:bg-subtle hover:text-fg disabled:opacity-40"
        aria-label={`Previous ${kind} version`}
      >
        <ChevronLeftIcon className="h-3.5 w-3.5" />
      </button>
      <span aria-live="polite">
        {siblingIndex + 1} / {siblingIds.length}
      </span>
      <button
        type="button"
        disabled={siblingIndex === siblingIds.length - 1 || chat.busy}
        onClick={() => go(1)}
        className="rounded p-1 hover:bg-subtle hover:text-fg disabled:opacity-40"
        aria-label={`Next ${kind} version`}
      >
        <ChevronRightIcon className="h-3.5 w-3.5" />
      </button>
    </div>
  );
}
