/**
 * The team's own corpora (tests/fixtures/signals: corpus.jsonl and
 * holdout.jsonl, multi-label, written by the same hands as the rules), scored
 * with a freshly trained model: a regression check, not the measure.
 */
import path from 'node:path';
import { detectSignals } from '../../../lib/signals/learned/detect';
import { featurize, type FeatureConfig, type SparseVector } from '../../../lib/signals/learned/features';
import { loadModel, MODEL_CLASSES, type SignalModelFile } from '../../../lib/signals/learned/model';
import { detectTextSignals } from '../../../lib/signals/text/detect';
import { formatScore, readCorpus, scoreCorpus } from '../../../tests/eval/scoring';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'tests', 'fixtures', 'signals');

/** Both corpora scored with the model and with the rules alone, as text. */
export function teamCorpusReport(file: SignalModelFile): string {
  const model = loadModel(file);
  const out: string[] = [];
  for (const name of ['corpus', 'holdout']) {
    const lines = readCorpus(path.join(FIXTURES, `${name}.jsonl`));
    const input = (l: (typeof lines)[number]) => ({
      prevUser: l.prev_user,
      prevAssistant: l.prev_assistant,
      message: l.message,
    });
    out.push(
      formatScore(
        `team ${name}.jsonl, learned detector`,
        scoreCorpus(lines, (l) => detectSignals(input(l), { model }).map((s) => s.kind)),
      ),
    );
    out.push(
      formatScore(
        `team ${name}.jsonl, rules alone`,
        scoreCorpus(lines, (l) => detectTextSignals(input(l)).map((s) => s.kind)),
      ),
    );
  }
  return out.join('\n');
}

/**
 * corpus.jsonl as extra training rows: its labels list every kind a message
 * carries, so the target spreads evenly over them ([] or no_followup alone is
 * new_question). holdout.jsonl is never trained on.
 */
export function teamRows(config: FeatureConfig): { x: SparseVector[]; y: number[][] } {
  const lines = readCorpus(path.join(FIXTURES, 'corpus.jsonl'));
  const x = lines.map((l) =>
    featurize({ prevUser: l.prev_user, prevAssistant: l.prev_assistant, message: l.message }, config),
  );
  const y = lines.map((l) => {
    const kinds = l.expected.filter((k) => k !== 'no_followup' && (MODEL_CLASSES as readonly string[]).includes(k));
    const target = MODEL_CLASSES.map((c) =>
      kinds.length ? (kinds.includes(c) ? 1 / kinds.length : 0) : c === 'new_question' ? 1 : 0,
    );
    return target;
  });
  return { x, y };
}
