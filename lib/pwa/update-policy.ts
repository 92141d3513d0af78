/**
 * When to offer a new version of Codelumi. A new service worker waits until
 * the user says Reload; the offer is held back while an answer streams (a
 * reload would cut it off) and never turns into a reload by itself.
 */

export type UpdatePhase = 'none' | 'held' | 'offered' | 'dismissed' | 'applying';

export interface UpdateFacts {
  /** A new version is installed and waiting (or was activated by another tab). */
  waiting: boolean;
  /** An answer is streaming in this tab. */
  busy: boolean;
  /** The user closed the offer for this page. */
  dismissed: boolean;
  /** The user pressed Reload. */
  applying: boolean;
}

/** What the page shows. Guarantees: 'offered' only when something waits and nothing streams. */
export function updatePhase(facts: UpdateFacts): UpdatePhase {
  if (facts.applying) return 'applying';
  if (!facts.waiting) return 'none';
  if (facts.dismissed) return 'dismissed';
  return facts.busy ? 'held' : 'offered';
}
