/**
 * How the service worker tells the app what became of a share: it redirects
 * to the chat with `?share=<id>` (the item waits in the share inbox) or with
 * `?share=<reason>` when nothing could be kept.
 */

/** `refused`: posted by another website, not the share sheet; `too-large`: more than a share may carry. */
export type ShareFailure = 'empty' | 'quota' | 'failed' | 'unavailable' | 'refused' | 'too-large';

export type ShareLink = { kind: 'item'; id: string } | { kind: 'failure'; reason: ShareFailure };

const FAILURES: readonly ShareFailure[] = ['empty', 'quota', 'failed', 'unavailable', 'refused', 'too-large'];

/** The chat address the share target redirects to. */
export function shareRedirectPath(result: ShareLink): string {
  return `/?share=${encodeURIComponent(result.kind === 'item' ? result.id : result.reason)}`;
}

/** Reads the `share` query value; undefined when there is none. Ids are UUIDs, so they never clash with a reason. */
export function parseShareParam(value: string | null | undefined): ShareLink | undefined {
  if (!value) return undefined;
  if ((FAILURES as readonly string[]).includes(value)) return { kind: 'failure', reason: value as ShareFailure };
  return /^[\w-]{8,64}$/.test(value) ? { kind: 'item', id: value } : undefined;
}
