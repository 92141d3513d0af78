/** The app's keyboard shortcuts, in one place for handlers and for the help text. */
export type ShortcutName = 'newChat' | 'search';

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** True when the key event is the shortcut (Ctrl+Shift+O new chat, Ctrl+K search; ⌘ on macOS). */
export function isShortcut(e: KeyboardEvent, name: ShortcutName): boolean {
  const mod = isMac() ? e.metaKey : e.ctrlKey;
  if (!mod || e.altKey) return false;
  if (name === 'newChat') return e.shiftKey && e.key.toLowerCase() === 'o';
  return !e.shiftKey && e.key.toLowerCase() === 'k';
}

/** How a shortcut is written for this platform. */
export function shortcutLabel(name: ShortcutName): string {
  const mod = isMac() ? '⌘' : 'Ctrl+';
  return name === 'newChat' ? `${mod}${isMac() ? '⇧' : 'Shift+'}O` : `${mod}K`;
}
