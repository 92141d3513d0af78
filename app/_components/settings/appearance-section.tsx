'use client';
/** The theme: the system's, light or dark. */
import { Section } from './section';
import type { SettingsSectionProps } from './save-setting';

/** The theme choice, saved at once. */
export function AppearanceSection({ settings, save }: SettingsSectionProps) {
  return (
    <Section title="Appearance">
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">Theme</legend>
        {(['system', 'light', 'dark'] as const).map((t) => (
          <label key={t} className="flex items-center gap-2">
            <input
              type="radio"
              name="theme"
              value={t}
              checked={settings.theme === t}
              onChange={() => void save('theme', t)}
            />
            {t === 'system' ? 'Match the system' : t === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </fieldset>
    </Section>
  );
}
