/**
 * `npm run train:signals [-- --data <followups_train.jsonl>] [--out <model.json>]`:
 * trains the learned signal detector, prints the grouped cross-validated
 * figures (per kind, macro-F1, new questions given a negative signal) and the
 * score on the team's own corpora, and writes the weights the app ships.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatLabelScore } from '../../lib/signals/learned/score';
import { defaultDataPath } from './signals/data';
import { serializeModel, trainSignals } from './signals/train';
import { teamCorpusReport } from './signals/team-corpus';

const ROOT = path.resolve(__dirname, '..', '..');
export const MODEL_PATH = path.join(ROOT, 'lib', 'signals', 'learned', 'model.json');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const given = arg('--data') ?? process.env.SIGNALS_DATA;
  const data = given ? path.resolve(given) : defaultDataPath(ROOT);
  const out = path.resolve(arg('--out') ?? MODEL_PATH);
  const started = performance.now();
  const result = trainSignals(data, (line) => console.error(line));
  const f = result.file;
  const folds = `nested grouped ${f.cv.folds}-fold cross-validation (by conversation; L2, temperature and decision chosen by a grouped ${String(f.cv.innerFolds)}-fold CV inside each training part)`;
  console.log(formatLabelScore(`Plain argmax, ${folds}`, result.argmax));
  console.log(formatLabelScore(`As the app decides, ${folds} on ${path.basename(data)}`, result.cv));
  for (const [n, c] of result.nested.choices.entries())
    console.log(
      `  outer fold ${n + 1}: L2 ${c.l2}, temperature ${c.temperature}, minNegative ${c.decision.minNegative}, offsets ${JSON.stringify(c.decision.classOffsets)}, rule thresholds ${JSON.stringify(c.decision.ruleThresholds)}, rule negative ${c.decision.ruleNegative}`,
    );
  console.log(
    `shipped decision (chosen on a grouped ${f.cv.folds}-fold CV of all rows): L2 ${String(f.cv.l2)}, temperature ${f.temperature}, minNegative ${f.minNegative}, offsets ${JSON.stringify(f.classOffsets)}, rule thresholds ${JSON.stringify(f.ruleThresholds)}, rule negative ${f.ruleNegative}; held-out log-loss ${String(f.cv.nll)}`,
  );
  console.log(
    `targets: macro-F1 ≥ 0.85 (${result.cv.macroF1 >= 0.85 ? 'met' : 'NOT met'}), new questions negative ≤ 10 % (${result.cv.newQuestionNegative <= 0.1 ? 'met' : 'NOT met'})`,
  );
  fs.writeFileSync(out, serializeModel(result.file));
  console.log(
    `wrote ${path.relative(process.cwd(), out)} (${result.file.index.length} features × ${result.file.classes.length} classes, ${(fs.statSync(out).size / 1024).toFixed(0)} KB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(teamCorpusReport(result.file));
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
