'use client';
/**
 * One answer: Lumi beside it in the answer's mood, its reasoning (collapsed),
 * its markdown, and what can be done with it. While this tab streams it, the
 * text comes from memory every frame; otherwise from IndexedDB (which other
 * tabs also follow).
 */
import { memo, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { AnswerContext, StreamingAnswerContext } from './runner/answer-context';
import { processBlocks } from '@/lib/response/response';
import type { Message } from '@/lib/core/records';
import { sameEntry, type ThreadEntry } from '@/lib/db/thread';
import type { ActiveStream } from '@/lib/chat/active-streams';
import { moodOf } from '@/lib/lumi/mood';
import { interruptionText } from '@/lib/chat/interruption-text';
import { useActiveStream } from '../../_hooks/use-active-stream';
import { useAnswerSignals } from '../../_hooks/use-answer-signals';
import { useStableCallback } from '../../_hooks/use-stable-callback';
import { ErrorNotice } from './error-notice';
import { LazyMarkdown } from './lazy-markdown';
import { BranchSwitcher } from './branch-switcher';
import { CopyButton } from './copy-button';
import { useChatController } from './chat-controller';
import { PlayIcon, RefreshIcon } from '../icons';
import { AnswerDetails } from './answer-details';
import { SignalBadges } from './signal-badges';
import { LumiAvatar } from '../lumi/lumi-avatar';

function WaitingIndicator({ stream }: { stream: ActiveStream }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, []);
  const waited = (now - stream.startedAt) / 1000;
  const loading = waited > 1.5;
  // Not a live region: the seconds tick, and the chat's announcer already says Codelumi is thinking.
  return (
    <div className="mt-0.5 flex min-h-7 items-center gap-2 text-sm text-muted sm:min-h-8" data-testid="waiting">
      <span className="inline-flex gap-1" aria-hidden="true">
        <span className="typing-dot h-1.5 w-1.5 rounded-full bg-current" />
        <span className="typing-dot h-1.5 w-1.5 rounded-full bg-current" />
        <span className="typing-dot h-1.5 w-1.5 rounded-full bg-current" />
      </span>
      {loading
        ? `Loading model… ${Math.floor(waited)} s (the first answer after starting or switching models takes longer)`
        : 'Thinking…'}
    </div>
  );
}

function Thinking({ text, live }: { text: string; live: boolean }) {
  return (
    <details className="mb-3 rounded-lg border border-border bg-panel text-sm" data-testid="thinking">
      <summary className="cursor-pointer select-none px-3 py-2 text-muted">
        {live ? 'Reasoning…' : 'Reasoning'}{' '}
        <span className="text-xs">({text.length.toLocaleString('en')} characters)</span>
      </summary>
      <div className="whitespace-pre-wrap border-t border-border px-3 py-2 text-muted">{text}</div>
    </details>
  );
}

export const AssistantMessage = memo(
  function AssistantMessage({ entry }: { entry: ThreadEntry }) {
    const message: Message = entry.message;
    const stream = useActiveStream(message.id);
    const chat = useChatController();
    const content = stream ? stream.content : message.content;
    const thinking = stream ? stream.thinking : (message.thinking ?? '');
    const streamingHere = !!stream;
    const streamingElsewhere = !stream && message.status === 'streaming';
    const onCopyCode = useStableCallback((index: number) => chat.recordCopy(message, 'code', { blockIndex: index }));
    // Code runs only once the answer is complete (a half-streamed block is not the model's code yet).
    const done = !stream && message.status === 'complete';
    const finished = useMemo(
      () => (done ? { message, content: message.content, blocks: processBlocks(message.content) } : null),
      [done, message],
    );
    // Making the blocks runnable gives each one its run controls (and moves its highlighted view into them): when a
    // streamed answer completes, that comes in a render of its own after the one showing it complete, which React may
    // split up, rather than adding to the render of the completed answer. Answers opened complete get it at once.
    const runnable = useDeferredValue(finished);
    const signals = useAnswerSignals(message.id);
    const mood = moodOf(
      {
        phase: stream?.phase,
        status: message.status,
        stopReason: message.stopReason,
        hasContent: content.trim() !== '',
      },
      signals,
    );

    return (
      <article
        className="message-item group/msg flex gap-3 py-4"
        aria-label="Codelumi’s answer"
        data-message-id={message.id}
        data-role="assistant"
        data-status={streamingHere ? 'streaming' : message.status}
        onCopy={() => {
          const selected = window.getSelection()?.toString() ?? '';
          if (selected.trim()) chat.recordCopy(message, 'selection', { chars: selected.length });
        }}
      >
        <LumiAvatar mood={mood} known={signals !== undefined} className="mt-0.5 h-7 w-7 sm:h-8 sm:w-8" />
        <div className="min-w-0 flex-1">
          {thinking && <Thinking text={thinking} live={streamingHere && !content} />}
          {stream && !content && !thinking && <WaitingIndicator stream={stream} />}
          {content && (
            <StreamingAnswerContext.Provider value={streamingHere}>
              <AnswerContext.Provider value={runnable}>
                <LazyMarkdown text={content} onCopyCode={onCopyCode} />
              </AnswerContext.Provider>
            </StreamingAnswerContext.Provider>
          )}
          {streamingElsewhere && (
            <p className="mt-2 text-xs text-muted" role="status">
              Still arriving in another tab…
            </p>
          )}

          {!streamingHere && message.status === 'interrupted' && (
            <div
              className="mt-3 flex flex-wrap items-center gap-2 rounded-lg border border-warn/40 bg-warn-soft px-3 py-2 text-sm"
              role="status"
            >
              <span data-testid="interruption">{interruptionText(message.stopReason)}</span>
              <button
                type="button"
                onClick={() => chat.continueAnswer(message)}
                disabled={chat.busy}
                className="ml-auto inline-flex items-center gap-1 rounded-md bg-accent px-2.5 py-1 font-medium text-accent-fg disabled:opacity-50"
              >
                <PlayIcon className="h-3.5 w-3.5" /> Continue
              </button>
              <button
                type="button"
                onClick={() => chat.regenerate(message)}
                disabled={chat.busy}
                className="inline-flex items-center gap-1 rounded-md border border-border bg-bg px-2.5 py-1 font-medium disabled:opacity-50"
              >
                <RefreshIcon className="h-3.5 w-3.5" /> Regenerate
              </button>
            </div>
          )}
          {!streamingHere && message.status === 'error' && message.error && (
            <div className="mt-3">
              <ErrorNotice
                error={message.error}
                hasPartial={content.trim().length > 0}
                onRetry={chat.busy ? undefined : () => chat.regenerate(message)}
                onContinue={chat.busy || !content.trim() ? undefined : () => chat.continueAnswer(message)}
              />
            </div>
          )}

          {!streamingHere && !streamingElsewhere && (
            <div className="mt-2 flex flex-wrap items-center gap-1 text-muted">
              <BranchSwitcher entry={entry} kind="answer" />
              {content && (
                <CopyButton text={content} label="Copy answer" onCopied={() => chat.recordCopy(message, 'message')} />
              )}
              <button
                type="button"
                onClick={() => chat.regenerate(message)}
                disabled={chat.busy}
                className="rounded p-1.5 hover:bg-subtle hover:text-fg disabled:opacity-40"
                aria-label="Regenerate answer"
                title="Regenerate"
              >
                <RefreshIcon />
              </button>
              <AnswerDetails message={message} />
            </div>
          )}
          {!streamingHere && <SignalBadges signals={signals} />}
        </div>
      </article>
    );
  },
  (prev, next) => sameEntry(prev.entry, next.entry),
);
