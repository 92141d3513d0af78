'use client';
/**
 * The thread, newest at the bottom. Long conversations render their last
 * messages first and reveal earlier ones as the user scrolls up, so opening
 * a thousand-message conversation costs about as much as a short one. The
 * view follows a streaming answer while the user stays at the bottom.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ThreadEntry } from '@/lib/db/thread';
import { AssistantMessage } from './assistant-message';
import { UserMessage } from './user-message';
import { ChevronDownIcon } from '../icons';

/** Messages rendered when a conversation opens; more follow as the user scrolls up. */
const FIRST_PAGE = 12;
const PAGE = 30;
const NEAR_BOTTOM_PX = 80;

/** Whether the view is at (or within NEAR_BOTTOM_PX of) the end of the thread. */
function isNearBottom(el: HTMLElement): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
}
/** How long a message found by search is kept centered while the thread around it settles. */
const SETTLE_MS = 3000;

/**
 * Centers `node` in its scroller. Messages never rendered yet have a guessed
 * height (content-visibility), and answers above it may still be rendering
 * their markdown, so the first scroll can land off target once the messages
 * around it get their real size: it re-centers whenever the node moves, for
 * SETTLE_MS or until the user scrolls, types or clicks.
 */
function centerInView(node: HTMLElement): () => void {
  let frame = 0;
  let placedAt = 0;
  const until = performance.now() + SETTLE_MS;
  const place = () => {
    node.scrollIntoView({ block: 'center' });
    placedAt = node.getBoundingClientRect().top;
  };
  const USER_INPUT = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;
  const stop = () => {
    cancelAnimationFrame(frame);
    for (const type of USER_INPUT) window.removeEventListener(type, stop);
  };
  const check = () => {
    if (Math.abs(node.getBoundingClientRect().top - placedAt) >= 1) place();
    if (performance.now() < until) frame = requestAnimationFrame(check);
    else stop();
  };
  for (const type of USER_INPUT) window.addEventListener(type, stop, { passive: true });
  place();
  frame = requestAnimationFrame(check);
  return stop;
}

export function MessageList({
  conversationId,
  thread,
  focusMessageId,
}: {
  conversationId: string;
  thread: ThreadEntry[];
  focusMessageId?: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(FIRST_PAGE);
  const [atBottom, setAtBottom] = useState(true);
  const stick = useRef(true);
  const lastScrollTop = useRef(0);
  const lastScrollHeight = useRef(0);
  // Set by the reader's own input (wheel, touch, keys, the scrollbar); only then may an upward scroll leave the bottom.
  const readerScrolling = useRef(false);

  // A new conversation (or message asked for) starts at its end. The state is
  // reset while rendering (in an effect it would cost a second render);
  // the ref, which rendering must not touch, in a layout effect.
  const [shownFor, setShownFor] = useState({ conversationId, focusMessageId, revealed: false });
  const focusIndex = focusMessageId ? thread.findIndex((e) => e.message.id === focusMessageId) : -1;
  if (shownFor.conversationId !== conversationId || shownFor.focusMessageId !== focusMessageId) {
    setShownFor({ conversationId, focusMessageId, revealed: false });
    setVisible(FIRST_PAGE);
    setAtBottom(true);
  } else if (focusIndex !== -1 && !shownFor.revealed) {
    // A message found by search is revealed once, with a few before it for context.
    setShownFor({ ...shownFor, revealed: true });
    const needed = thread.length - focusIndex;
    if (needed > visible) setVisible(needed + 5);
  }
  useLayoutEffect(() => {
    stick.current = !focusMessageId;
  }, [conversationId, focusMessageId]);

  const scrollToBottom = useCallback((smooth = false) => {
    const el = scroller.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: smooth ? 'smooth' : 'auto' });
  }, []);

  // Follow growth (new messages, streaming text) while stuck to the bottom.
  useEffect(() => {
    const el = content.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (stick.current) scrollToBottom();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [scrollToBottom]);

  useLayoutEffect(() => {
    if (stick.current) scrollToBottom();
  }, [thread.length, conversationId, scrollToBottom]);

  // Reveal earlier messages when the top comes into view.
  const hidden = Math.max(0, thread.length - visible);
  useEffect(() => {
    const target = topSentinel.current;
    if (!target || hidden === 0) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setVisible((v) => v + PAGE);
      },
      { root: scroller.current, rootMargin: '600px 0px 0px 0px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [hidden]);

  // Jump to a message found by search (revealed above): scroll to it, mark it briefly.
  // Once per message: revealing earlier messages or a new one arriving must not pull the view back to it.
  const focused = useRef<{ id: string; release: () => void } | undefined>(undefined);
  useEffect(() => () => focused.current?.release(), []);
  useEffect(() => {
    if (focused.current && focused.current.id !== focusMessageId) {
      focused.current.release();
      focused.current = undefined;
    }
    if (!focusMessageId || focused.current) return;
    // Not rendered while the thread still loads; a new `thread` or `visible` looks again.
    const node = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${focusMessageId}"]`);
    if (!node) return;
    const stopCentering = centerInView(node);
    node.classList.add('ring-2', 'ring-accent', 'rounded-xl');
    // The mark stays until the user does something (or a while passes), so it is seen even on a slow machine.
    const unmark = () => node.classList.remove('ring-2', 'ring-accent', 'rounded-xl');
    const stopListening = () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', unmarkNow);
      window.removeEventListener('keydown', unmarkNow);
    };
    const unmarkNow = () => {
      stopListening();
      unmark();
    };
    window.addEventListener('pointerdown', unmarkNow);
    window.addEventListener('keydown', unmarkNow);
    const timer = setTimeout(unmarkNow, 8000);
    focused.current = {
      id: focusMessageId,
      release: () => {
        stopCentering();
        unmarkNow();
      },
    };
  }, [focusMessageId, thread, visible]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const near = isNearBottom(el);
    // Only the reader scrolling up leaves the bottom. Layout moves the view too: code blocks
    // highlighted after the first paint change height, earlier messages revealed above shift
    // it (scroll anchoring), and on a slow machine such a scroll event can come with the view
    // above where it was and short of the bottom before the growth below is followed.
    // Following must not stop then. An upward scroll while the content kept its height is no
    // layout's doing: the browser bringing a focused control or a found word into view, or
    // another script scrolling for the reader. That leaves the bottom too.
    const up = el.scrollTop < lastScrollTop.current;
    const sameLayout = el.scrollHeight === lastScrollHeight.current;
    if (near) {
      stick.current = true;
      readerScrolling.current = false;
    } else if (up && (readerScrolling.current || sameLayout)) stick.current = false;
    lastScrollTop.current = el.scrollTop;
    lastScrollHeight.current = el.scrollHeight;
    if (near !== atBottom) setAtBottom(near);
  };
  const readerScrolls = () => void (readerScrolling.current = true);
  const onWheel = (e: React.WheelEvent) => {
    if (e.deltaY < 0) readerScrolls();
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (['ArrowUp', 'PageUp', 'Home'].includes(e.key) || (e.key === ' ' && e.shiftKey)) readerScrolls();
  };
  // A press on the scroller itself (not on a message) is its scrollbar. A press on a message
  // away from the bottom is the reader at work up there: what it opens (a preview, a run's
  // output) must not be scrolled away from them by an answer growing below.
  const onPointerDown = (e: React.PointerEvent) => {
    if (e.target === e.currentTarget) readerScrolls();
    else if (scroller.current && !isNearBottom(scroller.current)) stick.current = false;
  };

  const shown = hidden > 0 ? thread.slice(hidden) : thread;
  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        onScroll={onScroll}
        onWheel={onWheel}
        onTouchMove={readerScrolls}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        className="h-full overflow-y-auto [overflow-anchor:auto]"
        data-testid="message-scroller"
        tabIndex={-1}
      >
        <div
          ref={content}
          className="mx-auto w-full max-w-3xl px-4 pb-6 pt-2"
          role="log"
          aria-label="Conversation"
          aria-live="off"
        >
          {hidden > 0 && (
            <div ref={topSentinel} className="py-3 text-center">
              <button
                type="button"
                className="text-sm text-muted hover:text-fg"
                onClick={() => setVisible((v) => v + PAGE)}
              >
                Show {Math.min(PAGE, hidden)} earlier messages ({hidden} more)
              </button>
            </div>
          )}
          {shown.map((entry) =>
            entry.message.role === 'user' ? (
              <UserMessage key={entry.message.id} entry={entry} />
            ) : (
              <AssistantMessage key={entry.message.id} entry={entry} />
            ),
          )}
        </div>
      </div>
      {!atBottom && (
        <button
          type="button"
          onClick={() => {
            stick.current = true;
            setAtBottom(true);
            scrollToBottom(true);
          }}
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full border border-border bg-bg p-2 shadow-md hover:bg-subtle"
          aria-label="Jump to the latest message"
        >
          <ChevronDownIcon />
        </button>
      )}
    </div>
  );
}
