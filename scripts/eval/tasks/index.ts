/** The eval CLI's tasks, by name. */

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

/**
 * Each task loads only when it is asked for: the runner's Playwright and build
 * are not what a run of the signals task should wait for.
 */
export const TASKS: Record<string, () => Promise<EvalTask>> = {
  signals: async () => (await import('./signals')).signalsTask,
  runner: async () => (await import('./runner')).runnerTask,
  anonymize: async () => (await import('./anonymize')).anonymizeTask,
};
