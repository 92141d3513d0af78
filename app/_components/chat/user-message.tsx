'use client';
/** One question, with copy, edit-and-resend (as a new branch), "Plan and build" (the Build page) and its branch switcher. */
import { memo, useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { usePlannerAction } from '../../_hooks/use-planner';
import { useServices } from '../services';
import { sameEntry, type ThreadEntry } from '@/lib/db/thread';
import { BranchSwitcher } from './branch-switcher';
import { CopyButton } from './copy-button';
import { useChatController } from './chat-controller';
import { BuildIcon, EditIcon } from '../icons';
import { SecretsWarning } from './secrets-warning';
import { useSecretsCheck, type SecretsChoice } from './use-secrets-check';

export const UserMessage = memo(
  function UserMessage({ entry }: { entry: ThreadEntry }) {
    const message = entry.message;
    const chat = useChatController();
    const [editing, setEditing] = useState(false);
    const [text, setText] = useState(message.content);
    const ref = useRef<HTMLTextAreaElement>(null);
    const secrets = useSecretsCheck(text);
    const { planner, temporary } = useServices();
    const router = useRouter();
    const act = usePlannerAction();
    const [planning, setPlanning] = useState(false);

    // The request becomes a plan on the Build page (with this chat's model and project), which links back here.
    const planAndBuild = async () => {
      setPlanning(true);
      const id = await act(() => planner.planFromMessage(message.id));
      setPlanning(false);
      if (id) router.push(`/build/?plan=${encodeURIComponent(id)}`);
    };

    useEffect(() => {
      if (!editing || !ref.current) return;
      ref.current.focus();
      ref.current.style.height = 'auto';
      ref.current.style.height = `${Math.min(ref.current.scrollHeight, 400)}px`;
    }, [editing]);

    const deliver = async (edited: string) => {
      if (!edited.trim() || chat.busy) return;
      if (await chat.edit(message, edited)) setEditing(false);
    };
    const submit = async () => {
      if (!text.trim() || chat.busy) return;
      if (secrets.mayGo(text)) await deliver(text);
    };
    const choose = (how: SecretsChoice) => {
      const edited = secrets.choose(how);
      if (edited === null) ref.current?.focus();
      else void deliver(edited);
    };

    return (
      <article
        className="message-item group/msg flex flex-col items-end py-3"
        aria-label="Your message"
        data-message-id={message.id}
        data-role="user"
      >
        {editing ? (
          <div className="w-full max-w-[85%] rounded-2xl border border-accent bg-bg p-2">
            {secrets.pending && <SecretsWarning pending={secrets.pending} onChoose={choose} />}
            <textarea
              ref={ref}
              value={text}
              aria-label="Edit your message"
              onChange={(e) => {
                setText(e.target.value);
                e.target.style.height = 'auto';
                e.target.style.height = `${Math.min(e.target.scrollHeight, 400)}px`;
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  void submit();
                } else if (e.key === 'Escape') {
                  setText(message.content);
                  setEditing(false);
                }
              }}
              className="w-full resize-none bg-transparent px-2 py-1 text-[15px] outline-none"
            />
            <div className="flex justify-end gap-2 pt-1">
              <button
                type="button"
                className="rounded-md px-3 py-1.5 text-sm text-muted hover:bg-subtle"
                onClick={() => {
                  setText(message.content);
                  setEditing(false);
                }}
              >
                Cancel
              </button>
              <button
                type="button"
                disabled={!text.trim() || chat.busy}
                className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg disabled:opacity-50"
                onClick={() => void submit()}
              >
                Send
              </button>
            </div>
          </div>
        ) : (
          <div className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl bg-subtle px-4 py-2.5 text-[15px]">
            {message.content}
          </div>
        )}
        {!editing && (
          <div className="mt-1 flex items-center gap-1 text-muted opacity-100 md:opacity-0 md:group-hover/msg:opacity-100 md:focus-within:opacity-100">
            <BranchSwitcher entry={entry} kind="question" />
            <CopyButton text={message.content} label="Copy message" />
            <button
              type="button"
              onClick={() => setEditing(true)}
              disabled={chat.busy}
              className="rounded p-1.5 hover:bg-subtle hover:text-fg disabled:opacity-40"
              aria-label="Edit message"
              title="Edit and resend"
            >
              <EditIcon />
            </button>
            {!temporary && (
              <button
                type="button"
                onClick={() => void planAndBuild()}
                disabled={planning}
                className="rounded p-1.5 hover:bg-subtle hover:text-fg disabled:opacity-40"
                aria-label="Plan and build"
                title="Plan and build: turn this request into a plan on the Build page"
              >
                <BuildIcon />
              </button>
            )}
          </div>
        )}
      </article>
    );
  },
  (prev, next) => sameEntry(prev.entry, next.entry),
);
