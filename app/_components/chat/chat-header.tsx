'use client';
/** The bar above a chat: the sidebar button (narrow screens), the title (click to rename), the project, the model and the chat's settings. */
import { useEffect, useRef, useState } from 'react';
import type { Conversation } from '@/lib/core/records';
import { renameConversation } from '@/lib/db/conversations';
import { useServices } from '../services';
import { useShell } from '../shell-context';
import { MenuIcon, PlusIcon, TemporaryIcon } from '../icons';
import { ModelPicker } from './model-picker';
import { ProjectPicker } from './project-picker';
import { ConversationOptions } from './conversation-options';
import { LearningSwitch } from './learning-switch';
import { isOnThisMachine } from '@/lib/privacy/local-host';
import { useSettings } from '../../_hooks/use-settings';
import { RemoteOllamaNote } from '../privacy/remote-ollama-note';

export function ChatHeader({
  conversation,
  loading = false,
  model,
  onModelChange,
  projectId,
  onProjectChange,
}: {
  conversation?: Conversation;
  /** The conversation opened is still loading: no title yet (not "New chat"). */
  loading?: boolean;
  model: string;
  onModelChange: (model: string) => void;
  projectId: string;
  onProjectChange: (projectId: string) => void;
}) {
  const { db, temporary } = useServices();
  const shell = useShell();
  const ollamaHost = useSettings()?.ollamaHost;
  const [editing, setEditing] = useState(false);
  const savedTitle = conversation?.title ?? '';
  const [title, setTitle] = useState(savedTitle);
  // A new saved title (renamed here or elsewhere, or named by the model) replaces the draft, during render rather than in an effect.
  const [titleShown, setTitleShown] = useState(savedTitle);
  if (savedTitle !== titleShown) {
    setTitleShown(savedTitle);
    setTitle(savedTitle);
  }
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  const commit = () => {
    setEditing(false);
    if (conversation && title.trim() && title !== conversation.title)
      void renameConversation(db, conversation.id, title);
    else setTitle(conversation?.title ?? '');
  };

  return (
    <header className="flex h-14 shrink-0 items-center gap-2 border-b border-border px-3">
      <button
        type="button"
        onClick={shell.openSidebar}
        className="rounded-md p-1.5 text-muted hover:bg-subtle hover:text-fg md:hidden"
        aria-label="Open sidebar"
        aria-controls="sidebar"
      >
        <MenuIcon className="h-5 w-5" />
      </button>
      {/* On a phone the title keeps room to be read; the model picker gives way. */}
      <div className="min-w-[6rem] flex-1">
        {conversation && editing ? (
          <input
            ref={input}
            value={title}
            aria-label="Conversation title"
            onChange={(e) => setTitle(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
              if (e.key === 'Escape') {
                setTitle(conversation.title);
                setEditing(false);
              }
            }}
            className="w-full rounded-md border border-accent bg-bg px-2 py-1 text-sm font-medium"
          />
        ) : conversation ? (
          <h1 className="truncate text-sm font-medium">
            <button
              type="button"
              onClick={() => setEditing(true)}
              className="max-w-full truncate rounded px-1 hover:bg-subtle"
              title="Rename"
            >
              {conversation.title}
            </button>
          </h1>
        ) : loading ? null : (
          <h1 className="truncate px-1 text-sm font-medium">{temporary ? 'Temporary chat' : 'New chat'}</h1>
        )}
      </div>
      {temporary && <TemporaryBadge />}
      {ollamaHost && !isOnThisMachine(ollamaHost) && <RemoteOllamaNote host={ollamaHost} compact />}
      {/* A temporary chat retrieves nothing, so a project would change nothing. */}
      {!temporary && <ProjectPicker value={projectId} onChange={onProjectChange} />}
      <ModelPicker value={model} onChange={onModelChange} />
      {conversation && !temporary && <LearningSwitch conversation={conversation} />}
      {conversation && <ConversationOptions conversation={conversation} />}
      <button
        type="button"
        onClick={shell.newChat}
        className="rounded-md p-1.5 text-muted hover:bg-subtle hover:text-fg md:hidden"
        aria-label="New chat"
      >
        <PlusIcon className="h-5 w-5" />
      </button>
    </header>
  );
}

/** Says, while in one, that this chat is temporary: never saved, gone on leaving. */
function TemporaryBadge() {
  return (
    <span
      className="inline-flex shrink-0 items-center gap-1 rounded-full border border-accent px-2 py-0.5 text-xs font-medium text-accent-text"
      data-testid="temporary-badge"
      title="Not saved and not learned from: it is gone when you leave or reload."
    >
      <TemporaryIcon className="h-3.5 w-3.5" />
      <span>
        Temporary<span className="hidden sm:inline"> · not saved</span>
      </span>
    </span>
  );
}
