/**
 * Chromium puts the app's sandboxed frames (the runner and every preview,
 * all opaque origins of the same site) in one renderer process of their
 * own, apart from the app. A preview stuck in a loop therefore freezes that
 * whole process, the runner frame included, and it keeps running after its
 * iframe is removed for as long as any other frame lives in the process.
 * When a preview is closed for hanging (or its process died of memory), it
 * announces it on the app's window; the runner host then lets its frame go,
 * so the process can end and the next run starts in a fresh one.
 */

/** The window event a closed, hung preview dispatches. */
export const SANDBOX_LOST_EVENT = 'codelumi:sandbox-lost';

/** Tells the page's sandboxes that the shared sandbox process hung or died. */
export function announceSandboxLost(win: Window): void {
  win.dispatchEvent(new Event(SANDBOX_LOST_EVENT));
}
