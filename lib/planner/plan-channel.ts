/**
 * Controls between tabs: the tab that holds a plan's lock (plan-lock.ts)
 * serves the plan's BroadcastChannel `codelumi:plan:<id>`; another tab's
 * skip, retry, edit, accept, reject, pause or stop is sent there and applied
 * by the executor that runs the plan, so it is neither overwritten by that
 * executor nor a label change that stops nothing. A control nobody answers
 * settles too: `busy:plan` ("running in another tab"), never a silent no-op.
 * A deleted plan is announced on the same channel; its executor stops.
 */
import { CodelumiError, isCodelumiError, type ErrorCode } from '../core/errors';

/** The controls another tab may send. */
export type RemoteOp = 'pause' | 'stop' | 'skip' | 'retry' | 'editFile' | 'accept' | 'reject';

/** The part of BroadcastChannel used here (injected in tests; the browser's otherwise). */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** Opens the channel called `name`, or undefined where there is none (one tab assumed). */
export type OpenChannel = (name: string) => ChannelLike | undefined;

/** The browser's BroadcastChannel when it exists. */
export const browserChannel: OpenChannel = (name) =>
  typeof BroadcastChannel === 'function' ? (new BroadcastChannel(name) as ChannelLike) : undefined;

/** The name of plan `planId`'s channel. */
export const planChannelName = (planId: string) => `codelumi:plan:${planId}`;

type Message =
  | { type: 'control'; id: string; op: RemoteOp; args: unknown[] }
  | { type: 'ack'; id: string }
  | { type: 'done'; id: string; error?: { code: string; message: string } }
  | { type: 'deleted' };

const isMessage = (data: unknown): data is Message =>
  typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';

/**
 * Serves plan `planId`'s controls from other tabs with `apply` (acknowledged
 * at once, answered when applied or refused), and calls `onDeleted` when a
 * tab announces the plan deleted. Returns the function that stops serving.
 */
export function serveControls(
  open: OpenChannel,
  planId: string,
  apply: (op: RemoteOp, args: unknown[]) => Promise<void>,
  onDeleted: () => void,
): () => void {
  const channel = open(planChannelName(planId));
  if (!channel) return () => undefined;
  // Controls being applied: their answers are sent even after serving stopped (a control that halts the loop
  // ends the serving first), and the channel closes after the last one.
  let pending = 0;
  let closing = false;
  const answer = (message: Message) => {
    pending--;
    try {
      channel.postMessage(message);
    } finally {
      if (closing && pending === 0) channel.close();
    }
  };
  const listener = (event: MessageEvent) => {
    const m: unknown = event.data;
    if (!isMessage(m) || closing) return;
    if (m.type === 'deleted') onDeleted();
    if (m.type !== 'control') return;
    pending++;
    channel.postMessage({ type: 'ack', id: m.id });
    apply(m.op, Array.isArray(m.args) ? m.args : []).then(
      () => answer({ type: 'done', id: m.id }),
      (err: unknown) =>
        answer({
          type: 'done',
          id: m.id,
          error: {
            code: isCodelumiError(err) ? err.code : 'unknown',
            message: err instanceof Error ? err.message : String(err),
          },
        }),
    );
  };
  channel.addEventListener('message', listener);
  return () => {
    closing = true;
    channel.removeEventListener('message', listener);
    if (pending === 0) channel.close();
  };
}

/** What became of a control sent to another tab: applied there, or no tab answered within the wait. */
export type SendResult = 'applied' | 'unanswered';

/**
 * Sends a control to the tab serving plan `planId`. Resolves `applied` once
 * that tab applied it, rejects with its error when it refused it, and
 * resolves `unanswered` when no tab acknowledged it within `ackMs` (nobody
 * serves: the caller decides) or there is no channel.
 */
export function sendControl(
  open: OpenChannel,
  planId: string,
  op: RemoteOp,
  args: unknown[],
  ackMs = 2000,
): Promise<SendResult> {
  const channel = open(planChannelName(planId));
  if (!channel) return Promise.resolve('unanswered');
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return new Promise<SendResult>((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer);
      channel.removeEventListener('message', listener);
      channel.close();
    };
    const timer = setTimeout(() => {
      finish();
      resolve('unanswered');
    }, ackMs);
    const listener = (event: MessageEvent) => {
      const m: unknown = event.data;
      if (!isMessage(m) || !('id' in m) || m.id !== id) return;
      if (m.type === 'ack') clearTimeout(timer);
      if (m.type !== 'done') return;
      finish();
      if (m.error) reject(new CodelumiError(m.error.code as ErrorCode, m.error.message));
      else resolve('applied');
    };
    channel.addEventListener('message', listener);
    channel.postMessage({ type: 'control', id, op, args });
  });
}

/** Tells every tab plan `planId` was deleted: an executor running it stops (its late writes fail anyway). */
export function announceDeleted(open: OpenChannel, planId: string): void {
  const channel = open(planChannelName(planId));
  if (!channel) return;
  channel.postMessage({ type: 'deleted' });
  channel.close();
}
