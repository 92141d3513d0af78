/** Words for data shown from the last time it was seen (the Models page while Ollama is unreachable). */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "just now", "5 minutes ago", "yesterday" … for a moment `ms` before now. */
export function formatAge(ms: number): string {
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (ms >= size) return format.format(-Math.floor(ms / size), unit);
  }
  return 'just now';
}

/** The label of a last known list: when it was seen, and why it is not fresh. */
export function lastKnownLabel(savedAt: number | undefined, reachable: boolean, now = Date.now()): string {
  const seen = savedAt === undefined ? '' : `, seen ${formatAge(Math.max(0, now - savedAt))}`;
  return `Last known list${seen}. ${reachable ? 'Refreshing…' : 'Ollama is not reachable.'}`;
}
