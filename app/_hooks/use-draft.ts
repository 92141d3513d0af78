'use client';
import { useEffect, useLayoutEffect, useMemo } from 'react';
import { DraftSaver, draftsIn } from '@/lib/chat/draft-saver';
import { useServices } from '../_components/services';
import { useStore } from './use-store';

/**
 * The composer's text for `key`, loaded from IndexedDB and saved shortly
 * after each change (and at once when the page is hidden), so a reload or a
 * failed send never loses what the user typed (lib/chat/draft-saver).
 */
export function useDraft(key: string) {
  const { db } = useServices();
  const saver = useMemo(() => new DraftSaver(draftsIn(db)), [db]);
  // In the commit that shows the box for `key`, not after it: text typed in between (a shortcut that opens a new
  // chat, then typing at once) would be saved as the draft of the key left and go from the box.
  useLayoutEffect(() => saver.open(key), [saver, key]);

  useEffect(() => {
    const onHide = () => saver.flush();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
    };
  }, [saver]);

  const { text, loaded, storageFull } = useStore(saver.state);
  return { text, setText: saver.setText, clear: saver.clear, loaded, flush: saver.flush, storageFull };
}
