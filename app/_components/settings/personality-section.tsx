'use client';
/**
 * Settings → Personality: how long Codelumi's answers are and how it sounds,
 * with a line showing how it would answer in that voice. Saved at once.
 */
import { Fragment, useState } from 'react';
import {
  ANSWER_LENGTHS,
  ANSWER_LENGTH_CHOICES,
  PREVIEW_QUESTION,
  TONES,
  TONE_CHOICES,
  voicePreview,
  type Voice,
} from '@/lib/prompt/persona';
import { LumiAvatar } from '../lumi/lumi-avatar';

/** Text with `inline code` in backticks, as React nodes. */
function withCode(text: string) {
  return text.split('`').map((part, i) =>
    i % 2 === 1 ? (
      <code key={i} className="rounded border border-border bg-subtle px-1 py-px font-mono text-[0.85em]">
        {part}
      </code>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

function Choices<K extends string>({
  name,
  legend,
  keys,
  choices,
  value,
  onChange,
  columns,
}: {
  name: string;
  legend: string;
  keys: readonly K[];
  choices: Record<K, { label: string; description: string }>;
  value: K;
  onChange: (next: K) => void;
  columns: string;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className={`mt-2 grid gap-2 ${columns}`}>
        {keys.map((key) => (
          <label
            key={key}
            className="flex cursor-pointer items-start gap-2 rounded-lg border border-border bg-bg p-3 text-sm hover:bg-subtle has-[:checked]:border-accent has-[:checked]:bg-accent-soft"
          >
            <input
              type="radio"
              name={name}
              value={key}
              checked={value === key}
              onChange={() => onChange(key)}
              aria-labelledby={`${name}-${key}-label`}
              aria-describedby={`${name}-${key}-description`}
              className="mt-0.5 accent-[var(--accent)]"
            />
            <span>
              <span id={`${name}-${key}-label`} className="block font-medium">
                {choices[key].label}
              </span>
              <span id={`${name}-${key}-description`} className="block text-muted">
                {choices[key].description}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function PersonalitySection({
  voice: saved,
  onChange,
}: {
  voice: Voice;
  onChange: <K extends keyof Voice>(key: K, value: Voice[K]) => void;
}) {
  // Shown at once, saved in the background: a radio must not jump back while IndexedDB answers.
  const [voice, setVoice] = useState<Voice>({ answerLength: saved.answerLength, tone: saved.tone });
  // A newly saved voice (this tab or another) is shown, adjusted during render rather than in an effect.
  const [savedShown, setSavedShown] = useState<Voice>({ answerLength: saved.answerLength, tone: saved.tone });
  if (saved.answerLength !== savedShown.answerLength || saved.tone !== savedShown.tone) {
    setSavedShown({ answerLength: saved.answerLength, tone: saved.tone });
    setVoice({ answerLength: saved.answerLength, tone: saved.tone });
  }
  const choose = <K extends keyof Voice>(key: K, value: Voice[K]) => {
    setVoice((v) => ({ ...v, [key]: value }));
    onChange(key, value);
  };
  return (
    <>
      <Choices
        name="answerLength"
        legend="Answer length"
        keys={ANSWER_LENGTHS}
        choices={ANSWER_LENGTH_CHOICES}
        value={voice.answerLength}
        onChange={(v) => choose('answerLength', v)}
        columns="sm:grid-cols-3"
      />
      <Choices
        name="tone"
        legend="Tone"
        keys={TONES}
        choices={TONE_CHOICES}
        value={voice.tone}
        onChange={(v) => choose('tone', v)}
        columns="sm:grid-cols-2"
      />
      <figure className="rounded-lg border border-border bg-bg p-3 text-sm" data-testid="voice-preview">
        <figcaption className="text-xs font-medium uppercase tracking-wide text-muted">
          How Codelumi will sound
        </figcaption>
        <p className="mt-2 text-muted">
          <span className="sr-only">You ask: </span>
          {PREVIEW_QUESTION}
        </p>
        <div className="mt-2 flex items-start gap-2">
          <LumiAvatar mood="idle" decorative alive className="h-6 w-6" />
          <p aria-live="polite" className="min-w-0 flex-1">
            <span className="sr-only">Codelumi answers: </span>
            {withCode(voicePreview(voice))}
          </p>
        </div>
      </figure>
    </>
  );
}
