'use client';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue } from 'react';
import type { SearchHit } from '@/lib/search/conversation-search';
import { useServices } from '../services';
import { queryKeys } from '@/lib/services/query-keys';

/** Splits `text` into plain and highlighted parts for the matched terms. */
function highlight(text: string, terms: string[]): React.ReactNode[] {
  const words = terms.filter((t) => t.length > 1).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length === 0) return [text];
  const re = new RegExp(`(${words.join('|')})`, 'gi');
  return text.split(re).map((part, i) =>
    i % 2 === 1 ? (
      <mark key={i} className="rounded bg-accent-soft px-0.5 text-fg">
        {part}
      </mark>
    ) : (
      part
    ),
  );
}

/** Search results from the analysis worker: matching titles and messages, newest context first. */
export function SearchResults({ query }: { query: string }) {
  const { analysis } = useServices();
  const deferred = useDeferredValue(query.trim());
  const results = useQuery<SearchHit[]>({
    queryKey: queryKeys.search.of(deferred),
    queryFn: () => analysis.search(deferred, 40),
    staleTime: 0,
    gcTime: 10_000,
    placeholderData: (prev) => prev,
  });

  if (results.isError) {
    return (
      <p className="px-3 py-4 text-sm text-danger">Search is unavailable right now. Reload the page to restart it.</p>
    );
  }
  const hits = results.data ?? [];
  if (!results.isFetching && hits.length === 0) {
    return <p className="px-3 py-4 text-sm text-muted">No conversation mentions “{deferred}”.</p>;
  }
  return (
    <ul className="space-y-1" aria-busy={results.isFetching}>
      {hits.map((hit) => (
        <li key={`${hit.conversationId}:${hit.messageId ?? 'title'}`}>
          <Link
            href={`/?c=${hit.conversationId}${hit.messageId ? `&m=${hit.messageId}` : ''}`}
            className="block rounded-md px-3 py-2 hover:bg-subtle"
          >
            <span className="block truncate text-sm font-medium">{highlight(hit.conversationTitle, hit.terms)}</span>
            {hit.messageId && (
              <span className="mt-0.5 line-clamp-2 block text-xs text-muted">
                <span className="font-medium">{hit.role === 'user' ? 'You: ' : 'Codelumi: '}</span>
                {highlight(hit.snippet, hit.terms)}
              </span>
            )}
          </Link>
        </li>
      ))}
    </ul>
  );
}
