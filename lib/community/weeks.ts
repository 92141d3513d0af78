/**
 * ISO weeks ("2026-W49"), the unit signal statistics are counted in. Weeks
 * are taken in UTC, so a batch says nothing about the user's time zone.
 */

/** The ISO 8601 week of the instant `t` (ms since the epoch), in UTC. */
export function isoWeek(t: number): string {
  const d = new Date(t);
  const day = d.getUTCDay() || 7;
  // The week belongs to the year of its Thursday.
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 4 - day);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
