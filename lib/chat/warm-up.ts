/**
 * Warming the analysis worker as the chat opens: it starts, and loads what
 * retrieval reads (past questions, memories, the project's index), while the
 * user types, not after Send.
 */

/** What can be warmed (the analysis worker client). */
export interface Warmable {
  warm(projectId?: string): Promise<unknown>;
}

/**
 * Starts one warm-up for `projectId` ('' for none) in the next task, not when
 * the tab is next idle: the worker runs on its own thread, and its script,
 * its database and its indexes take a second or more to load, which a
 * question asked at once would otherwise wait for (the page's own start left
 * no idle moment for seconds on a busy machine). Returns the function that
 * cancels it if it has not started (the project changed in the same task).
 */
export function scheduleWarmUp(memory: Warmable, projectId: string): () => void {
  const timer = setTimeout(
    () =>
      void memory.warm(projectId || undefined).catch(() => {
        // Only a head start: retrieval on Send builds whatever is missing, and reports its own failures.
      }),
    0,
  );
  return () => clearTimeout(timer);
}
