/**
 * How a merge combines a row that is here with the archive's copy of it,
 * where "the later `updatedAt` wins" would lose a choice of the user's:
 *
 * - "Don't learn from this" goes by when it was switched (`noLearnChangedAt`),
 *   not by the row's `updatedAt`, so the latest choice wins on either side.
 *   Where the order cannot be told (the same time, or a conversation switched
 *   off before the time was kept), it stays off: a privacy choice errs on not
 *   learning.
 * - Memories that are the same memory (the same id, or the same `key`: learned
 *   on two devices) become one: hits added up across devices, confidence the
 *   highest, off if the user switched it off anywhere, the user's own words
 *   over learned ones.
 */

import type { Memory } from '../core/records';
import { sourcesOf } from '../memory/sources';

type Row = Record<string, unknown>;

/** The learning choice of a conversation row: whether it is off, and when that was chosen. */
export interface LearningChoice {
  noLearn: boolean;
  at: number | undefined;
}

/**
 * When the choice in `row` was made, for ordering: its time when kept; a
 * conversation off with no time was switched off at some unknown moment
 * (ranks above every known time: off wins); one never switched ranks below all.
 */
function choiceTime(row: Row): number {
  if (typeof row.noLearnChangedAt === 'number') return row.noLearnChangedAt;
  return row.noLearn ? Infinity : -Infinity;
}

/** The "Don't learn from this" choice a merge of `here` and `incoming` keeps: the later one, and off when they cannot be ordered. */
export function mergedLearning(here: Row, incoming: Row): LearningChoice {
  const a = choiceTime(here);
  const b = choiceTime(incoming);
  const time = (row: Row) => (typeof row.noLearnChangedAt === 'number' ? row.noLearnChangedAt : undefined);
  if (a > b) return { noLearn: !!here.noLearn, at: time(here) };
  if (b > a) return { noLearn: !!incoming.noLearn, at: time(incoming) };
  const at = Math.max(time(here) ?? -Infinity, time(incoming) ?? -Infinity);
  return { noLearn: !!here.noLearn || !!incoming.noLearn, at: Number.isFinite(at) ? at : undefined };
}

/** `row` with the learning choice `choice` (fields absent rather than undefined, as the app writes them). */
export function withLearning(row: Row, choice: LearningChoice): Row {
  const { noLearn: _n, noLearnChangedAt: _t, ...rest } = row;
  void _n;
  void _t;
  return {
    ...rest,
    ...(choice.noLearn ? { noLearn: true } : {}),
    ...(choice.at !== undefined ? { noLearnChangedAt: choice.at } : {}),
  };
}

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** Where a memory came from, one entry per message (f-memsrc's `sources`); kept generic: any objects. */
function sourceKey(entry: unknown): string {
  const e = (entry ?? {}) as Row;
  return `${String(e.conversationId)}|${String(e.messageId)}`;
}

/** The hits a memory row holds from copies combined into it before, by copy id. */
function mergedHitsOf(row: Row): Record<string, number> {
  const m = row.mergedHits;
  if (!m || typeof m !== 'object') return {};
  return Object.fromEntries(
    Object.entries(m as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}

/**
 * One memory from copies of the same memory (`rows` not empty): the id of the
 * first one learned (so merging either way round gives the same row); hits
 * added up across ids (copies with the same id are one history: the most),
 * each copy's counted once however often merged (`mergedHits`);
 * the highest confidence; off when any copy is off (the user's no); the text
 * of the newest copy the user wrote or edited, else of the newest; the rest
 * (evidence, topic) from the newest; `sources`, when any copy has them,
 * every copy's (one from before they were kept counts its own link as one)
 * joined without repeats (by conversation and message), the newest copy's last.
 */
export function combineMemories(rows: readonly Row[]): Row {
  const newestFirst = [...rows].sort((a, b) => num(b.updatedAt, 0) - num(a.updatedAt, 0));
  const newest = newestFirst[0];
  const first = [...rows].sort(
    (a, b) => num(a.createdAt, 0) - num(b.createdAt, 0) || String(a.id).localeCompare(String(b.id)),
  )[0];
  const words = newestFirst.find((r) => r.source === 'user') ?? newest;
  // Each copy's own hits, at most once: a copy combined before is in `mergedHits`, and the rest are the row's own.
  const hitsById = new Map<string, number>();
  const count = (id: string, hits: number) => hitsById.set(id, Math.max(hitsById.get(id) ?? 0, hits));
  for (const r of rows) {
    const merged = mergedHitsOf(r);
    count(String(r.id), num(r.hits, 1) - Object.values(merged).reduce((a, b) => a + b, 0));
    for (const [id, hits] of Object.entries(merged)) count(id, hits);
  }
  const others = Object.fromEntries([...hitsById].filter(([id]) => id !== String(first.id)));
  const combined: Row = {
    ...newest,
    id: first.id,
    text: words.text,
    source: words.source,
    key: rows.find((r) => typeof r.key === 'string')?.key ?? newest.key,
    confidence: Math.max(...rows.map((r) => num(r.confidence, 0))),
    enabled: rows.some((r) => r.enabled === 0) ? 0 : 1,
    hits: [...hitsById.values()].reduce((a, b) => a + b, 0),
    createdAt: Math.min(...rows.map((r) => num(r.createdAt, Infinity))),
    updatedAt: Math.max(...rows.map((r) => num(r.updatedAt, -Infinity))),
  };
  if (combined.key === undefined) delete combined.key;
  if (Object.keys(others).length) combined.mergedHits = others;
  else delete combined.mergedHits;
  if (rows.some((r) => Array.isArray(r.sources))) {
    const seen = new Map<string, unknown>();
    // Every copy's sources, a copy from before they were kept read as its own one (`sourcesOf`): otherwise the
    // words it brings would have no source, and forgetting their conversation would leave them. Oldest copy
    // first, and a repeat moved to where the newer copy has it, so the newest copy's sources come last and
    // the row's link and evidence (the newest's) stay its latest source's.
    for (const r of [...newestFirst].reverse())
      for (const entry of sourcesOf(r as unknown as Memory)) {
        seen.delete(sourceKey(entry));
        seen.set(sourceKey(entry), entry);
      }
    combined.sources = [...seen.values()];
  }
  return combined;
}

/** True when two rows hold the same fields with the same values (field order aside). */
export function sameRow(a: Row, b: Row): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return false;
  return true;
}
