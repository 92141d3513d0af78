/**
 * Plays one Reply out as Ollama does: NDJSON chunks paced by tokens per second,
 * thinking before content, the final done:true chunk with metrics, or one JSON
 * object for stream:false; plus the faults a Reply can ask for.
 */
import {
  JSON_UTF8,
  drained,
  rfc3339Nano,
  sendError,
  sendJson,
  sleep,
  startStream,
  writeLine,
  type RequestContext,
} from './http';
import { tokenIds, tokenize } from './tokens';
import type { Reply } from './types';

/** Ollama's usual text when a model runner dies. */
export const DEFAULT_FAULT_MESSAGE =
  'model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details';

/** One reply to play out, with what the request asked for. */
export interface StreamJob {
  ctx: RequestContext;
  endpoint: 'chat' | 'generate';
  /** The model name as the request spelled it (Ollama echoes it back). */
  model: string;
  stream: boolean;
  reply: Reply;
  /** Whether thinking is on for this request (reply.thinking is dropped otherwise). */
  thinking: boolean;
  promptEvalCount: number;
  /** Generate only: the prompt text for `context`; undefined leaves `context` out (raw mode, chat). */
  contextPrompt?: string;
  /** process.hrtime.bigint() when the request arrived. */
  startedAt: bigint;
  /** Whether the model was already loaded (a cold model reports a longer load_duration). */
  wasLoaded: boolean;
  /** The request's options.num_predict: at most this many tokens, then done_reason "length". */
  numPredict?: number;
}

/** Writes `bytes` bytes with no newline, in 64 KB pieces, waiting for the socket to drain between them. */
async function writeUnterminated(res: StreamJob['ctx']['res'], bytes: number, signal: AbortSignal): Promise<void> {
  const piece = 'x'.repeat(64 * 1024);
  for (let left = bytes; left > 0 && !signal.aborted && !res.destroyed; left -= piece.length) {
    if (!res.write(left >= piece.length ? piece : piece.slice(0, left))) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        res.once('drain', done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }
}

/** Simulated load times reported in load_duration (ns), on top of firstTokenDelayMs. */
const COLD_LOAD_NS = 12_000_000;
const WARM_LOAD_NS = 61_000;

interface Piece {
  kind: 'thinking' | 'content';
  text: string;
}

const ns = (from: bigint) => Math.max(1, Number(process.hrtime.bigint() - from));

function toolCallsOf(job: StreamJob) {
  return (job.reply.toolCalls ?? []).map((c, index) => ({
    id: `call_${(index + 1).toString(36).padStart(8, '0')}`,
    function: { index, name: c.function.name, arguments: c.function.arguments },
  }));
}

/** One non-final chunk in the endpoint's shape. */
function chunkOf(job: StreamJob, piece: Piece): object {
  const thinking = piece.kind === 'thinking' ? { thinking: piece.text } : {};
  const content = piece.kind === 'content' ? piece.text : '';
  const created_at = rfc3339Nano();
  if (job.endpoint === 'chat')
    return { model: job.model, created_at, message: { role: 'assistant', content, ...thinking }, done: false };
  return { model: job.model, created_at, response: content, ...thinking, done: false };
}

function toolChunkOf(job: StreamJob, calls: object[]): object {
  const created_at = rfc3339Nano();
  if (job.endpoint === 'chat')
    return {
      model: job.model,
      created_at,
      message: { role: 'assistant', content: '', tool_calls: calls },
      done: false,
    };
  return { model: job.model, created_at, response: '', tool_calls: calls, done: false };
}

/** The done:true object; `joined` carries the whole text for stream:false. */
function finalOf(
  job: StreamJob,
  m: { loadNs: number; evalCount: number; evalNs: number; doneReason?: 'length' },
  joined?: { content: string; thinking: string; calls: object[] },
) {
  const load_duration = Math.round(m.loadNs) + (job.wasLoaded ? WARM_LOAD_NS : COLD_LOAD_NS);
  const prompt_eval_duration = job.promptEvalCount * 48_000;
  const eval_duration = Math.max(1, Math.round(m.evalNs));
  const metrics = {
    total_duration: Math.max(ns(job.startedAt), load_duration + prompt_eval_duration + eval_duration),
    load_duration,
    prompt_eval_count: job.promptEvalCount,
    prompt_eval_duration,
    eval_count: m.evalCount,
    eval_duration,
  };
  const done_reason = m.doneReason ?? job.reply.doneReason ?? 'stop';
  const thinking = joined?.thinking ? { thinking: joined.thinking } : {};
  const tool_calls = joined?.calls.length ? { tool_calls: joined.calls } : {};
  const created_at = rfc3339Nano();
  if (job.endpoint === 'chat') {
    return {
      model: job.model,
      created_at,
      message: { role: 'assistant', content: joined?.content ?? '', ...thinking, ...tool_calls },
      done_reason,
      done: true,
      ...metrics,
    };
  }
  const context = job.contextPrompt !== undefined ? { context: tokenIds(job.contextPrompt + job.reply.content) } : {};
  return {
    model: job.model,
    created_at,
    response: joined?.content ?? '',
    ...thinking,
    ...tool_calls,
    done: true,
    done_reason,
    ...context,
    ...metrics,
  };
}

/**
 * Answers the request with the reply. Resolves true when a done:true answer was sent,
 * false on a fault or when the client went away (then nothing more is written and no timer is left).
 */
export async function streamReply(job: StreamJob): Promise<boolean> {
  const { ctx, reply } = job;
  const { res, signal } = ctx;
  const fault = reply.fault;

  if (fault?.kind === 'hang') {
    startStream(res, job.stream ? undefined : JSON_UTF8);
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    return false;
  }

  const loadStart = process.hrtime.bigint();
  if (reply.firstTokenDelayMs && !(await sleep(reply.firstTokenDelayMs, signal))) return false;
  const loadNs = reply.firstTokenDelayMs ? ns(loadStart) : 0;

  if (fault?.kind === 'error-before-output') {
    sendError(res, fault.status ?? 500, fault.message ?? DEFAULT_FAULT_MESSAGE);
    return false;
  }

  const pieces: Piece[] = [
    ...(job.thinking && reply.thinking
      ? tokenize(reply.thinking).map((text) => ({ kind: 'thinking' as const, text }))
      : []),
    ...tokenize(reply.content).map((text) => ({ kind: 'content' as const, text })),
  ];
  // An endless reply plays its pieces again and again; num_predict cuts any reply as Ollama does (done_reason "length").
  const available = fault?.kind === 'endless' && pieces.length > 0 ? Infinity : pieces.length;
  const limit = job.numPredict !== undefined && job.numPredict > 0 ? job.numPredict : Infinity;
  const count = Math.min(available, limit);
  const pieceAt = (i: number) => pieces[i % pieces.length];
  // A reply without its own rate follows the server's as it changes (setTokensPerSecond): a test can stream
  // slowly until it has seen what it waits for, then let the rest of the answer come at once.
  const interval = () => {
    const tps = reply.tokensPerSecond ?? ctx.state.tokensPerSecond;
    return tps > 0 && Number.isFinite(tps) ? 1000 / tps : 0;
  };
  const midFault = fault && 'afterTokens' in fault ? fault : undefined;
  const evalStart = process.hrtime.bigint();
  let due = performance.now();
  if (job.stream) startStream(res);

  for (let i = 0; i <= count; i++) {
    if (signal.aborted) return false;
    if (midFault && i === Math.max(0, midFault.afterTokens)) {
      if (midFault.kind === 'raw-lines') {
        if (job.stream) for (const line of midFault.lines) res.write(`${line}\n`);
      } else {
        if (midFault.kind === 'error-mid-stream') {
          const message = midFault.message ?? DEFAULT_FAULT_MESSAGE;
          if (job.stream) {
            writeLine(res, { error: message });
            res.end();
          } else sendError(res, 500, message);
        } else if (midFault.kind === 'cut-mid-stream') {
          if (job.stream) await drained(res);
          res.destroy();
        } else {
          if (midFault.kind === 'unterminated-line') await writeUnterminated(res, midFault.bytes, signal);
          // Silent from here on: the connection stays open until the client gives up.
          if (!signal.aborted)
            await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        }
        return false;
      }
    }
    if (i === count) break;
    if (i > 0) due += interval();
    const wait = due - performance.now();
    if (wait > 0.5) {
      if (!(await sleep(wait, signal))) return false;
    } else if (i % 32 === 31) {
      await new Promise((r) => setImmediate(r));
    }
    const piece = pieceAt(i);
    if (job.stream) writeLine(res, chunkOf(job, piece));
    reply.onChunk?.({ index: i, kind: piece.kind, text: piece.text, at: Date.now() });
  }

  const calls = toolCallsOf(job);
  const played = Array.from({ length: count }, (_, i) => pieceAt(i));
  const metrics = {
    loadNs,
    evalCount: count,
    evalNs: ns(evalStart),
    doneReason: count < available ? ('length' as const) : undefined,
  };
  if (!job.stream) {
    const join = (kind: Piece['kind']) =>
      played
        .filter((p) => p.kind === kind)
        .map((p) => p.text)
        .join('');
    sendJson(res, 200, finalOf(job, metrics, { content: join('content'), thinking: join('thinking'), calls }));
    return true;
  }
  if (calls.length) writeLine(res, toolChunkOf(job, calls));
  writeLine(res, finalOf(job, metrics));
  res.end();
  return true;
}
