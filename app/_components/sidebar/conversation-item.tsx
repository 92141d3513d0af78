'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { memo, useEffect, useRef, useState } from 'react';
import type { Conversation } from '@/lib/core/records';
import { pinConversation, renameConversation } from '@/lib/db/conversations';
import { countPlansFrom } from '@/lib/planner/store';
import { describeError } from '@/lib/core/errors-text';
import { isCodelumiError } from '@/lib/core/errors';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { DownloadIcon, EditIcon, MoreIcon, NoLearnIcon, PinIcon, TrashIcon } from '../icons';
import { saveFile } from '../save-file';

interface ItemProps {
  conversation: Conversation;
  active: boolean;
}

/**
 * One conversation in the sidebar. Every message re-reads the list, so an
 * item re-renders only when what it shows changed: with hundreds of
 * conversations, re-rendering them all for each message held the page.
 */
export const ConversationItem = memo(
  ConversationRow,
  (a: ItemProps, b: ItemProps) =>
    a.active === b.active &&
    a.conversation.id === b.conversation.id &&
    a.conversation.title === b.conversation.title &&
    a.conversation.pinned === b.conversation.pinned &&
    a.conversation.noLearn === b.conversation.noLearn,
);

/** One conversation in the sidebar, with rename, pin, export (Markdown, JSON) and delete (undoable). */
function ConversationRow({ conversation, active }: ItemProps) {
  const { db, forgetting } = useServices();
  const toasts = useToasts();
  const router = useRouter();
  const [menuOpen, setMenuOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(conversation.title);
  const menuRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!menuOpen) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !menuRef.current?.contains(e.target as Node))
        setMenuOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [menuOpen]);

  useEffect(() => {
    if (renaming) inputRef.current?.select();
  }, [renaming]);

  const fail = (err: unknown) =>
    toasts.show({
      tone: 'error',
      text: isCodelumiError(err) ? describeError(err).title : 'That did not work. Try again.',
    });

  const commitRename = () => {
    setRenaming(false);
    if (title.trim() && title.trim() !== conversation.title)
      void renameConversation(db, conversation.id, title).catch(fail);
    else setTitle(conversation.title);
  };

  const exportAs = async (format: 'md' | 'json') => {
    setMenuOpen(false);
    // Loaded on use: the sidebar does not carry the exporters until someone exports.
    const { exportConversation } = await import('@/lib/importers/export-conversation');
    const file = await exportConversation(db, conversation.id, format);
    if (file) saveFile(file);
    else toasts.show({ tone: 'error', text: `“${conversation.title}” is no longer there to export.` });
  };

  const undo = async () => {
    if (!(await forgetting.restore(conversation.id)))
      toasts.show({ tone: 'error', text: `“${conversation.title}” is already forgotten; it cannot come back.` });
  };

  const remove = async () => {
    setMenuOpen(false);
    // Plans started from the chat go with it: the notice names them, so nobody loses a build unawares.
    const plans = await countPlansFrom(db, conversation.id).catch(() => 0);
    try {
      await forgetting.delete(conversation.id);
    } catch (err) {
      fail(err);
      return;
    }
    if (active) router.push('/');
    const seconds = Math.round(forgetting.windowMs / 1000);
    toasts.show({
      text: `Deleted “${conversation.title}”${plans ? ` and ${plans === 1 ? 'the plan' : `the ${plans} plans`} built from it` : ''}. Undo within ${seconds} s; after that it is forgotten with everything learned from it${plans ? ` and ${plans === 1 ? 'the plan’s' : 'the plans’'} files` : ''} (memories you edited stay).`,
      action: { label: 'Undo', run: () => void undo().catch(fail) },
      durationMs: forgetting.windowMs,
    });
  };

  if (renaming) {
    return (
      <li className="px-1">
        <input
          ref={inputRef}
          value={title}
          aria-label="Conversation title"
          onChange={(e) => setTitle(e.target.value)}
          onBlur={commitRename}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitRename();
            if (e.key === 'Escape') {
              setTitle(conversation.title);
              setRenaming(false);
            }
          }}
          className="w-full rounded-md border border-accent bg-bg px-2 py-1.5 text-sm"
        />
      </li>
    );
  }

  return (
    <li className="group relative" data-conversation-id={conversation.id}>
      <Link
        href={`/?c=${conversation.id}`}
        // Every conversation is the same page (the chat) with another ?c=: prefetching one per link fetches
        // nothing new, and the IntersectionObserver it needs for each link cost the page tens of milliseconds
        // a frame with hundreds of conversations (most of the main thread's work while an export ran).
        prefetch={false}
        aria-current={active ? 'page' : undefined}
        className={`flex items-center gap-2 rounded-md py-1.5 pl-3 pr-8 text-sm ${
          active ? 'bg-accent-soft font-medium text-fg' : 'text-fg/90 hover:bg-subtle'
        }`}
        // The second click of a double-click renames; it must not navigate again. A second navigation
        // to the same address while the first is still loading made the router fall back to a full
        // page load on a slow machine, and the reload dropped the rename field.
        onClick={(e) => {
          if (e.detail > 1) e.preventDefault();
        }}
        onDoubleClick={() => setRenaming(true)}
      >
        {conversation.pinned === 1 && <PinIcon className="h-3.5 w-3.5 shrink-0 text-muted" title="Pinned" />}
        <span className="truncate">{conversation.title}</span>
        {conversation.noLearn && (
          <NoLearnIcon className="h-3.5 w-3.5 shrink-0 text-muted" title="Codelumi does not learn from this chat" />
        )}
      </Link>
      {/* The transform makes a stacking context: lift it while open so later items cannot cover the menu. */}
      <div ref={menuRef} className={`absolute right-1 top-1/2 -translate-y-1/2 ${menuOpen ? 'z-20' : ''}`}>
        <button
          type="button"
          aria-label={`Actions for ${conversation.title}`}
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen((o) => !o)}
          className={`rounded p-1 text-muted hover:bg-bg hover:text-fg focus:opacity-100 ${
            active || menuOpen ? 'opacity-100' : 'opacity-100 md:opacity-0 md:group-hover:opacity-100'
          }`}
        >
          <MoreIcon />
        </button>
        {menuOpen && (
          <div
            role="menu"
            className="absolute right-0 z-20 mt-1 w-52 rounded-lg border border-border bg-bg p-1 text-sm shadow-lg"
          >
            <button
              role="menuitem"
              type="button"
              className="flex w-full items-center gap-2 rounded px-2 py-1.5 hover:bg-subtle"
              onClick={() => {
                setMenuOpen(false);
                setRenaming(true);
              }}
            >
              <EditIcon /> Rename
            </button>
            <button
              role="menuitem"
              type="button"
              className="flex w-full items-center gap-2 rounded px-2 py-1.5 hover:bg-subtle"
              onClick={() => {
                setMenuOpen(false);
                void pinConversation(db, conversation.id, conversation.pinned !== 1).catch(fail);
              }}
            >
              <PinIcon /> {conversation.pinned === 1 ? 'Unpin' : 'Pin'}
            </button>
            <button
              role="menuitem"
              type="button"
              className="flex w-full items-center gap-2 whitespace-nowrap rounded px-2 py-1.5 text-left hover:bg-subtle"
              onClick={() => void exportAs('md').catch(fail)}
            >
              <DownloadIcon /> Export as Markdown
            </button>
            <button
              role="menuitem"
              type="button"
              className="flex w-full items-center gap-2 whitespace-nowrap rounded px-2 py-1.5 text-left hover:bg-subtle"
              onClick={() => void exportAs('json').catch(fail)}
            >
              <DownloadIcon /> Export as JSON
            </button>
            <button
              role="menuitem"
              type="button"
              className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-danger hover:bg-danger-soft"
              onClick={() => void remove()}
            >
              <TrashIcon /> Delete
            </button>
          </div>
        )}
      </div>
    </li>
  );
}
