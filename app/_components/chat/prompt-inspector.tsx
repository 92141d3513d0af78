'use client';
/**
 * The prompt inspector: exactly what was sent for an answer — the system
 * prompt's labelled sections with their items and token counts, which turns
 * of the conversation went in (and what stood in for older ones) — and the
 * way to drop items and answer again without them.
 */
import { useState } from 'react';
import type { Message } from '@/lib/core/records';
import { useChatController } from './chat-controller';
import { useModal } from '../../_hooks/use-modal';
import { RefreshIcon } from '../icons';

/**
 * Shown as a modal while mounted (the answer mounts it only while open, so
 * each opening starts with nothing dropped); `onClose` when the user closes it.
 */
export function PromptInspector({ message, onClose }: { message: Message; onClose: () => void }) {
  const chat = useChatController();
  const dialog = useModal(true);
  const [dropped, setDropped] = useState<Set<string>>(new Set());
  const trace = message.trace;

  if (!trace) return null;
  const toggle = (id: string) =>
    setDropped((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const already = trace.excluded ?? [];

  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby={`inspector-${message.id}`}
      className="m-auto w-[44rem] max-w-[94vw] rounded-xl border border-border bg-bg p-0 text-fg shadow-xl backdrop:bg-black/40"
    >
      <div className="max-h-[85vh] overflow-y-auto p-5">
        <h2 id={`inspector-${message.id}`} className="text-base font-semibold">
          What was sent for this answer
        </h2>
        <p className="mt-1 text-sm text-muted">
          {trace.model} · about {trace.promptTokens.toLocaleString('en')} of {trace.contextLength.toLocaleString('en')}{' '}
          tokens · {trace.historyIds.length} message{trace.historyIds.length === 1 ? '' : 's'} of the conversation
          {trace.omittedIds.length > 0 &&
            `, ${trace.omittedIds.length} older ${trace.summary ? 'summarised' : 'left out'}`}
        </p>

        {trace.sections && trace.sections.length > 0 ? (
          <div className="mt-4 space-y-4" data-testid="prompt-sections">
            {trace.sections.map((section) => (
              <section key={section.name} aria-label={section.name}>
                <h3 className="text-sm font-semibold">
                  {section.name} <span className="font-normal text-muted">· ~{section.tokens} tokens</span>
                </h3>
                <ul className="mt-1.5 space-y-1">
                  {section.items.map((item) => {
                    const off = dropped.has(item.id);
                    return (
                      <li
                        key={item.id}
                        className={`flex items-start gap-2 rounded-md border px-2.5 py-1.5 text-sm ${off ? 'border-dashed border-border text-muted line-through' : 'border-border'}`}
                        data-item-id={item.id}
                      >
                        <span className="min-w-0 flex-1 break-words">{item.label}</span>
                        <span className="shrink-0 text-xs text-muted">~{item.tokens}</span>
                        <button
                          type="button"
                          onClick={() => toggle(item.id)}
                          aria-pressed={off}
                          className="shrink-0 rounded px-1.5 text-xs font-medium text-accent-text hover:bg-subtle"
                          aria-label={`${off ? 'Keep' : 'Drop'}: ${item.label}`}
                        >
                          {off ? 'Keep' : 'Drop'}
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </section>
            ))}
          </div>
        ) : (
          <p className="mt-4 text-sm text-muted">
            No learned or retrieved context went into this prompt: only Codelumi’s own instructions and the
            conversation.
          </p>
        )}
        {already.length > 0 && (
          <p className="mt-3 text-xs text-muted">
            {already.length} item{already.length === 1 ? ' was' : 's were'} dropped for this answer before it was
            written.
          </p>
        )}
        {trace.droppedForBudget && trace.droppedForBudget.length > 0 && (
          <p className="mt-1 text-xs text-muted">
            {trace.droppedForBudget.length} more item(s) did not fit the context window.
          </p>
        )}

        <details className="mt-4 text-sm">
          <summary className="cursor-pointer text-muted">The whole system prompt</summary>
          <pre className="mt-2 max-h-72 overflow-auto whitespace-pre-wrap rounded-lg bg-code-bg p-3 font-mono text-xs">
            {trace.systemPrompt}
          </pre>
        </details>

        <div className="mt-5 flex flex-wrap justify-end gap-2">
          <button type="button" onClick={onClose} className="rounded-md px-3 py-1.5 text-sm hover:bg-subtle">
            Close
          </button>
          <button
            type="button"
            disabled={dropped.size === 0 || chat.busy}
            onClick={() => {
              chat.regenerate(message, { exclude: [...already, ...dropped] });
              onClose();
            }}
            className="inline-flex items-center gap-1.5 rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg disabled:opacity-50"
          >
            <RefreshIcon className="h-4 w-4" />
            {dropped.size === 0
              ? 'Drop items to answer again without them'
              : `Answer again without ${dropped.size} item${dropped.size === 1 ? '' : 's'}`}
          </button>
        </div>
      </div>
    </dialog>
  );
}
