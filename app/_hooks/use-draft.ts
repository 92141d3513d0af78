'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { loadDraft, saveDraft } from '@/lib/db/drafts';
import { isCodelumiError } from '@/lib/errors';
import { useServices } from '../_components/services';

/**
 * The composer's text for `key`, loaded from IndexedDB and saved shortly
 * after each change (and at once when the page is hidden), so a reload or a
 * failed send never loses what the user typed.
 */
export function useDraft(key: string) {
  const { db } = useServices();
  const [text, setTextState] = useState('');
  const [loaded, setLoaded] = useState(false);
  /** The last save was refused because storage is full (the text stays in the box). */
  const [storageFull, setStorageFull] = useState(false);
  const latest = useRef({ key, text: '', dirty: false });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = undefined;
    const { key: k, text: t, dirty } = latest.current;
    if (!dirty) return;
    latest.current.dirty = false;
    void saveDraft(db, k, t).then(
      () => setStorageFull(false),
      (err) => {
        // Storage refused: the text stays in the box; the next change retries, and the box says why.
        latest.current.dirty = true;
        setStorageFull(isCodelumiError(err) && err.code === 'quota:db');
      },
    );
  }, [db]);

  useEffect(() => {
    let cancelled = false;
    setLoaded(false);
    latest.current = { key, text: '', dirty: false };
    void loadDraft(db, key).then((t) => {
      if (cancelled) return;
      // Keep anything typed while the draft was loading.
      if (!latest.current.dirty) {
        latest.current.text = t;
        setTextState(t);
      }
      setLoaded(true);
    });
    return () => {
      cancelled = true;
      flush();
    };
  }, [db, key, flush]);

  useEffect(() => {
    const onHide = () => flush();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
    };
  }, [flush]);

  const setText = useCallback(
    (next: string) => {
      latest.current = { key: latest.current.key, text: next, dirty: true };
      setTextState(next);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, 300);
    },
    [flush],
  );

  /** Empties the box without saving (the send path clears the stored draft itself). */
  const clear = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    latest.current = { key: latest.current.key, text: '', dirty: false };
    setTextState('');
  }, []);

  return { text, setText, clear, loaded, flush, storageFull };
}
