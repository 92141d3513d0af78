/**
 * Every TanStack Query key of the app, in one place, so an invalidation
 * always names the same key its query was stored under. Each family has
 * `all` (the prefix, for invalidating every host or period) and a builder.
 */

/** The app's query keys. */
export const queryKeys = {
  /** Ollama's connection state, per host. */
  connection: {
    all: ['connection'] as const,
    at: (host: string | undefined) => ['connection', host] as const,
  },
  /** The installed models, per host. */
  models: {
    all: ['models'] as const,
    at: (host: string | undefined) => ['models', host] as const,
  },
  /** Conversation search results, per query text. */
  search: {
    all: ['search'] as const,
    of: (query: string) => ['search', query] as const,
  },
  /** What Settings → Storage shows: the browser's report and each kind of data's size. */
  storage: {
    all: ['storage'] as const,
    report: ['storage', 'report'] as const,
    kinds: ['storage', 'kinds'] as const,
  },
  /** The learning dashboard, per period in days. */
  dashboard: {
    all: ['dashboard'] as const,
    over: (days: number) => ['dashboard', days] as const,
  },
  /** The training-data export's preview, per choice of filters and format. */
  trainingPreview: {
    all: ['training-preview'] as const,
    of: (options: unknown) => ['training-preview', options] as const,
  },
};
