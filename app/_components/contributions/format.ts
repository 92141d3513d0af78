/** Dates and sizes as the Contributions page shows them. */

/** "6 Dec 2026, 14:05" in the user's locale. */
export function formatWhen(t: number): string {
  return new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The UTF-8 size of `text`: "1,234 bytes". */
export function formatBytes(text: string): string {
  const n = new TextEncoder().encode(text).length;
  return `${n.toLocaleString('en')} ${n === 1 ? 'byte' : 'bytes'}`;
}
