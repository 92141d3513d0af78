/** The words of the Models page's compare section and of a sitting's end (readiness.ts, summary.ts): pure. */
import { describe, expect, it } from 'vitest';
import type { ModelComparison } from '@/lib/core/records';
import type { CompareRound, CompareState } from '@/lib/personal/compare/session';
import { allJudgedText, NEEDS_QUESTIONS, readiness } from '@/lib/personal/compare/readiness';
import { revealText, sittingSummary } from '@/lib/personal/compare/summary';

const BASE = 'qwen2.5-coder:7b';
const MINE = 'codelumi-ada:v1';

function round(n: number, extra: Partial<CompareRound> = {}): CompareRound {
  return {
    question: {
      id: `q${n}`,
      conversationId: `c${n}`,
      text: `Question ${n}?`,
      kind: 'git/how',
      opensConversation: true,
      createdAt: n,
    },
    shownFirst: 'candidate',
    answers: { A: { status: 'done', content: 'a' }, B: { status: 'done', content: 'b' } },
    ...extra,
  };
}
const row = (n: number, verdict: ModelComparison['verdict']): ModelComparison => ({
  id: `r${n}`,
  sessionId: 's',
  questionId: `q${n}`,
  conversationId: `c${n}`,
  baseline: BASE,
  candidate: MINE,
  shownFirst: 'candidate',
  verdict,
  createdAt: n,
});
const state = (rounds: CompareRound[], extra: Partial<CompareState> = {}): CompareState => ({
  sessionId: 's',
  baseline: BASE,
  candidate: MINE,
  phase: 'finished',
  rounds,
  index: 0,
  stopped: false,
  ...extra,
});

describe('readiness', () => {
  const ready = { chatModels: [BASE, MINE], candidate: MINE, baseline: BASE, reachable: true };

  it('lets the check start with two different models, Ollama up and a question left', () => {
    expect(readiness({ ...ready, questions: { all: 4, left: 2 } })).toEqual({ canStart: true, note: undefined });
  });

  it('says the first thing in the way, in order: no questions, one model, the same model twice, all judged', () => {
    expect(readiness({ ...ready, chatModels: [MINE], questions: { all: 0, left: 0 } })).toEqual({
      canStart: false,
      note: NEEDS_QUESTIONS,
    });
    expect(readiness({ ...ready, chatModels: [MINE], questions: { all: 3, left: 3 } }).note).toBe(
      'Install a second chat model to compare with.',
    );
    expect(readiness({ ...ready, baseline: MINE, questions: { all: 3, left: 3 } }).note).toBe(
      'Pick two different models.',
    );
    expect(readiness({ ...ready, questions: { all: 3, left: 0 } })).toEqual({
      canStart: false,
      note: allJudgedText(MINE, BASE),
    });
  });

  it('waits, without a note, while the questions are read or Ollama is down', () => {
    expect(readiness({ ...ready, questions: undefined })).toEqual({ canStart: false, note: undefined });
    expect(readiness({ ...ready, reachable: false, questions: { all: 3, left: 3 } })).toEqual({
      canStart: false,
      note: undefined,
    });
  });
});

describe('sittingSummary', () => {
  it('gives the checked model’s result over the rows this sitting kept, and each verdict', () => {
    // Shown first: the candidate, so "A" is the candidate and "B" the baseline.
    const s = sittingSummary(
      state([
        round(1, { choice: 'A', row: row(1, 'candidate') }),
        round(2, { choice: 'same', row: row(2, 'same') }),
        round(3, { choice: 'B', row: row(3, 'baseline') }),
      ]),
      true,
    );
    expect(s.result).toEqual({ model: MINE, text: `Won 1, lost 1, 1 tie against ${BASE}.` });
    expect(s.stopped).toBeUndefined();
    expect(s.notKept).toEqual([]);
    expect(s.verdicts.map((v) => v.picked)).toEqual([`${MINE} better`, 'About the same', `${BASE} better`]);
  });

  it('after a Stop says how many were judged, and counts neither a pending pick nor an unjudged question', () => {
    const s = sittingSummary(
      state([round(1, { choice: 'A', row: row(1, 'candidate') }), round(2, { pending: 'B' }), round(3)], {
        stopped: true,
      }),
      true,
    );
    expect(s.stopped).toBe('Stopped after 1 of 3 questions. The verdicts you gave are kept.');
    expect(s.result?.text).toBe(`Won 1, lost 0, 0 ties against ${BASE}.`);
    expect(sittingSummary(state([round(1)], { stopped: true }), true)).toMatchObject({
      stopped: 'Stopped after 0 of 1 questions.',
      noResult: 'No verdict was given in this sitting.',
    });
  });

  it('says which verdicts were not kept and why', () => {
    const s = sittingSummary(
      state([
        round(1, { choice: 'A', notKept: 'left-learning' }),
        round(2, { choice: 'B', notKept: 'left-learning' }),
        round(3, { choice: 'same', notKept: 'already-judged' }),
      ]),
      true,
    );
    expect(s.result).toBeUndefined();
    expect(s.noResult).toBe('No verdict was kept in this sitting.');
    expect(s.notKept).toEqual([
      '2 verdicts were not kept: the conversation was deleted or kept out of learning meanwhile.',
      'One question was already judged for these two models (in another tab): that verdict stands.',
    ]);
  });

  it('tells an empty sitting’s two reasons apart', () => {
    expect(sittingSummary(state([]), false).empty).toBe(NEEDS_QUESTIONS);
    expect(sittingSummary(state([]), true).empty).toBe(allJudgedText(MINE, BASE));
  });
});

describe('revealText', () => {
  it('names the model picked only once the pick is kept, and says when it was not kept', () => {
    const pair = { baseline: BASE, candidate: MINE };
    expect(revealText(round(1, { pending: 'A' }), pair)).toBeUndefined();
    expect(revealText(round(1, { choice: 'B', row: row(1, 'baseline') }), pair)).toBe(`You picked ${BASE}.`);
    expect(revealText(round(1, { choice: 'same', notKept: 'left-learning' }), pair)).toBe(
      'About the same. Not kept: the conversation was deleted or kept out of learning meanwhile.',
    );
  });
});
