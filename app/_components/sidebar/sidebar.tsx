'use client';
/**
 * The sidebar: new chat, a temporary chat, search, the conversations, and the way to the
 * other pages (Build, Projects, Memory, Learning, Models, Settings). A drawer below the md breakpoint.
 */
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useState, type RefObject } from 'react';
import { Logo } from '../logo';
import {
  BrainIcon,
  BuildIcon,
  ChartIcon,
  CloseIcon,
  CpuIcon,
  FolderIcon,
  PlusIcon,
  SearchIcon,
  SettingsIcon,
  TemporaryIcon,
} from '../icons';

/** The pages besides the chat, in the order they are shown. */
const PAGES = [
  { href: '/build/', label: 'Build', Icon: BuildIcon },
  { href: '/projects/', label: 'Projects', Icon: FolderIcon },
  { href: '/memory/', label: 'Memory', Icon: BrainIcon },
  { href: '/learning/', label: 'Learning', Icon: ChartIcon },
  { href: '/models/', label: 'Models', Icon: CpuIcon },
  { href: '/settings/', label: 'Settings', Icon: SettingsIcon },
] as const;
import { useShell } from '../shell-context';
import { shortcutLabel } from '../shortcuts';
import { ConversationList } from './conversation-list';
import { SearchResults } from './search-results';
import { ConnectionDot } from '../connection/connection-dot';

export function Sidebar({
  open,
  searchRef,
  onClose,
}: {
  open: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
  onClose: () => void;
}) {
  const shell = useShell();
  const pathname = usePathname();
  const params = useSearchParams();
  const inTemporary = pathname === '/' && params.get('temporary') === '1';
  const [query, setQuery] = useState('');

  return (
    <aside
      id="sidebar"
      aria-label="Conversations"
      className={`fixed inset-y-0 left-0 z-40 flex w-72 max-w-[85vw] flex-col border-r border-border bg-panel transition-transform md:static md:z-auto md:translate-x-0 ${
        open ? 'translate-x-0' : '-translate-x-full'
      }`}
    >
      <div className="flex items-center gap-2 px-4 pb-3 pt-4">
        <Logo className="h-7 w-7" />
        <span className="text-lg font-semibold tracking-tight">Codelumi</span>
        <button
          type="button"
          className="ml-auto rounded-md p-1.5 text-muted hover:bg-subtle hover:text-fg md:hidden"
          onClick={onClose}
          aria-label="Close sidebar"
        >
          <CloseIcon className="h-5 w-5" />
        </button>
      </div>

      <div className="px-3">
        <button
          type="button"
          onClick={shell.newChat}
          className="flex w-full items-center gap-2 rounded-lg border border-border bg-bg px-3 py-2 text-sm font-medium hover:bg-subtle"
          title={`New chat (${shortcutLabel('newChat')})`}
        >
          <PlusIcon />
          New chat
          <kbd className="ml-auto text-xs font-normal text-muted">{shortcutLabel('newChat')}</kbd>
        </button>
        <Link
          href="/?temporary=1"
          aria-current={inTemporary ? 'page' : undefined}
          className={`mt-1 flex w-full items-center gap-2 rounded-lg px-3 py-1.5 text-sm ${
            inTemporary ? 'bg-accent-soft font-medium text-fg' : 'text-muted hover:bg-subtle hover:text-fg'
          }`}
          title="A chat that is never saved and never learned from"
        >
          <TemporaryIcon />
          Temporary chat
        </Link>
        <div className="relative mt-2">
          <SearchIcon className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-muted" />
          <input
            ref={searchRef}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setQuery('');
                (e.target as HTMLInputElement).blur();
              }
            }}
            placeholder={`Search chats (${shortcutLabel('search')})`}
            aria-label="Search conversations"
            className="w-full rounded-lg border border-border bg-bg py-2 pl-8 pr-3 text-sm placeholder:text-muted"
          />
        </div>
      </div>

      <nav
        className="mt-3 min-h-0 flex-1 overflow-y-auto px-2 pb-2"
        aria-label={query ? 'Search results' : 'Conversation list'}
      >
        {query.trim() ? <SearchResults query={query} /> : <ConversationList />}
      </nav>

      <nav className="border-t border-border p-2" aria-label="Pages">
        {PAGES.map(({ href, label, Icon }) => (
          <Link
            key={href}
            href={href}
            aria-current={pathname.startsWith(href.slice(0, -1)) ? 'page' : undefined}
            className={`flex items-center gap-2 rounded-lg px-3 py-1.5 text-sm hover:bg-subtle ${pathname.startsWith(href.slice(0, -1)) ? 'bg-subtle font-medium' : ''}`}
          >
            <Icon />
            {label}
            {href === '/models/' && <ConnectionDot className="ml-auto" />}
          </Link>
        ))}
      </nav>
    </aside>
  );
}
