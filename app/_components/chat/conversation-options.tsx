'use client';
/** The conversation's own system prompt, edited in a small panel. */
import { useEffect, useRef, useState } from 'react';
import type { Conversation } from '@/lib/core/records';
import { updateConversationOptions } from '@/lib/db/conversations';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { SettingsIcon } from '../icons';

export function ConversationOptions({ conversation }: { conversation: Conversation }) {
  const { db } = useServices();
  const toasts = useToasts();
  const [open, setOpen] = useState(false);
  const savedText = conversation.systemPrompt ?? '';
  const [text, setText] = useState(savedText);
  // A new saved prompt replaces the draft, during render rather than in an effect.
  const [textShown, setTextShown] = useState(savedText);
  if (savedText !== textShown) {
    setTextShown(savedText);
    setText(savedText);
  }
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [open]);

  const save = async () => {
    try {
      await updateConversationOptions(db, conversation.id, { systemPrompt: text });
      setOpen(false);
      toasts.show({ text: text.trim() ? 'System prompt saved for this chat' : 'System prompt removed' });
    } catch {
      toasts.show({ tone: 'error', text: 'Could not save the system prompt. Storage may be full.' });
    }
  };

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className={`rounded-md p-1.5 hover:bg-subtle ${conversation.systemPrompt ? 'text-accent-text' : 'text-muted'}`}
        aria-label="Chat settings (system prompt)"
        title={conversation.systemPrompt ? 'This chat has its own system prompt' : 'Chat settings'}
      >
        <SettingsIcon />
      </button>
      <dialog
        ref={dialog}
        onClose={() => setOpen(false)}
        className="m-auto w-[34rem] max-w-[92vw] rounded-xl border border-border bg-bg p-0 text-fg shadow-xl backdrop:bg-black/40"
        aria-labelledby="conv-options-title"
      >
        <form
          method="dialog"
          className="p-5"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h2 id="conv-options-title" className="text-base font-semibold">
            System prompt for this chat
          </h2>
          <p className="mt-1 text-sm text-muted">
            Added to Codelumi’s own instructions for every answer in this conversation only.
          </p>
          <textarea
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={6}
            aria-label="System prompt"
            placeholder="e.g. Answer in Go. Prefer the standard library."
            className="mt-3 w-full rounded-lg border border-border bg-bg p-2 text-sm"
          />
          <div className="mt-4 flex justify-end gap-2">
            <button
              type="button"
              onClick={() => setOpen(false)}
              className="rounded-md px-3 py-1.5 text-sm hover:bg-subtle"
            >
              Cancel
            </button>
            <button type="submit" className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg">
              Save
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
