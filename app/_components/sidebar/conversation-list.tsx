'use client';
import { useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { groupByRecency } from '@/lib/chat/recency-groups';
import { SIDEBAR_PAGE } from '@/lib/chat/sidebar-window';
import { useSidebarConversations } from '../../_hooks/use-conversations';
import { ConversationItem } from './conversation-item';

/** The conversations, grouped by recency, pinned first; a page at a time (lib/chat/sidebar-window.ts says why). */
export function ConversationList() {
  const activeId = useSearchParams().get('c') ?? undefined;
  const [shown, setShown] = useState(SIDEBAR_PAGE);
  const page = useSidebarConversations(shown, activeId);
  if (!page) return null;
  const { visible, hidden } = page;
  if (visible.length === 0 && hidden === 0) {
    return (
      <p className="px-3 py-6 text-center text-sm text-muted">
        No conversations yet. Your chats are saved here, on this device.
      </p>
    );
  }
  return (
    <div className="space-y-4">
      {groupByRecency(visible).map((group) => (
        <section key={group.label} aria-label={group.label}>
          <h2 className="px-3 pb-1 text-xs font-medium text-muted">{group.label}</h2>
          <ul className="space-y-0.5">
            {group.conversations.map((c) => (
              <ConversationItem key={c.id} conversation={c} active={c.id === activeId} />
            ))}
          </ul>
        </section>
      ))}
      {hidden > 0 && <ShowMore hidden={hidden} onMore={() => setShown((n) => n + SIDEBAR_PAGE)} />}
    </div>
  );
}

/** "Show more": a button, pressed by itself when the user scrolls down to it. */
function ShowMore({ hidden, onMore }: { hidden: number; onMore: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  const more = useRef(onMore);
  useEffect(() => {
    more.current = onMore;
  });
  useEffect(() => {
    const button = ref.current;
    if (!button || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) more.current();
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, []);
  return (
    <button
      ref={ref}
      type="button"
      onClick={onMore}
      className="w-full rounded-md px-3 py-1.5 text-left text-sm text-muted hover:bg-subtle hover:text-fg"
    >
      Show more conversations ({hidden.toLocaleString('en')} older)
    </button>
  );
}
