'use client';
import { useCallback, useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { parseShareParam } from '@/lib/pwa/share-link';
import { importSharedItem, type ShareNotice } from '@/lib/pwa/share-import';
import { useServices } from '../_components/services';

/** Shares being imported in this tab (a re-render must not import one twice). */
const importing = new Set<string>();

/**
 * Imports what the share target left for `?share=<id>` into the new chat's
 * draft, then clears the flag from the address. `draftVersion` changes when
 * the draft was replaced, so the composer reloads it.
 */
export function useSharedDraft(shareParam: string | null) {
  const { db } = useServices();
  const router = useRouter();
  const [state, setState] = useState<{ draftVersion: number; notice?: ShareNotice }>({ draftVersion: 0 });

  useEffect(() => {
    const link = parseShareParam(shareParam);
    if (!link || !shareParam || importing.has(shareParam)) return;
    importing.add(shareParam);
    void importSharedItem(db, indexedDB, link)
      .then((notice) => {
        setState((s) => ({
          draftVersion: notice?.kind === 'shared' ? s.draftVersion + 1 : s.draftVersion,
          notice: notice ?? s.notice,
        }));
        router.replace('/');
      })
      .finally(() => importing.delete(shareParam));
  }, [db, router, shareParam]);

  const dismiss = useCallback(() => setState((s) => ({ ...s, notice: undefined })), []);
  return { ...state, dismiss };
}
