/** What a program run inside the sandbox's worker reports through. */
import type { CodeError } from '../../lib/runner/protocol';

export interface RunIO {
  write(stream: 'stdout' | 'stderr', text: string): void;
  /** The runtime is ready and the user's code starts now (the time limit counts from here). */
  started(): void;
}

/** How a program ended, before the worker adds timing and output figures. */
export interface RunSummary {
  passed: number;
  failed: number;
  error?: CodeError;
}
