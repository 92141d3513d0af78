/**
 * `anonymize`: the anonymizer (lib/privacy/anonymize) the app runs on
 * contributions, project files and messages to a remote Ollama.
 * Input  {"id", "text", "paths"?, "planted"?}  (paths: true also removes
 *        every file path, as for contributions)
 * Output {"id", "text", "findings": [{"kind", "start", "end"}]}: the text
 *        with placeholders, and the findings as offsets into the input text.
 * With --score, rows that carry `planted` ([{"kind", "start", "end"}], as
 * scripts/eval/anonymize-corpus.ts generates them) are scored: recall per
 * kind and the share of other words kept.
 */
import { z } from 'zod';
import { anonymize } from '../../../lib/privacy/anonymize';
import { formatAnonymizeScore, scoreAnonymize, type Span } from './anonymize-score';
import type { EvalTask } from './index';

const span = z.object({ kind: z.string(), start: z.number().int(), end: z.number().int() });
const input = z.object({
  id: z.union([z.string(), z.number()]),
  text: z.string(),
  paths: z.boolean().optional(),
  planted: z.array(span).optional(),
});

export const anonymizeTask: EvalTask = {
  description: 'Secrets and personal data replaced by typed placeholders',
  async start() {
    return {
      async item(raw) {
        const parsed = input.safeParse(raw);
        if (!parsed.success) {
          throw new Error(
            `expected {"id", "text", "paths"?}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'line'} ${i.message}`).join('; ')}`,
          );
        }
        const { id, text, paths } = parsed.data;
        const result = anonymize(text, { paths });
        return {
          id,
          text: result.text,
          findings: result.findings.map((f) => ({ kind: f.kind, start: f.start, end: f.end })),
        };
      },
      async stop() {},
    };
  },
  score(items) {
    const rows: { text: string; planted: Span[]; findings: Span[] }[] = [];
    let left = 0;
    for (const { input: raw, output } of items) {
      const parsed = input.safeParse(raw);
      const findings = (output as { findings?: Span[] })?.findings;
      if (!parsed.success || !parsed.data.planted || !findings) {
        left++;
        continue;
      }
      rows.push({ text: parsed.data.text, planted: parsed.data.planted, findings });
    }
    const note = left ? `${left} row(s) without "planted" (or not processed) were left out.` : '';
    if (rows.length === 0) return ['No rows with "planted" to score.', note].filter(Boolean).join('\n');
    return [formatAnonymizeScore(scoreAnonymize(rows)), note].filter(Boolean).join('\n');
  },
};
