'use client';
/** Saving one setting from the Settings page: saved at once, and a failure is said in a toast. */
import { setSetting, type Settings } from '@/lib/db/settings';
import { isCodelumiError } from '@/lib/core/errors';
import { useServices } from '../services';
import { useToasts } from '../toasts';

/** Saves `key` (shown at once); shows `message` once saved, or why it was not (storage full, or another failure), the stored value back. Never throws. */
export type SaveSetting = <K extends keyof Settings>(key: K, value: Settings[K], message?: string) => Promise<void>;

/** What each settings section is given: the settings as stored, and how to save one. */
export interface SettingsSectionProps {
  settings: Settings;
  save: SaveSetting;
}

/** The page's SaveSetting, over the app's database and toasts. */
export function useSaveSetting(): SaveSetting {
  const { db, settings } = useServices();
  const toasts = useToasts();
  return async (key, value, message) => {
    settings.showSaving(key, value);
    try {
      await setSetting(db, key, value);
      if (message) toasts.show({ text: message });
    } catch (err) {
      await settings.reread(db).catch((e: unknown) => console.error('Codelumi could not read its settings again', e));
      toasts.show({
        tone: 'error',
        text:
          isCodelumiError(err) && err.code === 'quota:db'
            ? 'Storage is full: the setting was not saved. Free space by deleting old conversations.'
            : 'Could not save the setting.',
      });
    }
  };
}
