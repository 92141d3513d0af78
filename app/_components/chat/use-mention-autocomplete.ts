'use client';
/**
 * The composer's `@file` autocomplete: which mention the caret is in, the
 * project files that match it, the highlighted one, and the keys that move,
 * pick and dismiss. The matching itself is lib/projects/mentions.ts.
 */
import { useCallback, useMemo, useState } from 'react';
import { activeMention, insertMention, suggestPaths, type ActiveMention } from '@/lib/projects/mentions';

const LIMIT = 8;

export interface MentionAutocomplete {
  open: boolean;
  suggestions: string[];
  highlighted: number;
  /** Call with the box's text and caret after every change or caret move. */
  track(text: string, caret: number): void;
  /** Handles a keydown; true when the autocomplete took the key (the caller must not act on it). */
  onKeyDown(e: React.KeyboardEvent<HTMLTextAreaElement>): boolean;
  pick(path: string): void;
  highlight(index: number): void;
  close(): void;
}

export function useMentionAutocomplete(
  paths: readonly string[] | undefined,
  text: string,
  apply: (next: { text: string; caret: number }) => void,
): MentionAutocomplete {
  // One state, so a new mention and its reset highlight change together.
  const [{ mention, highlighted }, setList] = useState<{ mention?: ActiveMention; highlighted: number }>({
    highlighted: 0,
  });
  // Unchanged state is returned as is, so a mouse move over the same option or a blur with no list renders nothing.
  const setHighlighted = useCallback((index: number | ((i: number) => number)) => {
    setList((l) => {
      const next = typeof index === 'function' ? index(l.highlighted) : index;
      return next === l.highlighted ? l : { ...l, highlighted: next };
    });
  }, []);
  const closeList = useCallback(() => setList((l) => (l.mention ? { ...l, mention: undefined } : l)), []);
  // Esc closes the list for the mention at hand; typing on reopens it.
  const [dismissedAt, setDismissedAt] = useState<string | undefined>();

  const suggestions = useMemo(
    () => (mention && paths?.length ? suggestPaths(paths, mention.query, LIMIT) : []),
    [mention, paths],
  );
  const key = mention ? `${mention.start}:${mention.query}` : undefined;
  const open = suggestions.length > 0 && key !== dismissedAt;

  // Select events also come when nothing moved (React synthesizes them from key events): only a new mention resets the highlight.
  // Followed also while the project's files load (or without a project): the list opens once there are files to offer.
  const track = useCallback((value: string, caret: number) => {
    const next = activeMention(value, caret);
    setList((l) => {
      const prev = l.mention;
      if (
        prev === next ||
        (prev && next && prev.start === next.start && prev.end === next.end && prev.query === next.query)
      )
        return l;
      return { mention: next, highlighted: 0 };
    });
  }, []);

  const pick = useCallback(
    (path: string) => {
      if (!mention) return;
      apply(insertMention(text, mention, path));
      closeList();
    },
    [mention, text, apply, closeList],
  );

  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || e.nativeEvent.isComposing) return false;
    const move = (by: number) => setHighlighted((i) => (i + by + suggestions.length) % suggestions.length);
    switch (e.key) {
      case 'ArrowDown':
        move(1);
        break;
      case 'ArrowUp':
        move(-1);
        break;
      case 'Enter':
      case 'Tab':
        if (e.shiftKey && e.key === 'Enter') return false;
        pick(suggestions[Math.min(highlighted, suggestions.length - 1)]);
        break;
      case 'Escape':
        setDismissedAt(key);
        break;
      default:
        return false;
    }
    e.preventDefault();
    // Esc here closes the list; it must not also stop a streaming answer (a window listener).
    e.stopPropagation();
    return true;
  };

  return {
    open,
    suggestions,
    highlighted: Math.min(highlighted, Math.max(0, suggestions.length - 1)),
    track,
    onKeyDown,
    pick,
    highlight: setHighlighted,
    close: closeList,
  };
}
