/**
 * One sitting of the blind check, question by question: both models answer
 * (one request at a time, in the order shown, so Ollama is never asked for
 * two answers at once and which answer streams first says nothing), the user
 * picks, the verdict is kept, the names are revealed, the next question
 * comes. Stop works at any moment and keeps the verdicts given. The UI reads
 * `state` (a Store) and calls the methods; nothing here knows React.
 */
import type { CodelumiDB } from '../../db/db';
import { CodelumiError, isCodelumiError, type StoredError } from '../../core/errors';
import { Store, type Readable } from '../../core/store';
import { newId } from '../../core/ids';
import { createOllamaClient, fetchWithin } from '../../ollama/client';
import { classifyOllamaError } from '../../ollama/classify';
import { readTags } from '../../ollama/model-lists';
import { MODEL_LIST_TIME_LIMIT_MS } from '../../ollama/models';
import type { ModelComparison } from '../../core/records';
import { askModel, type AskDeps, type AskPhase } from './ask';
import type { PastQuestion } from './pick';
import { pickQuestions } from './questions';
import { recordVerdict, sideShownAs, shownFirstOrder, type Choice, type Side } from './verdicts';

/** One answer of a round, as the dialog shows it. */
export interface AnswerState {
  /** queued: the other answer goes first; waiting: asked, nothing yet (the model may be loading). */
  status: 'queued' | 'waiting' | 'streaming' | 'done' | 'failed';
  phase?: AskPhase;
  content: string;
}

/** One question of the sitting. */
export interface CompareRound {
  question: PastQuestion;
  shownFirst: Side;
  answers: { A: AnswerState; B: AnswerState };
  /**
   * The pick being saved (or whose save failed: retry saves it again). The
   * names stay hidden while it is pending: a pick is revealed only once the
   * database has decided on its row.
   */
  pending?: Choice;
  /** The user's pick, set once its save is done (kept or not): from here on the names are shown. */
  choice?: Choice;
  /** The row this sitting kept for the verdict. */
  row?: ModelComparison;
  /** Why no row was kept for a verdict given: the conversation left learning, or another tab had judged it. */
  notKept?: 'left-learning' | 'already-judged';
}

export type ComparePhase =
  /** Reading the past questions and checking both models are installed. */
  | 'preparing'
  /** The current round's answers are coming. */
  | 'asking'
  /** Both answers are in; waiting for the user's pick (and, once picked, for its save: `round.pending`). */
  | 'judging'
  /** Picked: the names are shown. */
  | 'revealed'
  /** A failure stopped the sitting; `error` says what, `retry()` tries again from where it stopped. */
  | 'failed'
  /** Every question judged, or stopped; `rounds` keeps what was judged. */
  | 'finished';

export interface CompareState {
  sessionId: string;
  baseline: string;
  candidate: string;
  phase: ComparePhase;
  rounds: CompareRound[];
  /** The round on screen. */
  index: number;
  error?: StoredError;
  /** True when the user stopped before the last question. */
  stopped: boolean;
}

export interface CompareDeps extends AskDeps {
  db: CodelumiDB;
  now?: () => number;
}

export interface CompareOptions {
  baseline: string;
  candidate: string;
  count?: number;
  seed: string | number;
}

const QUEUED: AnswerState = { status: 'queued', content: '' };

/** `name` as Ollama lists it: a name without a tag is the `latest` one. */
const tagged = (name: string) => (name.includes(':') ? name : `${name}:latest`);

/** A sitting of the check; `start()` begins it. */
export class CompareSession {
  private readonly store: Store<CompareState>;
  /** Aborts the request in flight (one at most). */
  private controller = new AbortController();
  /** Set once the questions are picked and both models found: until then a retry prepares again instead of asking. */
  private prepared = false;

  constructor(
    private readonly deps: CompareDeps,
    private readonly options: CompareOptions,
  ) {
    this.store = new Store<CompareState>({
      sessionId: newId(),
      baseline: options.baseline,
      candidate: options.candidate,
      phase: 'preparing',
      rounds: [],
      index: 0,
      stopped: false,
    });
  }

  /** The sitting as it is now; a new object on every change. */
  get state(): Readable<CompareState> {
    return this.store;
  }

  /** Picks the questions, checks both models are installed, and asks the first question. Never throws. */
  async start(): Promise<void> {
    // Also on a retry after a failed start: the dialog shows that it is preparing again, not a blank.
    this.set({ phase: 'preparing', error: undefined });
    try {
      const { baseline, candidate } = this.options;
      const questions = await pickQuestions(this.deps.db, { baseline, candidate }, this.options);
      if (this.ended()) return;
      const order = shownFirstOrder(questions.length, this.options.seed);
      const rounds = questions.map((question, i) => ({
        question,
        shownFirst: order[i]!,
        answers: { A: QUEUED, B: QUEUED },
      }));
      if (rounds.length === 0) return this.set({ phase: 'finished', rounds });
      this.set({ rounds });
      await this.checkInstalled();
      if (this.ended()) return;
      this.prepared = true;
      await this.askCurrent();
    } catch (err) {
      this.fail(err);
    }
  }

  /**
   * Keeps the user's pick for the current round (once) and then reveals
   * which model was which. The names show only after the save: when it fails
   * the pick stays pending (not revealed, not to be changed) and `retry()`
   * saves the same pick again.
   */
  async judge(choice: Choice): Promise<void> {
    const s = this.store.get();
    const round = s.rounds[s.index];
    if (s.phase !== 'judging' || !round || round.choice || round.pending) return;
    await this.save(s.index, choice);
  }

  /** Saves the pick for round `index`; a Stop meanwhile still gets the row into the round (the summary counts it). */
  private async save(index: number, choice: Choice): Promise<void> {
    const s = this.store.get();
    const round = s.rounds[index]!;
    this.setRoundAt(index, { ...round, pending: choice });
    try {
      const outcome = await recordVerdict(
        this.deps.db,
        {
          sessionId: s.sessionId,
          question: round.question,
          baseline: s.baseline,
          candidate: s.candidate,
          shownFirst: round.shownFirst,
          choice,
        },
        (this.deps.now ?? Date.now)(),
      );
      this.setRoundAt(index, {
        ...this.store.get().rounds[index]!,
        pending: undefined,
        choice,
        row: outcome.status === 'kept' ? outcome.row : undefined,
        notKept: outcome.status === 'kept' ? undefined : outcome.status,
      });
      if (this.ended()) return;
      this.set({ phase: 'revealed' });
    } catch (err) {
      // Not kept (storage full …): the pick stays pending and hidden; retry() saves it again.
      this.fail(err);
    }
  }

  /** Moves to the next question (after a verdict), or finishes after the last. */
  async next(): Promise<void> {
    const s = this.store.get();
    if (s.phase !== 'revealed') return;
    if (s.index + 1 >= s.rounds.length) return this.set({ phase: 'finished' });
    this.set({ index: s.index + 1 });
    await this.askCurrent();
  }

  /** After a failure: tries again from where it stopped (answers that arrived are kept; a pick whose save failed is saved again). */
  async retry(): Promise<void> {
    const s = this.store.get();
    if (s.phase !== 'failed') return;
    this.set({ error: undefined });
    if (!this.prepared) return this.start();
    const round = this.current();
    if (round && round.answers.A.status === 'done' && round.answers.B.status === 'done') {
      this.set({ phase: 'judging' });
      if (round.pending) await this.save(s.index, round.pending);
      return;
    }
    await this.askCurrent();
  }

  /** Ends the sitting now: the request in flight is cancelled, the verdicts given stay. */
  stop(): void {
    const s = this.store.get();
    if (s.phase === 'finished') return;
    this.controller.abort();
    this.set({ phase: 'finished', stopped: true, error: undefined });
  }

  private async checkInstalled(): Promise<void> {
    const { host } = this.deps;
    const client = createOllamaClient(host, fetchWithin(MODEL_LIST_TIME_LIMIT_MS, this.deps.fetchImpl));
    let names: Set<string>;
    try {
      names = new Set(readTags(await client.list()).map((m) => tagged(m.name)));
    } catch (err) {
      throw await classifyOllamaError(err, { host, origin: this.deps.origin, fetchImpl: this.deps.fetchImpl });
    }
    for (const model of [this.options.candidate, this.options.baseline]) {
      if (!names.has(tagged(model))) {
        throw new CodelumiError('not_found:model', `The model “${model}” is not installed in Ollama.`, { host, model });
      }
    }
  }

  /** Asks both models the current question, in the order shown, one request at a time. */
  private async askCurrent(): Promise<void> {
    this.set({ phase: 'asking' });
    for (const label of ['A', 'B'] as const) {
      const round = this.current()!;
      if (round.answers[label].status === 'done') continue;
      const side = sideShownAs(label, round.shownFirst);
      const model = side === 'baseline' ? this.options.baseline : this.options.candidate;
      this.setAnswer(label, { status: 'waiting', content: '' });
      try {
        const content = await askModel(this.deps, {
          model,
          question: round.question.text,
          signal: this.controller.signal,
          onProgress: (p) => this.setAnswer(label, { status: 'streaming', phase: p.phase, content: p.content }),
        });
        if (this.ended()) return;
        this.setAnswer(label, { status: 'done', content });
      } catch (err) {
        if (this.ended()) return;
        this.setAnswer(label, { ...this.current()!.answers[label], status: 'failed' });
        return this.fail(err);
      }
    }
    this.set({ phase: 'judging' });
  }

  /** Ollama's failures arrive classified (askModel, checkInstalled); anything else is said as it is. */
  private fail(err: unknown): void {
    if (this.ended()) return;
    const error = isCodelumiError(err)
      ? err
      : new CodelumiError('unknown', err instanceof Error ? err.message : String(err), {
          cause: err instanceof Error ? err.message : String(err),
        });
    this.set({ phase: 'failed', error: error.toJSON() });
  }

  private ended(): boolean {
    return this.store.get().phase === 'finished';
  }

  private current(): CompareRound | undefined {
    const s = this.store.get();
    return s.rounds[s.index];
  }

  private set(patch: Partial<CompareState>): void {
    this.store.update((s) => ({ ...s, ...patch }));
  }

  private setRound(round: CompareRound): void {
    this.setRoundAt(this.store.get().index, round);
  }

  private setRoundAt(index: number, round: CompareRound): void {
    this.store.update((s) => ({ ...s, rounds: s.rounds.map((r, i) => (i === index ? round : r)) }));
  }

  private setAnswer(label: 'A' | 'B', answer: AnswerState): void {
    const round = this.current();
    if (round) this.setRound({ ...round, answers: { ...round.answers, [label]: answer } });
  }
}
