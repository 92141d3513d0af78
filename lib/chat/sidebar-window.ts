/**
 * How much of the conversation list the sidebar renders. A profile with
 * thousands of conversations (an import from another assistant, a restored
 * backup) rendered them all at once, and the one task that did so held the
 * page for most of a second; the sidebar shows a page at a time instead.
 */
import type { Conversation } from '../core/records';

/** Conversations the sidebar shows at first, and adds each time the user asks for more. */
export const SIDEBAR_PAGE = 100;

/**
 * The first `shown` conversations of `list` (already in sidebar order), and
 * the active one wherever it is, so an open conversation is always in the
 * list; `hidden` counts the rest.
 */
export function sidebarWindow(
  list: readonly Conversation[],
  shown: number,
  activeId?: string,
): { visible: Conversation[]; hidden: number } {
  if (list.length <= shown) return { visible: [...list], hidden: 0 };
  const visible = list.slice(0, shown);
  const active = activeId ? list.findIndex((c) => c.id === activeId) : -1;
  if (active >= shown) visible.push(list[active]);
  return { visible, hidden: list.length - visible.length };
}
