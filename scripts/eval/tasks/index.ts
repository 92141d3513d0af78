/** The eval CLI's tasks, by name. */
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
}

export const TASKS: Record<string, EvalTask> = {
  signals: signalsTask,
  runner: runnerTask,
};
