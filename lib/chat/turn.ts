/**
 * One turn of a chat, as a pipeline:
 *
 *   retrieve   the context for the question (the analysis worker's retriever)
 *   construct  the prompt within the context window (prompt/prompt.ts)
 *   stream     the answer from Ollama into the database (answer.ts)
 *   process    the finished answer: its code blocks with their languages and
 *              how each runs, its run requests (response/response.ts)
 *   report     what happened: to the learning engine (answer_done), to the
 *              runner (auto-run) and to the page (errors the thread cannot show)
 *
 * The first three and the learning report happen in the chat actions
 * (actions.ts: sendMessage, regenerate, editAndResend, continueAnswer), which
 * resolve once the answer has started; `finishTurn` takes a started answer
 * through the rest.
 */
import { processBlocks, runRequests, type ProcessedBlock } from '../response/response';
import type { RunnableBlock, SendFollowUp } from '../runner/board';
import type { RunnerLanguage } from '../runner/languages';
import type { StartedAnswer } from './actions';
import type { AnswerEnding } from './answer';

/** What runs a finished answer's code (the tab's RunBoard). */
export interface TurnRunner {
  /** What auto-run may run, from Settings. */
  autoRunSettings(): { autoRun: Partial<Record<RunnerLanguage, boolean>>; autoRunSideEffects: boolean };
  autoRun(
    conversationId: string,
    messageId: string,
    requests: readonly RunnableBlock[],
    send?: SendFollowUp,
  ): Promise<void>;
}

/** Where a turn's end is reported. */
export interface TurnReport {
  runner: TurnRunner;
  /** Asks follow-ups (Fix it after a failed auto-run) in the turn's conversation. */
  followUp: SendFollowUp;
  /** An error the thread cannot show (storage refused the answer's own saves). */
  fail: (error: unknown, inAnswer: boolean) => void;
}

/** How a turn ended, with the processed answer when it completed. */
export type FinishedTurn = { ending: AnswerEnding; blocks: ProcessedBlock[]; requests: ProcessedBlock[] };

/**
 * Follows a started answer to its end, processes it and reports it: a
 * complete answer's run requests go to the runner (Settings decide which
 * blocks auto-run); a failure to store the answer goes to `fail` (other
 * failures are stored with the answer and shown in the thread).
 */
export async function finishTurn(started: StartedAnswer, report: TurnReport): Promise<FinishedTurn> {
  const ending = await started.done;
  if (ending.status === 'failed' && ending.error.code === 'quota:db') report.fail(ending.error, true);
  if (ending.status !== 'complete') return { ending, blocks: [], requests: [] };
  const blocks = processBlocks(ending.content);
  const requests = runRequests(blocks, report.runner.autoRunSettings());
  await report.runner.autoRun(started.conversationId, started.answerId, requests, report.followUp);
  return { ending, blocks, requests };
}
