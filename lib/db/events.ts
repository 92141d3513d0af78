/**
 * Raw user events (copies, tab hidden, new chat …), kept for the learning
 * engine. Writers get the shape of each kind from `AppEvent` (records.ts);
 * readers check every stored row against the schema of its kind, so a row
 * of an unknown kind or a broken shape is refused by name, never misread.
 */
import * as z from '../core/zod';
import type { CodelumiDB } from './db';
import type { AppEvent, NewAppEvent } from '../core/records';
import { guardWrite } from './guard';

/** Appends one event; returns its sequence number. */
export async function recordEvent(db: CodelumiDB, event: NewAppEvent): Promise<number> {
  return guardWrite(() => db.events.add(event as AppEvent) as Promise<number>);
}

const count = z.count();
const runStatus = z.enum(['ok', 'error', 'timeout']);
const base = { seq: z.optional(z.int()), at: z.number() };
/** Events about one answer (or question) of one conversation. */
const about = { ...base, conversationId: z.string(), messageId: z.string() };

/** The 'run' event's data as lib/runner/record.ts has written it since runs were recorded (schema v3). */
const runEventData = z.object({
  runId: z.string(),
  blockIndex: count,
  language: z.string(),
  status: runStatus,
  passed: count,
  failed: count,
  edited: z.boolean(),
  trigger: z.enum(['user', 'auto', 'fix', 'tests']),
  previousStatus: z.optional(runStatus),
  diff: z.optional(z.string()),
  linesAdded: z.optional(count),
  linesRemoved: z.optional(count),
  errorKind: z.optional(z.string()),
  errorMessage: z.optional(z.string()),
  durationMs: z.number().check(z.nonnegative()),
});

/** One schema per kind of event; a copy stored before it said what was copied has no data (the whole answer). */
const appEventSchema = z.discriminatedUnion('kind', [
  z.object({ ...about, kind: z.literal('message_sent') }),
  z.object({ ...about, kind: z.literal('answer_done') }),
  z.object({
    ...about,
    kind: z.literal('copy'),
    data: z.optional(
      z.object({
        what: z.optional(z.enum(['message', 'code', 'selection'])),
        blockIndex: z.optional(count),
        chars: z.optional(count),
      }),
    ),
  }),
  z.object({ ...about, kind: z.literal('run'), data: runEventData }),
  z.object({ ...base, kind: z.literal('hidden'), conversationId: z.string() }),
  z.object({ ...base, kind: z.literal('new_chat'), conversationId: z.optional(z.string()) }),
]);

// The schema and the type writers use are one contract: either drifting from the other fails the typecheck.
type Parsed = z.output<typeof appEventSchema>;
const sameContract: [
  Parsed extends AppEvent ? true : false,
  AppEvent extends z.input<typeof appEventSchema> ? true : false,
] = [true, true];
void sameContract;

/** A stored row read against its kind's schema: the event, or why it cannot be read. */
export type ReadEvent = { ok: true; event: AppEvent } | { ok: false; seq: number | undefined; reason: string };

/**
 * Reads one stored event row. Never throws: a row of an unknown kind or with
 * a field of the wrong shape comes back as `ok: false` with the reason
 * (which field, what was wrong), for the reader to skip and log.
 */
export function readEvent(row: unknown): ReadEvent {
  const parsed = appEventSchema.safeParse(row);
  if (parsed.success) return { ok: true, event: parsed.data };
  const seq = (row as { seq?: unknown } | null)?.seq;
  const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ');
  return { ok: false, seq: typeof seq === 'number' ? seq : undefined, reason };
}
