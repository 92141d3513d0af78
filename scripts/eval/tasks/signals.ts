/**
 * `signals`: the text signal detector the app runs on every next message
 * (the learned model with the rules as its features, lib/signals/learned).
 * Input  {"id", "prev_user"?, "prev_assistant"?, "message", "label"?}
 * Output {"id", "signals": [{"kind", "polarity", "confidence"}]}
 * With --score, rows that carry `label` (thanks, said_wrong, user_corrected,
 * repeated_question, code_error or new_question) are scored: per-kind
 * precision, recall and F1, macro-F1 and the share of new questions given a
 * negative signal.
 */
import { z } from 'zod';
import { detectSignals } from '../../../lib/signals/learned/detect';
import { MODEL_CLASSES } from '../../../lib/signals/learned/model';
import { formatLabelScore, scoreLabels } from '../../../lib/signals/learned/score';
import type { EvalTask } from './index';

const input = z.object({
  id: z.union([z.string(), z.number()]),
  prev_user: z.string().optional().nullable(),
  prev_assistant: z.string().optional().nullable(),
  message: z.string(),
});

export const signalsTask: EvalTask = {
  description: 'Quality signals in the user message that follows an answer',
  async start() {
    return {
      async item(raw) {
        const parsed = input.safeParse(raw);
        if (!parsed.success) {
          throw new Error(
            `expected {"id", "prev_user"?, "prev_assistant"?, "message"}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'line'} ${i.message}`).join('; ')}`,
          );
        }
        const { id, prev_user, prev_assistant, message } = parsed.data;
        const signals = detectSignals({
          prevUser: prev_user ?? undefined,
          prevAssistant: prev_assistant ?? undefined,
          message,
        });
        return { id, signals: signals.map((s) => ({ kind: s.kind, polarity: s.polarity, confidence: s.confidence })) };
      },
      async stop() {},
    };
  },
  score(items) {
    const rows: { label: string; predicted: string[] }[] = [];
    let unlabelled = 0;
    const unknown = new Set<string>();
    for (const { input, output } of items) {
      const label = (input as { label?: unknown })?.label;
      const signals = (output as { signals?: { kind: string }[] })?.signals;
      if (typeof label !== 'string' || !signals) {
        unlabelled++;
        continue;
      }
      if (!(MODEL_CLASSES as readonly string[]).includes(label)) {
        unknown.add(label);
        continue;
      }
      rows.push({ label, predicted: signals.map((s) => s.kind) });
    }
    const notes = [
      unlabelled ? `${unlabelled} row(s) without a "label" (or not processed) were left out.` : '',
      unknown.size
        ? `Rows with unknown labels were left out: ${[...unknown].join(', ')} (known: ${MODEL_CLASSES.join(', ')}).`
        : '',
    ].filter(Boolean);
    if (rows.length === 0) return ['No labelled rows to score: add "label" to the input rows.', ...notes].join('\n');
    return [formatLabelScore('signals', scoreLabels(rows)), ...notes].join('\n');
  },
};
