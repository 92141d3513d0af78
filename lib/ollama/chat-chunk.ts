/**
 * One streamed /api/chat chunk, checked before the answer uses it: Ollama's
 * output is untrusted, and a chunk whose content is a number or an object
 * would otherwise be glued into the answer as "42" or "[object Object]".
 */
import * as z from '../core/zod';
import { CodelumiError } from '../core/errors';

// z.number() refuses NaN and the infinities.
const count = z.catch(z.optional(z.number().check(z.nonnegative())), undefined);

const chatChunkSchema = z.object({
  message: z.optional(
    z.object({
      content: z.optional(z.string()),
      thinking: z.optional(z.string()),
    }),
  ),
  done: z.optional(z.boolean()),
  done_reason: z.catch(z.optional(z.string().check(z.maxLength(64))), undefined),
  total_duration: count,
  load_duration: count,
  prompt_eval_count: count,
  prompt_eval_duration: count,
  eval_count: count,
  eval_duration: count,
});

export type ChatChunk = z.infer<typeof chatChunkSchema>;

/**
 * The chunk as the answer may use it. Throws a CodelumiError
 * (`bad_response:ollama`) when it has no message and is not the final chunk,
 * or when its text is not text. Metrics of the wrong type are dropped.
 */
export function readChatChunk(value: unknown): ChatChunk {
  const parsed = chatChunkSchema.safeParse(value);
  const sample = () => JSON.stringify(value)?.slice(0, 80) ?? String(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const why = `${issue?.path.join('.') || 'chunk'}: ${issue?.message ?? 'not a chat chunk'}`;
    throw new CodelumiError('bad_response:ollama', `Ollama sent a chunk Codelumi cannot read (${why}).`, {
      cause: `${why}: ${sample()}`,
    });
  }
  if (!parsed.data.message && !parsed.data.done) {
    throw new CodelumiError('bad_response:ollama', 'Ollama sent a chunk with no message.', {
      cause: `no message: ${sample()}`,
    });
  }
  return parsed.data;
}
