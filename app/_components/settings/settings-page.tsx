'use client';
/**
 * Settings: where Ollama is, the default model and how answers are made,
 * Codelumi's personality, the code runner, learning (the optional judge), privacy (tiers and the hub), appearance, the keyboard
 * shortcuts, what Codelumi stores on this device, history imported from
 * another assistant, and which version runs.
 * Every change is saved at once. One section per file.
 */
import type { Settings } from '@/lib/db/settings';
import { PageHeader } from '../page-header';
import { useSettings } from '../../_hooks/use-settings';
import { AboutSection } from './about-section';
import { AnswersSection } from './answers-section';
import { AppearanceSection } from './appearance-section';
import { KeyboardSection } from './keyboard-section';
import { OllamaSection } from './ollama-section';
import { PersonalitySection } from './personality-section';
import { RunnerSection } from './runner-section';
import { LearningSection } from './learning-section';
import { PrivacySection } from './privacy-section';
import { useSaveSetting } from './save-setting';
import { Section } from './section';
import { StorageSection } from './storage-section';
import { DeleteAllSection } from './delete-all-section';
import { ImportSection } from './import-section';
import { BackupSection } from './backup-section';

export default function SettingsPage() {
  const settings = useSettings();
  const save = useSaveSetting();

  if (!settings) return <PageHeader title="Settings" />;

  return (
    <>
      <PageHeader title="Settings" />
      <main className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto w-full max-w-3xl space-y-6 px-4 py-6">
          <OllamaSection settings={settings} save={save} />
          <AnswersSection settings={settings} save={save} />
          <RunnerSection settings={settings} save={save} />
          <LearningSection settings={settings} save={save} />
          <PrivacySection settings={settings} save={save} />
          <Section
            title="Personality"
            description="How Codelumi talks to you. In every voice it leads with code and says so when it is unsure."
          >
            <PersonalitySection
              voice={settings}
              onChange={(key, value) => void save(key, value as Settings[typeof key])}
            />
          </Section>
          <AppearanceSection settings={settings} save={save} />
          <KeyboardSection />
          <StorageSection />
          <ImportSection />
          <BackupSection />
          <DeleteAllSection />
          <AboutSection />
        </div>
      </main>
    </>
  );
}
