/**
 * A sitting of the model check end to end: a real database (fake-indexeddb)
 * and the fake Ollama over HTTP, where the two models answer differently.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { CompareSession, type CompareState } from '@/lib/personal/compare/session';
import { sideShownAs } from '@/lib/personal/compare/verdicts';
import { winRate } from '@/lib/personal/compare/win-rate';
import { startFakeOllama, type FakeOllama } from '../../fake-ollama/index';
import { freshDatabase } from '../../support/db';
import { converse } from './history';

const BASE = 'qwen2.5-coder:7b';
const MINE = 'qwen3:8b';
const QUESTIONS = [
  'How do I undo the last git commit?',
  'Write a Python function that reverses a list',
  'Explain a SQL left join with an example',
];

let fake: FakeOllama;
let db: CodelumiDB;
beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 2000 });
});
afterAll(() => fake.close());
beforeEach(async () => {
  await fake.resume();
  fake.reset();
  fake.script([
    { match: { model: BASE }, reply: (r) => ({ content: `Base answer to ${r.lastUser}` }) },
    { match: { model: MINE }, reply: (r) => ({ content: `Mine answer to ${r.lastUser}`, thinking: 'hmm' }) },
  ]);
  db = freshDatabase();
  let at = 1_000;
  for (const q of QUESTIONS) await converse(db, [q], (at += 1_000));
});
afterEach(() => db.close());

function session(
  options: Partial<{ baseline: string; candidate: string; count: number; seed: number }> = {},
  deps: { idleTimeoutMs?: number } = {},
) {
  return new CompareSession(
    { db, host: fake.url, origin: 'http://localhost:3000', ...deps },
    { baseline: BASE, candidate: MINE, seed: 11, ...options },
  );
}

/** Resolves when the sitting's state satisfies `ok` (checked now and on every change). */
function until(s: CompareSession, ok: (state: CompareState) => boolean): Promise<CompareState> {
  return new Promise((resolve) => {
    const check = () => {
      const state = s.state.get();
      if (!ok(state)) return false;
      stop();
      resolve(state);
      return true;
    };
    const stop = s.state.subscribe(check);
    check();
  });
}
const phase = (p: CompareState['phase']) => (state: CompareState) => state.phase === p;

describe('CompareSession', () => {
  it('asks both models each question bare, one request at a time, and keeps each verdict for both', async () => {
    // When each request arrived and when its last chunk was written.
    const spans: { start: number; end: number }[] = [];
    const timed = (who: string) => (r: { lastUser: string }) => {
      const span = { start: Date.now(), end: Infinity };
      spans.push(span);
      return { content: `${who} answer to ${r.lastUser}`, onChunk: (c: { at: number }) => void (span.end = c.at) };
    };
    fake.script([
      { match: { model: BASE }, reply: timed('Base') },
      { match: { model: MINE }, reply: timed('Mine') },
    ]);
    const s = session();
    void s.start();
    const choices = ['A', 'same', 'B'] as const;
    for (const [i, choice] of choices.entries()) {
      const state = await until(s, phase('judging'));
      expect(state.index).toBe(i);
      const round = state.rounds[i]!;
      // The answer under each label is the model behind it, and only the reveal says which.
      for (const label of ['A', 'B'] as const) {
        const side = sideShownAs(label, round.shownFirst);
        const who = side === 'candidate' ? 'Mine' : 'Base';
        expect(round.answers[label]).toMatchObject({
          status: 'done',
          content: `${who} answer to ${round.question.text}`,
        });
      }
      await s.judge(choice);
      expect(s.state.get().phase).toBe('revealed');
      await s.next();
    }
    const end = s.state.get();
    expect(end).toMatchObject({ phase: 'finished', stopped: false });
    expect(new Set(end.rounds.map((r) => r.question.text))).toEqual(new Set(QUESTIONS));

    const chats = fake.chatRequests();
    expect(chats).toHaveLength(6);
    for (const c of chats) expect(c.messages).toEqual([{ role: 'user', content: expect.any(String) }]);
    // One at a time: every answer was written to its end before the next was asked.
    expect(spans).toHaveLength(6);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);

    const rows = await db.modelComparisons.orderBy('createdAt').toArray();
    expect(rows.map((r) => r.verdict)).toEqual(
      end.rounds.map((r) => (r.choice === 'same' ? 'same' : sideShownAs(r.choice as 'A' | 'B', r.shownFirst))),
    );
    expect(rows.every((r) => r.sessionId === end.sessionId && r.baseline === BASE && r.candidate === MINE)).toBe(true);
    const mine = winRate(rows, MINE);
    const base = winRate(rows, BASE);
    expect([mine.wins + mine.losses, mine.ties]).toEqual([2, 1]);
    expect([base.wins, base.losses, base.ties]).toEqual([mine.losses, mine.wins, mine.ties]);
  });

  it('shows the models first on both sides over a sitting', async () => {
    const s = session({ count: 2, seed: 4 });
    void s.start();
    const state = await until(s, phase('judging'));
    expect(new Set(state.rounds.map((r) => r.shownFirst))).toEqual(new Set(['baseline', 'candidate']));
    s.stop();
  });

  it('stops mid-answer: the request is cancelled and the verdicts given are kept', async () => {
    const s = session();
    void s.start();
    await until(s, phase('judging'));
    await s.judge('A');
    // An answer that never ends: only a cancel ends its request.
    fake.script([{ reply: { content: 'word ', fault: { kind: 'endless' } } }]);
    void s.next();
    await until(s, (st) => st.rounds[1]?.answers.A.status === 'streaming');
    const requestsBefore = fake.chatRequests().length;
    s.stop();
    const end = s.state.get();
    expect(end).toMatchObject({ phase: 'finished', stopped: true });
    expect(end.error).toBeUndefined();
    // Resolves only once the fake has no request open: the endless stream was cancelled, not left running.
    await fake.idle();
    expect(fake.chatRequests()).toHaveLength(requestsBefore);
    expect(await db.modelComparisons.count()).toBe(1);
  });

  it('reveals the names only once the verdict is kept; a failed save keeps the pick hidden and retry saves the same pick', async () => {
    const s = session({ count: 2 });
    void s.start();
    const judging = await until(s, phase('judging'));
    const shownFirst = judging.rounds[0]!.shownFirst;
    // The first write fails, as a full disk would.
    let failures = 1;
    db.modelComparisons.hook('creating', () => {
      if (failures-- > 0) throw new Error('QuotaExceededError: the disk is full');
    });
    const saving = s.judge('A');
    // While it is being saved: pending, not revealed, and no other pick is taken.
    expect(s.state.get().rounds[0]!.pending).toBe('A');
    expect(s.state.get().rounds[0]!.choice).toBeUndefined();
    await s.judge('B');
    await saving;
    const failed = s.state.get();
    expect(failed.phase).toBe('failed');
    expect(failed.rounds[0]!.pending).toBe('A');
    expect(failed.rounds[0]!.choice).toBeUndefined();
    expect(failed.error).toBeDefined();
    expect(await db.modelComparisons.count()).toBe(0);
    // No judging again: the buttons wait, and the retry sends the pick the user made.
    await s.judge('B');
    expect(s.state.get().rounds[0]!.pending).toBe('A');
    await s.retry();
    const revealed = s.state.get();
    expect(revealed.phase).toBe('revealed');
    expect(revealed.rounds[0]!.choice).toBe('A');
    expect(revealed.rounds[0]!.pending).toBeUndefined();
    const rows = await db.modelComparisons.toArray();
    expect(rows.map((r) => r.verdict)).toEqual([shownFirst]);
    expect(revealed.rounds[0]!.row).toEqual(rows[0]);
    s.stop();
  });

  it('stopping while a verdict is being saved still puts its row into the sitting', async () => {
    const s = session();
    void s.start();
    await until(s, phase('judging'));
    const saving = s.judge('same');
    s.stop();
    await saving;
    const end = s.state.get();
    expect(end).toMatchObject({ phase: 'finished', stopped: true });
    const rows = await db.modelComparisons.toArray();
    expect(rows).toHaveLength(1);
    expect(end.rounds[0]).toMatchObject({ choice: 'same', row: rows[0] });
  });

  it('shows that it is preparing again when a failed start is retried', async () => {
    const s = session({ candidate: 'codelumi-gone:v1' });
    void s.start();
    await until(s, phase('failed'));
    const retrying = s.retry();
    expect(s.state.get()).toMatchObject({ phase: 'preparing', error: undefined });
    await retrying;
    expect(s.state.get().phase).toBe('failed');
  });

  for (const fault of [{ kind: 'silent-mid-stream', afterTokens: 3 } as const, { kind: 'hang' } as const]) {
    it(`gives up on an Ollama that stops sending (${fault.kind}): the request is aborted and the error says so`, async () => {
      fake.script([{ reply: { content: 'a long answer that stops early on', fault } }]);
      const s = session({ count: 1 }, { idleTimeoutMs: 150 });
      void s.start();
      const failed = await until(s, phase('failed'));
      expect(failed.error).toMatchObject({ code: 'timeout:ollama', details: { host: fake.url } });
      expect(failed.error?.message).toMatch(/sent nothing more for 1 s/);
      // Blind: the words do not say which model stalled.
      expect(failed.error?.message).not.toMatch(/qwen/);
      expect(failed.rounds[0]!.answers.A.status).toBe('failed');
      // The stuck request was cancelled: the fake holds no request open.
      await fake.idle();
      expect(fake.chatRequests()).toHaveLength(1);
    });
  }

  it('says Ollama went down, keeps what was judged, and goes on from there after a retry', async () => {
    const s = session();
    void s.start();
    await until(s, phase('judging'));
    await s.judge('B');
    await fake.stopListening();
    await s.next();
    const failed = await until(s, phase('failed'));
    expect(failed.error?.code).toBe('unreachable:ollama');
    expect(failed.index).toBe(1);
    expect(await db.modelComparisons.count()).toBe(1);

    await fake.resume();
    void s.retry();
    const back = await until(s, phase('judging'));
    expect(back.index).toBe(1);
    await s.judge('A');
    expect(await db.modelComparisons.count()).toBe(2);
  });

  it('keeps an answer that arrived when the other one breaks, and asks only the missing one again', async () => {
    const s = session({ count: 1 });
    void s.start();
    await until(s, (st) => st.rounds.length > 0);
    // The answer shown as B breaks mid-stream, once.
    const round = s.state.get().rounds[0]!;
    fake.addRule({
      match: { model: sideShownAs('B', round.shownFirst) === 'candidate' ? MINE : BASE },
      reply: { content: 'cut short here', fault: { kind: 'cut-mid-stream', afterTokens: 2 } },
      times: 1,
    });
    const failed = await until(s, phase('failed'));
    expect(failed.error?.code).toBe('stream_cut:ollama');
    expect(failed.rounds[0]!.answers.A.status).toBe('done');
    expect(failed.rounds[0]!.answers.B.status).toBe('failed');
    const before = fake.chatRequests().length;
    void s.retry();
    const back = await until(s, phase('judging'));
    expect(fake.chatRequests()).toHaveLength(before + 1);
    expect(back.rounds[0]!.answers.A.content).toBe(failed.rounds[0]!.answers.A.content);
  });

  it('refuses to start when one of the models is not installed, before asking anything', async () => {
    const s = session({ candidate: 'codelumi-gone:v1' });
    void s.start();
    const failed = await until(s, phase('failed'));
    expect(failed.error).toMatchObject({ code: 'not_found:model', details: { model: 'codelumi-gone:v1' } });
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it('finishes at once with no rounds when there is no past question left to ask', async () => {
    await db.messages.clear();
    const s = session();
    await s.start();
    expect(s.state.get()).toMatchObject({ phase: 'finished', rounds: [] });
    expect(fake.chatRequests()).toHaveLength(0);
  });
});
