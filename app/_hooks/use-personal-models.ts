'use client';
import { useCallback, useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { PersonalModel } from '@/lib/core/records';
import { CodelumiError, isCodelumiError, type StoredError } from '@/lib/core/errors';
import { listVersions, deletedInputs, settleStaleCreating, type DeletedInputs } from '@/lib/personal/versions';
import { previewPersonalModel } from '@/lib/personal/create';
import { gatherMaterial, type LearnedMaterial } from '@/lib/personal/inputs';
import type { BuiltPersonalModel } from '@/lib/personal/build';
import { useServices } from '../_components/services';

/**
 * The personal model versions (not deleted), newest first, live. Loading
 * them settles the rows a closed tab left `creating` (against Ollama's list);
 * the live query shows the result.
 */
export function usePersonalVersions(): PersonalModel[] | undefined {
  const { db } = useServices();
  useEffect(() => {
    // Best effort: a host that does not answer keeps its rows for the next load.
    void settleStaleCreating(db).catch(() => undefined);
  }, [db]);
  return useLiveQuery(() => listVersions(db), [db]);
}

/** What a personal model would be built from now, live. */
export function useLearnedMaterial(): LearnedMaterial | undefined {
  const { db } = useServices();
  return useLiveQuery(() => gatherMaterial(db), [db]);
}

/** The request "Create my model" would send for `name` on `base`, live (undefined while there is no base). */
export function usePersonalPreview(
  name: string,
  base: string,
  baseContextLength: number | undefined,
  installedNames: readonly string[],
): BuiltPersonalModel | undefined {
  const { db } = useServices();
  const installed = installedNames.join('\n');
  return useLiveQuery(
    () =>
      base
        ? previewPersonalModel(db, { name, base, baseContextLength, installedNames: installed.split('\n') })
        : undefined,
    [db, name, base, baseContextLength, installed],
  );
}

/** What `row` was built from that the user has since deleted, live. */
export function useDeletedInputs(row: PersonalModel): DeletedInputs | undefined {
  const { db } = useServices();
  return useLiveQuery(() => deletedInputs(db, row), [db, row]);
}

/** One run of a create (personal or adapter): its last status line while it runs, its error after. */
export function useCreation<P>() {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<P | undefined>();
  const [error, setError] = useState<StoredError | undefined>();
  const run = useCallback(async (work: (onProgress: (p: P) => void) => Promise<PersonalModel>) => {
    setRunning(true);
    setError(undefined);
    setProgress(undefined);
    try {
      return await work(setProgress);
    } catch (err) {
      const e = isCodelumiError(err)
        ? err
        : new CodelumiError('unknown', err instanceof Error ? err.message : String(err));
      setError(e.toJSON());
      return undefined;
    } finally {
      setRunning(false);
    }
  }, []);
  const reset = useCallback(() => {
    setError(undefined);
    setProgress(undefined);
  }, []);
  return { running, progress, error, run, reset };
}
