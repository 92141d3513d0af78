/**
 * The Codelumi Hub's wire format, version 1: what an install sends
 * (`POST /v1/contributions`) and what it receives (`GET /v1/pack`). The
 * client builds its batches against these schemas and the hub (hub/)
 * validates every request with them, so the two cannot drift apart.
 *
 * Nothing in a batch is free text from the user: question kinds and answer
 * styles are the coarse keys of lib/patterns ("react/debug",
 * "short|code-first|no-steps|no-tests"), signals are the ten kinds, and a
 * pattern's description is generated from those keys.
 */
import type { SignalKind } from '../core/records';
import * as z from '../core/zod';

export const HUB_API_VERSION = 1;

/** Largest batch body the hub accepts, in bytes (413 above it). */
export const MAX_BATCH_BYTES = 64 * 1024;
export const MAX_SIGNAL_ROWS = 500;
export const MAX_PATTERN_ROWS = 200;
/** Longest generated pattern description. */
export const MAX_DESCRIPTION_CHARS = 200;

const SIGNAL_KIND_SET: Record<SignalKind, true> = {
  code_ran_ok: true,
  code_copied: true,
  thanks: true,
  no_followup: true,
  tests_passed: true,
  repeated_question: true,
  said_wrong: true,
  code_error: true,
  user_corrected: true,
  left_immediately: true,
};
export const WIRE_SIGNAL_KINDS = Object.keys(SIGNAL_KIND_SET) as [SignalKind, ...SignalKind[]];

/** A question kind key: topic/intent (lib/patterns/classify.ts `kindKey`). */
export const questionKindSchema = z.string().check(z.regex(/^[a-z]{1,20}\/[a-z_]{1,20}$/));
/** An answer style key (lib/patterns/classify.ts `styleKey`). */
export const answerStyleSchema = z
  .string()
  .check(z.regex(/^(?:short|medium|long)\|(?:code|prose)-first\|(?:no-)?steps\|(?:no-)?tests$/));
/** An ISO week, "2026-W49": signal statistics are counted per week. */
export const isoWeekSchema = z.string().check(z.regex(/^\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3])$/));
/** The install's key: "ck_" and 43 base64url characters (32 random bytes made on the device). */
export const installKeySchema = z.string().check(z.regex(/^ck_[A-Za-z0-9_-]{43}$/));

const tally = () => z.wholeNumber(0, 100_000);

/** How often one signal was seen after answers to one kind of question in one week (tier 2 and 3). */
export const signalCountSchema = z.object({
  week: isoWeekSchema,
  questionKind: questionKindSchema,
  signal: z.enum(WIRE_SIGNAL_KINDS),
  count: z.wholeNumber(1, 100_000),
});
export type SignalCount = z.infer<typeof signalCountSchema>;

/** One question kind → answer style pattern with its outcome counts (tier 3 only). */
export const patternContributionSchema = z.object({
  questionKind: questionKindSchema,
  answerStyle: answerStyleSchema,
  successes: tally(),
  failures: tally(),
  /** Generated from the two keys, never from the user's words ("React debugging: short answers, code first"). */
  description: z.string().check(z.minLength(1), z.maxLength(MAX_DESCRIPTION_CHARS)),
});
export type PatternContribution = z.infer<typeof patternContributionSchema>;

/** One batch an install sends. Sending the same `batchId` again changes nothing (idempotent). */
export const contributionBatchSchema = z
  .object({
    v: z.literal(HUB_API_VERSION),
    batchId: z.uuid(),
    installKey: installKeySchema,
    tier: z.union([z.literal(2), z.literal(3)]),
    createdAt: z.iso.datetime(),
    signals: z.array(signalCountSchema).check(z.maxLength(MAX_SIGNAL_ROWS)),
    patterns: z.array(patternContributionSchema).check(z.maxLength(MAX_PATTERN_ROWS)),
  })
  .check(
    z.refine((b) => b.signals.length + b.patterns.length > 0, { message: 'A batch must hold something' }),
    z.refine((b) => b.tier === 3 || b.patterns.length === 0, { message: 'Patterns are shared only at tier 3' }),
  );
export type ContributionBatch = z.infer<typeof contributionBatchSchema>;

/** The hub's answer to a batch it stored (201) or had already stored (200). */
export const contributionReceiptSchema = z.object({
  batchId: z.uuid(),
  accepted: z.object({ signals: z.count(), patterns: z.count() }),
  duplicate: z.boolean(),
});
export type ContributionReceipt = z.infer<typeof contributionReceiptSchema>;

/** One answer style of a question kind in the community pack, with noised evidence. */
export const packStyleSchema = z.object({
  answerStyle: answerStyleSchema,
  /** Distinct installs that reported it (at least the pack's k), noised. */
  installs: z.count(),
  /** Outcome counts summed over installs, with Laplace noise (epsilon below), rounded, never negative. */
  successes: z.count(),
  failures: z.count(),
  description: z.string().check(z.maxLength(MAX_DESCRIPTION_CHARS)),
});
export type PackStyle = z.infer<typeof packStyleSchema>;

/** The community pack: per question kind, which answer styles work across installs. */
export const communityPackSchema = z.object({
  v: z.literal(HUB_API_VERSION),
  /** Increases with every pack the hub publishes. */
  version: z.wholeNumber(1, Number.MAX_SAFE_INTEGER),
  publishedAt: z.iso.datetime(),
  /** Distinct installs a pattern needs before it is published. */
  k: z.wholeNumber(1, 1_000_000),
  /** The differential-privacy budget of the noised counts. */
  epsilon: z.number().check(z.positive()),
  kinds: z.array(
    z.object({
      questionKind: questionKindSchema,
      styles: z.array(packStyleSchema),
    }),
  ),
});
export type CommunityPack = z.infer<typeof communityPackSchema>;

/** The hub's error body, for every 4xx and 5xx. */
export const hubErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  /** For 422: the kinds of secret or personal data found (never the data). */
  findings: z.optional(z.array(z.string())),
});
export type HubError = z.infer<typeof hubErrorSchema>;
