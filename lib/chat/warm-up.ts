/**
 * Warming the analysis worker while the user types: it builds what retrieval
 * reads (past questions, memories, the project's index) before Send, not
 * after it.
 */

/** What can be warmed (the analysis worker client). */
export interface Warmable {
  warm(projectId?: string): Promise<unknown>;
}

/**
 * Schedules one warm-up for `projectId` ('' for none) when the tab is idle
 * (within 2 s), or after 500 ms where idle callbacks do not exist. Returns
 * the function that cancels it if it has not started.
 */
export function scheduleWarmUp(memory: Warmable, projectId: string): () => void {
  const warm = () =>
    void memory.warm(projectId || undefined).catch(() => {
      // Only a head start: retrieval on Send builds whatever is missing, and reports its own failures.
    });
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(warm, 500);
    return () => clearTimeout(timer);
  }
  const idle = requestIdleCallback(warm, { timeout: 2000 });
  return () => cancelIdleCallback(idle);
}
