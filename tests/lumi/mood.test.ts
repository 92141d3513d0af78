import { describe, expect, it } from 'vitest';
import {
  isReaction,
  moodAnnouncement,
  moodLabel,
  moodOf,
  type Mood,
  type MoodAnswer,
  type MoodSignal,
} from '@/lib/lumi/mood';
import { SIGNAL_SPECS } from '@/lib/signals/kinds';

const done: MoodAnswer = { status: 'complete', hasContent: true };
const signal = (kind: keyof typeof SIGNAL_SPECS, createdAt: number): MoodSignal => ({
  polarity: SIGNAL_SPECS[kind].polarity,
  confidence: SIGNAL_SPECS[kind].confidence,
  createdAt,
});

describe('moodOf', () => {
  it('thinks while waiting for the first token and while the model reasons, streams once words arrive', () => {
    expect(moodOf({ phase: 'waiting', status: 'streaming', hasContent: false })).toBe('thinking');
    expect(moodOf({ phase: 'thinking', status: 'streaming', hasContent: false })).toBe('thinking');
    expect(moodOf({ phase: 'answering', status: 'streaming', hasContent: true })).toBe('streaming');
  });

  it('follows an answer streamed by another tab from its saved text', () => {
    expect(moodOf({ status: 'streaming', hasContent: false })).toBe('thinking');
    expect(moodOf({ status: 'streaming', hasContent: true })).toBe('streaming');
  });

  it('is idle after a finished answer nobody reacted to, and after one the user stopped or a reload cut off', () => {
    expect(moodOf(done)).toBe('idle');
    expect(moodOf({ status: 'interrupted', stopReason: 'user', hasContent: true })).toBe('idle');
    expect(moodOf({ status: 'interrupted', stopReason: 'reload', hasContent: true })).toBe('idle');
  });

  it('is concerned about an answer that failed', () => {
    expect(moodOf({ status: 'error', hasContent: false })).toBe('concerned');
    expect(moodOf({ status: 'interrupted', stopReason: 'error', hasContent: true })).toBe('concerned');
  });

  it('is pleased after thanks, copied code or code that ran, and concerned after the user said it was wrong', () => {
    expect(moodOf(done, [signal('thanks', 1)])).toBe('pleased');
    expect(moodOf(done, [signal('code_copied', 1)])).toBe('pleased');
    expect(moodOf(done, [signal('code_ran_ok', 1)])).toBe('pleased');
    expect(moodOf(done, [signal('said_wrong', 1)])).toBe('concerned');
    expect(moodOf(done, [signal('code_error', 1)])).toBe('concerned');
  });

  it('reacts to the newest signal, whatever order they come in', () => {
    expect(moodOf(done, [signal('code_copied', 1), signal('code_error', 2)])).toBe('concerned');
    expect(moodOf(done, [signal('code_error', 2), signal('code_copied', 1)])).toBe('concerned');
    expect(moodOf(done, [signal('said_wrong', 1), signal('code_ran_ok', 5)])).toBe('pleased');
  });

  it('takes the negative signal when two arrive at the same moment', () => {
    expect(moodOf(done, [signal('thanks', 3), signal('repeated_question', 3)])).toBe('concerned');
    expect(moodOf(done, [signal('repeated_question', 3), signal('thanks', 3)])).toBe('concerned');
  });

  it('does not worry about signals too weak to mean much (leaving right away)', () => {
    expect(moodOf(done, [signal('left_immediately', 1)])).toBe('idle');
    expect(moodOf(done, [signal('thanks', 1), signal('left_immediately', 2)])).toBe('pleased');
  });

  it('stays with the live state while streaming, and with the failure after one, whatever the signals say', () => {
    expect(moodOf({ phase: 'answering', status: 'streaming', hasContent: true }, [signal('said_wrong', 1)])).toBe(
      'streaming',
    );
    expect(moodOf({ status: 'error', hasContent: true }, [signal('thanks', 1)])).toBe('concerned');
  });
});

describe('moodLabel', () => {
  it('names every mood for a screen reader', () => {
    const moods: Mood[] = ['idle', 'thinking', 'streaming', 'pleased', 'concerned'];
    expect(moods.map(moodLabel)).toEqual([
      'Codelumi is idle',
      'Codelumi is thinking',
      'Codelumi is answering',
      'Codelumi is pleased',
      'Codelumi is concerned',
    ]);
  });
});

describe('moodAnnouncement', () => {
  /** What a screen reader hears as the moods go by, starting from an answer not seen before. */
  const heard = (moods: Mood[]) => {
    const out: string[] = [];
    let previous: Mood | undefined;
    for (const mood of moods) {
      const said = moodAnnouncement(previous, mood);
      if (said) out.push(said);
      previous = mood;
    }
    return out;
  };

  it('speaks only the milestones of an answer: thinking, answering, done', () => {
    const frames: Mood[] = ['thinking', 'thinking', 'thinking', ...Array<Mood>(200).fill('streaming'), 'idle'];
    expect(heard(frames)).toEqual(['Codelumi is thinking', 'Codelumi is answering', 'Codelumi is done']);
  });

  it('says when an answer ran into a problem', () => {
    expect(heard(['thinking', 'streaming', 'concerned'])).toEqual([
      'Codelumi is thinking',
      'Codelumi is answering',
      'Codelumi ran into a problem',
    ]);
    expect(heard(['thinking', 'concerned'])).toEqual(['Codelumi is thinking', 'Codelumi ran into a problem']);
  });

  it('does not repeat "thinking" when the last frame of a stream briefly looks like thinking again', () => {
    expect(heard(['thinking', 'streaming', 'thinking', 'idle'])).toEqual([
      'Codelumi is thinking',
      'Codelumi is answering',
      'Codelumi is done',
    ]);
  });

  it('stays quiet about answers that were already done when seen, and about signals arriving later', () => {
    expect(heard(['idle'])).toEqual([]);
    expect(heard(['pleased'])).toEqual([]);
    expect(heard(['idle', 'pleased', 'concerned'])).toEqual([]);
  });

  it('says "done" also for an answer finished by a reasoning model that never got to words', () => {
    expect(heard(['thinking', 'idle'])).toEqual(['Codelumi is thinking', 'Codelumi is done']);
  });
});

describe('isReaction', () => {
  it('is a reaction when an answer becomes pleased or concerned while on screen', () => {
    expect(isReaction('idle', 'pleased')).toBe(true);
    expect(isReaction('thinking', 'concerned')).toBe(true);
    expect(isReaction('pleased', 'concerned')).toBe(true);
  });

  it('is no reaction for a mood the answer already had when it appeared, or for getting busy or idle', () => {
    expect(isReaction('pleased', 'pleased')).toBe(false);
    expect(isReaction('idle', 'thinking')).toBe(false);
    expect(isReaction('streaming', 'idle')).toBe(false);
  });
});
