/**
 * Reads Ollama's model lists (/api/tags, /api/ps, /api/show) as untrusted
 * JSON: whatever answers at the user's address may send any shape. A field of
 * the wrong type becomes its empty value (an object where a name belongs
 * would otherwise reach React as a child and break the page), an entry with
 * no name is dropped, and lists and strings are capped.
 */
import { z } from 'zod';
import { CodelumiError } from '../core/errors';

// The app's CSP has no 'unsafe-eval' (see lib/db/settings.ts).
z.config({ jitless: true });

/** More models than anyone installs; a longer list is not Ollama's. */
const MAX_MODELS = 1000;

const text = (max: number) => z.string().max(max).catch('');
const size = z.number().finite().nonnegative().catch(0);

const tagSchema = z.object({
  name: z.string().min(1).max(256),
  size,
  modified_at: z.union([z.string().max(64), z.date().transform((d) => d.toISOString())]).catch(''),
  digest: text(128),
  details: z
    .object({ family: text(64), parameter_size: text(32), quantization_level: text(32) })
    .partial()
    .catch({}),
});

const runningSchema = z.object({
  name: z.string().min(1).max(256),
  size_vram: size.optional(),
  expires_at: z
    .union([z.string().max(64), z.date().transform((d) => d.toISOString())])
    .optional()
    .catch(undefined),
});

/** One installed model as /api/tags lists it. */
export type TagEntry = z.infer<typeof tagSchema>;
/** One loaded model as /api/ps lists it. */
export type RunningEntry = z.infer<typeof runningSchema>;

/** The valid entries of a `{ models: [...] }` answer (none when it has no list). */
function entries<T>(value: unknown, schema: z.ZodType<T>): T[] {
  const list = (value as { models?: unknown } | null | undefined)?.models;
  if (!Array.isArray(list)) return [];
  const out: T[] = [];
  for (const item of list.slice(0, MAX_MODELS)) {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** The installed models of an /api/tags answer; entries without a name are dropped. */
export function readTags(value: unknown): TagEntry[] {
  return entries(value, tagSchema);
}

/** The loaded models of an /api/ps answer. */
export function readRunning(value: unknown): RunningEntry[] {
  return entries(value, runningSchema);
}

const showSchema = z.object({
  capabilities: z
    .array(z.unknown())
    .catch([])
    .transform((list) => list.filter((c): c is string => typeof c === 'string' && c.length <= 64).slice(0, 32)),
  model_info: z.record(z.string(), z.unknown()).optional().catch(undefined),
});

/**
 * The facts of an /api/show answer the app uses: capabilities (strings only)
 * and model_info (an object, or none). An answer that is not an object at all
 * throws a CodelumiError (`bad_response:ollama`) saying what came instead.
 */
export function readShow(
  value: unknown,
  model?: string,
): { capabilities: string[]; modelInfo?: Record<string, unknown> } {
  const parsed = showSchema.safeParse(value);
  if (!parsed.success) {
    const cause = parsed.error.issues[0].message;
    throw new CodelumiError('bad_response:ollama', `Ollama sent model details Codelumi cannot read (${cause}).`, {
      model,
      cause,
    });
  }
  return { capabilities: parsed.data.capabilities, modelInfo: parsed.data.model_info };
}
