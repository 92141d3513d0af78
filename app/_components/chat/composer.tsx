'use client';
/**
 * The message box. Enter sends, Shift+Enter adds a line, Esc stops the
 * answer. The text is a draft kept in IndexedDB until the question is
 * stored, so a reload or a refused send never loses it. In a project, "@"
 * offers the project's files (arrows move, Enter or Tab insert, Esc closes).
 * When Ollama runs on another machine, a message holding secrets is not
 * sent before the user chooses what to do with them.
 */
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { hostOf, isOnThisMachine } from '@/lib/privacy/local-host';
import { useSettings } from '../../_hooks/use-settings';
import { useDraft } from '../../_hooks/use-draft';
import { FileIcon, SendIcon, StopIcon } from '../icons';
import { useMentionAutocomplete } from './use-mention-autocomplete';
import { SecretsWarning } from './secrets-warning';
import { useSecretsCheck, type SecretsChoice } from './use-secrets-check';

export interface ComposerProps {
  draftKey: string;
  busy: boolean;
  /** Resolves true when the message was accepted (then the box empties). */
  onSend: (text: string) => Promise<boolean>;
  onStop: () => void;
  placeholder?: string;
  /** The project's files, for `@file` mentions; none outside a project. */
  mentions?: { projectName: string; paths: readonly string[] };
}

export function Composer({ draftKey, busy, onSend, onStop, placeholder, mentions }: ComposerProps) {
  const { text, setText, clear, flush, loaded, storageFull } = useDraft(draftKey);
  const ollamaHost = useSettings()?.ollamaHost;
  const ref = useRef<HTMLTextAreaElement>(null);
  const sending = useRef(false);
  const secrets = useSecretsCheck(text);
  const applyMention = useCallback(
    (next: { text: string; caret: number }) => {
      setText(next.text);
      requestAnimationFrame(() => ref.current?.setSelectionRange(next.caret, next.caret));
    },
    [setText],
  );
  const complete = useMentionAutocomplete(mentions?.paths, text, applyMention);
  const optionId = (i: number) => `mention-option-${i}`;

  // Keep the highlighted file in view as the arrows move through a long list.
  useEffect(() => {
    if (complete.open) document.getElementById(optionId(complete.highlighted))?.scrollIntoView({ block: 'nearest' });
  }, [complete.open, complete.highlighted]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 320)}px`;
  }, [text]);

  // Whether the user put the focus somewhere else since this chat's box appeared: the draft may load late (a busy
  // disk), and a keyboard user who went on meanwhile must not lose their place.
  const focusMovedAway = useRef(false);
  useLayoutEffect(() => {
    focusMovedAway.current = false;
    const onFocus = (e: FocusEvent) => {
      if (e.target !== ref.current) focusMovedAway.current = true;
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, [draftKey]);

  // Ready to type on wide screens, unless the user is already typing elsewhere (e.g. renaming the conversation they
  // just double-clicked), went elsewhere while the draft loaded, or is in a notice above the page (the first-run
  // privacy offer, an update: `data-keeps-focus`), also one they reached before this box appeared.
  useEffect(() => {
    if (!loaded || focusMovedAway.current || !window.matchMedia('(min-width: 768px)').matches) return;
    if (document.activeElement?.matches('input, textarea, select, [contenteditable="true"]')) return;
    if (document.activeElement?.closest('[data-keeps-focus]')) return;
    ref.current?.focus();
  }, [loaded, draftKey]);

  /** Sends `message` (the text, or the text with its secrets replaced); the box empties once it is accepted. */
  const deliver = async (message: string) => {
    if (busy || sending.current || !message.trim()) return;
    sending.current = true;
    // Store the text as it is now: a refused send keeps it, and no save still
    // pending can write it back after the send has cleared the draft.
    flush();
    try {
      if (await onSend(message)) clear();
    } finally {
      sending.current = false;
    }
  };

  const submit = async () => {
    if (busy || sending.current || !text.trim()) return;
    if (secrets.mayGo(text)) await deliver(text);
  };

  const choose = (how: SecretsChoice) => {
    const message = secrets.choose(how);
    if (message === null) ref.current?.focus();
    else void deliver(message);
  };

  return (
    <form
      className="mx-auto w-full max-w-3xl px-4 pb-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {secrets.pending && <SecretsWarning pending={secrets.pending} onChoose={choose} />}
      <div className="relative flex items-end gap-2 rounded-2xl border border-border bg-bg p-2 shadow-sm focus-within:border-accent">
        {complete.open && (
          <ul
            id="mention-options"
            role="listbox"
            aria-label={`Files in ${mentions?.projectName ?? 'the project'}`}
            className="absolute inset-x-2 bottom-full z-20 mb-2 max-h-64 overflow-y-auto rounded-xl border border-border bg-bg p-1 shadow-lg"
          >
            {complete.suggestions.map((path, i) => {
              const slash = path.lastIndexOf('/');
              return (
                <li
                  key={path}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === complete.highlighted}
                  // Keep the focus (and the caret) in the message box.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => complete.pick(path)}
                  onMouseMove={() => complete.highlight(i)}
                  className={`flex cursor-pointer items-center gap-2 rounded-lg px-2 py-1.5 text-sm ${i === complete.highlighted ? 'bg-accent-soft text-accent-text' : ''}`}
                >
                  <FileIcon className="h-4 w-4 shrink-0 text-muted" />
                  <span className="truncate font-mono text-[13px]">
                    {slash >= 0 && <span className="text-muted">{path.slice(0, slash + 1)}</span>}
                    {path.slice(slash + 1)}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        <p className="sr-only" role="status">
          {complete.open
            ? `${complete.suggestions.length} file${complete.suggestions.length === 1 ? '' : 's'} match. Up and down to choose, Enter to insert, Escape to close.`
            : ''}
        </p>
        <textarea
          id="composer-input"
          ref={ref}
          rows={1}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            complete.track(e.target.value, e.target.selectionStart);
          }}
          onSelect={(e) => complete.track(e.currentTarget.value, e.currentTarget.selectionStart)}
          onBlur={complete.close}
          onKeyDown={(e) => {
            if (complete.onKeyDown(e)) return;
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
          placeholder={
            placeholder ??
            (mentions
              ? `Ask about ${mentions.projectName}… (@ to mention a file, Enter to send)`
              : 'Ask about code… (Enter to send, Shift+Enter for a new line)')
          }
          aria-label="Message"
          aria-autocomplete={mentions ? 'list' : undefined}
          aria-controls={complete.open ? 'mention-options' : undefined}
          aria-activedescendant={complete.open ? optionId(complete.highlighted) : undefined}
          className="max-h-80 min-h-[2.5rem] flex-1 resize-none bg-transparent px-2 py-2 text-[15px] outline-none placeholder:text-muted focus-visible:outline-none"
        />
        {busy ? (
          <button
            type="button"
            onClick={onStop}
            className="flex h-10 w-10 shrink-0 items-center justify-center rounded-xl bg-fg text-bg hover:opacity-90"
            aria-label="Stop the answer (Esc)"
            title="Stop (Esc)"
          >
            <StopIcon />
          </button>
        ) : (
          <button
            type="submit"
            disabled={!text.trim()}
            className="flex h-10 w-10 shrink-0 items-center justify-center rounded-xl bg-accent text-accent-fg hover:opacity-90 disabled:opacity-40"
            aria-label="Send message"
            title="Send (Enter)"
          >
            <SendIcon />
          </button>
        )}
      </div>
      {storageFull && (
        <p className="mt-1.5 text-center text-xs text-danger" role="status" data-testid="draft-not-saved">
          Storage is full: this draft is not saved. It stays here while the page is open; free space to keep it.
        </p>
      )}
      <p className="mt-1.5 text-center text-xs text-muted" data-testid="composer-footer">
        {ollamaHost && !isOnThisMachine(ollamaHost)
          ? `Runs on ${hostOf(ollamaHost)}, not this machine.`
          : 'Runs on your machine.'}{' '}
        Answers can be wrong: check code before you use it.
      </p>
    </form>
  );
}
