/** The eval CLI's tasks, by name. */
import { anonymizeTask } from './anonymize';
import { runnerTask } from './runner';
import { signalsTask } from './signals';

export interface EvalRun {
  /** Processes one parsed input line; resolves to the output object. */
  item(input: unknown, lineNumber: number): Promise<unknown>;
  stop(): Promise<void>;
}

export interface EvalTask {
  /** What the task does, for --help. */
  description: string;
  start(): Promise<EvalRun>;
  /** `--score`: a report on how the outputs match labels the inputs carry (tasks that can be scored). */
  score?(items: { input: unknown; output: unknown }[]): string;
}

export const TASKS: Record<string, EvalTask> = {
  signals: signalsTask,
  runner: runnerTask,
  anonymize: anonymizeTask,
};
