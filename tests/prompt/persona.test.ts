import { describe, expect, it } from 'vitest';
import {
  ANSWER_LENGTHS,
  ANSWER_LENGTH_CHOICES,
  DEFAULT_VOICE,
  personaFor,
  TONES,
  TONE_CHOICES,
  voicePreview,
  type AnswerLength,
  type Tone,
} from '@/lib/prompt/persona';
import { CODELUMI_PERSONA, constructPrompt } from '@/lib/prompt/prompt';
import { DEFAULT_SETTINGS, settingsFromRows } from '@/lib/db/settings';

const ALL_VOICES = TONES.flatMap((tone) => ANSWER_LENGTHS.map((answerLength) => ({ tone, answerLength })));

/** Words of `a` that `b` does not have: how much one variant really differs from another. */
function wordsOnlyIn(a: string, b: string): string[] {
  const words = (s: string) => s.toLowerCase().match(/[a-z’']+/g) ?? [];
  const other = new Set(words(b));
  return [...new Set(words(a))].filter((w) => !other.has(w));
}

describe('personaFor', () => {
  it.each(ALL_VOICES)(
    'keeps who Codelumi is and its code-first, honest core in the $tone, $answerLength voice',
    (voice) => {
      const persona = personaFor(voice);
      expect(persona.startsWith('You are Codelumi, a coding assistant running locally')).toBe(true);
      expect(persona).toContain('Be direct and code-first');
      expect(persona).toContain('fenced blocks with a language tag');
      expect(persona).toContain('Say so when you are unsure instead of guessing.');
    },
  );

  it('gives each of the 12 voices its own paragraph', () => {
    expect(new Set(ALL_VOICES.map(personaFor)).size).toBe(ALL_VOICES.length);
  });

  it('changes the wording of the tone by whole sentences, not one adjective', () => {
    for (const a of TONES) {
      for (const b of TONES) {
        if (a === b) continue;
        const differ = wordsOnlyIn(
          personaFor({ ...DEFAULT_VOICE, tone: a }),
          personaFor({ ...DEFAULT_VOICE, tone: b }),
        );
        expect(differ.length, `${a} vs ${b}: ${differ.join(' ')}`).toBeGreaterThanOrEqual(8);
      }
    }
  });

  it('changes the wording of the answer length by whole sentences, not one adjective', () => {
    for (const a of ANSWER_LENGTHS) {
      for (const b of ANSWER_LENGTHS) {
        if (a === b) continue;
        const differ = wordsOnlyIn(
          personaFor({ ...DEFAULT_VOICE, answerLength: a }),
          personaFor({ ...DEFAULT_VOICE, answerLength: b }),
        );
        expect(differ.length, `${a} vs ${b}: ${differ.join(' ')}`).toBeGreaterThanOrEqual(6);
      }
    }
  });

  it('says what each choice means in words a model follows', () => {
    const p = (tone: Tone, answerLength: AnswerLength) => personaFor({ tone, answerLength });
    expect(p('friendly', 'balanced')).toMatch(/friendly colleague/);
    expect(p('plain', 'balanced')).toMatch(/no greetings, pleasantries, praise or exclamation marks/);
    expect(p('playful', 'balanced')).toMatch(/at most one per answer, never inside code/);
    expect(p('professional', 'balanced')).toMatch(/no slang, jokes or emoji/);
    expect(p('friendly', 'concise')).toMatch(/at most two or three sentences/);
    expect(p('friendly', 'detailed')).toMatch(/edge cases, trade-offs and alternatives/);
  });

  it('falls back to the default voice’s sentences for a value it does not know', () => {
    const odd = personaFor({ tone: 'sarcastic' as Tone, answerLength: 'epic' as AnswerLength });
    expect(odd).toBe(personaFor(DEFAULT_VOICE));
  });

  it('is the default persona of the prompt constructor in the default voice, friendly and balanced', () => {
    expect(DEFAULT_VOICE).toEqual({ tone: 'friendly', answerLength: 'balanced' });
    expect(CODELUMI_PERSONA).toBe(personaFor(DEFAULT_VOICE));
    expect(personaFor(DEFAULT_SETTINGS)).toBe(CODELUMI_PERSONA);
  });
});

describe('constructPrompt with a persona', () => {
  const history = [{ id: 'q', role: 'user' as const, content: 'How do I reverse a list?' }];

  it('opens the system prompt with the given persona, before the user’s own instructions', () => {
    const persona = personaFor({ tone: 'plain', answerLength: 'concise' });
    const { messages, trace } = constructPrompt({
      model: 'm',
      history,
      persona,
      systemPrompts: ['Prefer Python.'],
      contextLength: 4096,
    });
    expect(messages[0]).toEqual({ role: 'system', content: `${persona}\n\nPrefer Python.` });
    expect(trace.systemPrompt).toBe(messages[0].content);
  });

  it('uses CODELUMI_PERSONA when the request names none', () => {
    const { messages } = constructPrompt({ model: 'm', history, systemPrompts: [], contextLength: 4096 });
    expect(messages[0].content).toBe(CODELUMI_PERSONA);
  });

  it('counts a longer persona against the budget', () => {
    const short = constructPrompt({
      model: 'm',
      history,
      persona: personaFor({ tone: 'plain', answerLength: 'concise' }),
      systemPrompts: [],
      contextLength: 4096,
    });
    const long = constructPrompt({
      model: 'm',
      history,
      persona: personaFor({ tone: 'professional', answerLength: 'detailed' }),
      systemPrompts: [],
      contextLength: 4096,
    });
    expect(long.trace.promptTokens).toBeGreaterThan(short.trace.promptTokens);
  });
});

describe('voice settings', () => {
  it('default to a friendly, balanced voice', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ answerLength: 'balanced', tone: 'friendly' });
  });

  it('keep a stored choice and fall back to the default for a value from an older or newer version', () => {
    expect(
      settingsFromRows([
        { key: 'answerLength', value: 'concise' },
        { key: 'tone', value: 'playful' },
      ]),
    ).toMatchObject({
      answerLength: 'concise',
      tone: 'playful',
    });
    expect(
      settingsFromRows([
        { key: 'answerLength', value: 'novel' },
        { key: 'tone', value: 42 },
      ]),
    ).toMatchObject({
      answerLength: 'balanced',
      tone: 'friendly',
    });
  });
});

describe('voicePreview', () => {
  it('sounds different for every voice, and says more the longer the answers', () => {
    const previews = ALL_VOICES.map(voicePreview);
    expect(new Set(previews).size).toBe(previews.length);
    for (const tone of TONES) {
      const [concise, balanced, detailed] = ANSWER_LENGTHS.map((answerLength) => voicePreview({ tone, answerLength }));
      expect(concise.length).toBeLessThan(balanced.length);
      expect(balanced.length).toBeLessThan(detailed.length);
    }
  });

  it('follows its tone: no pleasantries when plain, no exclamation when professional', () => {
    expect(voicePreview({ tone: 'plain', answerLength: 'concise' })).toBe('Use `items[::-1]`.');
    expect(voicePreview({ tone: 'professional', answerLength: 'balanced' })).not.toContain('!');
    expect(voicePreview({ tone: 'friendly', answerLength: 'balanced' })).toMatch(/^Happy to help!/);
  });

  it('has a name and a description for every choice', () => {
    for (const tone of TONES) expect(TONE_CHOICES[tone].label && TONE_CHOICES[tone].description).toBeTruthy();
    for (const length of ANSWER_LENGTHS)
      expect(ANSWER_LENGTH_CHOICES[length].label && ANSWER_LENGTH_CHOICES[length].description).toBeTruthy();
  });
});
