/**
 * How much of the conversation list the sidebar renders and reads. A profile
 * with thousands of conversations (an import from another assistant, a
 * restored backup) rendered them all at once, and the one task that did so
 * held the page for most of a second; the sidebar shows a page at a time
 * instead, and reads only that page (sidebarConversations in
 * lib/db/conversations.ts) when a message changes a conversation.
 */

/** Conversations the sidebar shows at first, and adds each time the user asks for more. */
export const SIDEBAR_PAGE = 100;
