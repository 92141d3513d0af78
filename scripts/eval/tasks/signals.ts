/**
 * `signals`: the text signal detector the app runs on every next message.
 * Input  {"id", "prev_user"?, "prev_assistant"?, "message"}
 * Output {"id", "signals": [{"kind", "polarity", "confidence"}]}
 */
import { z } from 'zod';
import { detectTextSignals } from '../../../lib/learning/text/detect';
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
          throw new Error(`expected {"id", "prev_user"?, "prev_assistant"?, "message"}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'line'} ${i.message}`).join('; ')}`);
        }
        const { id, prev_user, prev_assistant, message } = parsed.data;
        const signals = detectTextSignals({ prevUser: prev_user ?? undefined, prevAssistant: prev_assistant ?? undefined, message });
        return { id, signals: signals.map((s) => ({ kind: s.kind, polarity: s.polarity, confidence: s.confidence })) };
      },
      async stop() {},
    };
  },
};
