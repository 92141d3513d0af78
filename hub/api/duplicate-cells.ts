/** A batch names each of its cells once: two rows for one cell would leave which one counts to chance. */
import type { ContributionBatch } from '../../lib/privacy/hub-api';

/** A message for the first cell a batch names twice, or undefined when every cell appears once. */
export function duplicateCell(batch: ContributionBatch): string | undefined {
  const patterns = new Set<string>();
  for (const p of batch.patterns) {
    const key = `${p.questionKind} ${p.answerStyle}`;
    if (patterns.has(key)) return `Pattern ${key} appears twice; send each question kind and answer style once`;
    patterns.add(key);
  }
  const signals = new Set<string>();
  for (const s of batch.signals) {
    const key = `${s.week} ${s.questionKind} ${s.signal}`;
    if (signals.has(key)) return `Signal count ${key} appears twice; send each week, question kind and signal once`;
    signals.add(key);
  }
  return undefined;
}
