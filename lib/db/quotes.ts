/**
 * What each answer's prompt trace quotes, as an index. A trace names every
 * context item its prompt held (`qa:<answerId>`, `memory:<id>`,
 * `file:<path>`, `chunk:<path>#<n>`, `stack:<projectId>` …); the message row
 * keeps those ids in `quotes`, indexed `*quotes` (schema v10), so forgetting
 * something reads only the answers that quoted it instead of every answer.
 * The field is derived: every write of a message through Dexie sets it from
 * the row's trace (the middleware below), whoever wrote the trace.
 */
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import type { Message, PromptTrace } from '../core/records';

/**
 * The ids of the context items `trace` lists, each once, in trace order
 * (empty without a trace). Reads an imported trace of any shape without
 * throwing: only string ids of listed items count.
 */
export function traceQuotes(trace: PromptTrace | undefined): string[] {
  const sections: unknown = trace?.sections;
  if (!Array.isArray(sections)) return [];
  const ids = new Set<string>();
  for (const section of sections as { items?: unknown }[]) {
    if (!Array.isArray(section?.items)) continue;
    for (const item of section.items as { id?: unknown }[]) if (typeof item?.id === 'string') ids.add(item.id);
  }
  return [...ids];
}

/**
 * `message` with `quotes` matching its trace: the list when the trace quotes
 * anything, no field at all otherwise (a message without a trace has no
 * entry in the index). Returns the same object when nothing changes.
 */
export function withQuotes<T extends Pick<Message, 'trace' | 'quotes'>>(message: T): T {
  const quotes = traceQuotes(message.trace);
  const had = message.quotes;
  if (quotes.length === 0) {
    if (had === undefined) return message;
    const { quotes: _dropped, ...rest } = message;
    return rest as T;
  }
  if (Array.isArray(had) && had.length === quotes.length && had.every((id, i) => id === quotes[i])) return message;
  return { ...message, quotes };
}

/**
 * A Dexie middleware that keeps `quotes` in step with `trace` on every
 * message written (add, put, update, modify, bulkPut: Dexie turns each into
 * an add or put of the whole row), so no writer can leave the index stale.
 */
export const quotesMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'codelumi:quotes',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      if (name !== 'messages') return table;
      return {
        ...table,
        mutate: (req: DBCoreMutateRequest) =>
          table.mutate(
            req.type === 'add' || req.type === 'put'
              ? { ...req, values: req.values.map((v: Pick<Message, 'trace' | 'quotes'>) => withQuotes(v)) }
              : req,
          ),
      };
    },
  }),
};
