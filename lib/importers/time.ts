/**
 * Times in other assistants' exports come as Unix seconds (ChatGPT, Open
 * WebUI, with fractions or not), milliseconds (LobeChat) or ISO strings.
 */

/** A source time in milliseconds, or undefined when it is not a usable time. */
export function toMillis(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const n = Number(value);
    if (value.trim() && Number.isFinite(n)) return toMillis(n);
    const parsed = Date.parse(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  // Seconds until the year 5138; milliseconds since 1973: the two never overlap for real dates.
  return Math.round(value < 1e11 ? value * 1000 : value);
}
