/**
 * One attempt to hand a batch to the hub, and what to do after it. The
 * batch's exact bytes go through the one egress gate (`hubFetch`); the
 * answer is sorted into sent, try again later (when), or rejected (the hub
 * will never take these bytes, so the user must look again).
 */
import { CodelumiError } from '../core/errors';
import { hubFetch, type HubAccess } from '../privacy/egress';
import { contributionReceiptSchema, hubErrorSchema, type ContributionReceipt } from '../privacy/hub-api';
import type { HubPurpose } from '../privacy/tiers';

/** The first retry waits this long; each further one twice as long, up to MAX_BACKOFF_MS. */
export const BASE_BACKOFF_MS = 60_000;
export const MAX_BACKOFF_MS = 12 * 3_600_000;
/** A Retry-After longer than this is taken as this (a hub's mistake must not park a batch for months). */
export const MAX_RETRY_AFTER_MS = 7 * 86_400_000;

/** What the hub said, kept on the batch's row and shown to the user. */
export interface SendError {
  status?: number;
  error: string;
  message: string;
  findings?: string[];
}

export type SendOutcome =
  | { kind: 'sent'; receipt: ContributionReceipt | undefined }
  | { kind: 'retry'; at: number; error: SendError }
  | { kind: 'rejected'; error: SendError };

/** A hub that takes the connection but never answers is given up on after this long (and tried again later). */
export const SEND_TIMEOUT_MS = 60_000;

/** Statuses that mean "these bytes will never be accepted": not retried. */
const FINAL = new Set([400, 413, 422]);

/**
 * The wait before retry number `attempt` (1 = the first retry): doubling from
 * BASE_BACKOFF_MS, capped, spread by ±25% (`random` in [0, 1)) so installs
 * that failed together do not all come back at the same second.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const plain = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(plain * (0.75 + 0.5 * random()));
}

/** A Retry-After header (seconds or an HTTP date) as milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

async function readError(response: Response): Promise<SendError> {
  const text = await response.text().catch(() => '');
  let parsed: ReturnType<typeof hubErrorSchema.safeParse> | undefined;
  try {
    parsed = hubErrorSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined; // not JSON: the status and the raw text say what there is to say
  }
  if (parsed?.success) return { status: response.status, ...parsed.data };
  return {
    status: response.status,
    error: `http_${response.status}`,
    message: text.slice(0, 300) || response.statusText || `The hub answered ${response.status}.`,
  };
}

/** The purpose a batch of `tier` is sent for (tier 3 batches carry patterns). */
export function purposeOf(tier: 2 | 3): HubPurpose {
  return tier === 3 ? 'patterns' : 'signals';
}

/**
 * POSTs `body` (the batch's exact bytes) to the hub once. Never throws: no
 * answer, an answer to retry, and a refusal by the egress gate (no request
 * made) all come back as an outcome.
 */
export async function postBatch(
  access: HubAccess,
  tier: 2 | 3,
  body: string,
  attempt: number,
  now: number,
  fetchImpl?: typeof fetch,
  random?: () => number,
): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await hubFetch(
      access,
      purposeOf(tier),
      'v1/contributions',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        // The queue's lock is held meanwhile: a hub that never answers must not stop the queue in every tab.
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      },
      fetchImpl,
    );
  } catch (err) {
    // Refused by the gate (the hub address is not valid, or the tier changed): no request was made; the user sees why.
    if (err instanceof CodelumiError && err.code === 'refused:egress')
      return { kind: 'retry', at: now + backoffMs(attempt, random), error: { error: 'refused', message: err.message } };
    return {
      kind: 'retry',
      at: now + backoffMs(attempt, random),
      error: { error: 'unreachable', message: `The hub at ${access.hubUrl} could not be reached (${String(err)}).` },
    };
  }
  if (response.ok) {
    const json: unknown = await response.json().catch(() => undefined);
    const receipt = contributionReceiptSchema.safeParse(json);
    return { kind: 'sent', receipt: receipt.success ? receipt.data : undefined };
  }
  const error = await readError(response);
  if (FINAL.has(response.status)) return { kind: 'rejected', error };
  const wait =
    response.status === 429
      ? (retryAfterMs(response.headers.get('Retry-After'), now) ?? backoffMs(attempt, random))
      : backoffMs(attempt, random);
  return { kind: 'retry', at: now + wait, error };
}
