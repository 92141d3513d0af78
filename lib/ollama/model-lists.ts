/**
 * Reads Ollama's model lists (/api/tags, /api/ps, /api/show) as untrusted
 * JSON: whatever answers at the user's address may send any shape. A field of
 * the wrong type becomes its empty value (an object where a name belongs
 * would otherwise reach React as a child and break the page), an entry with
 * no name is dropped, and lists and strings are capped.
 */
import * as z from '../core/zod';
import { CodelumiError } from '../core/errors';

/** More models than anyone installs; a longer list is not Ollama's. */
const MAX_MODELS = 1000;

const text = (max: number) => z.catch(z.string().check(z.maxLength(max)), '');
// z.number() refuses NaN and the infinities.
const size = z.catch(z.number().check(z.nonnegative()), 0);
const name = z.string().check(z.minLength(1), z.maxLength(256));
/** A time as Ollama sends it (a string), or as a client already revived it (a Date). */
const time = z.union([
  z.string().check(z.maxLength(64)),
  z.pipe(
    z.date(),
    z.transform((d) => d.toISOString()),
  ),
]);

const tagSchema = z.object({
  name,
  size,
  modified_at: z.catch(time, ''),
  digest: text(128),
  details: z.catch(
    z.partial(z.object({ family: text(64), parameter_size: text(32), quantization_level: text(32) })),
    {},
  ),
});

const runningSchema = z.object({
  name,
  size_vram: z.optional(size),
  expires_at: z.catch(z.optional(time), undefined),
});

/** One installed model as /api/tags lists it. */
export type TagEntry = z.infer<typeof tagSchema>;
/** One loaded model as /api/ps lists it. */
export type RunningEntry = z.infer<typeof runningSchema>;

/** The valid entries of a `{ models: [...] }` answer (none when it has no list). */
function entries<T>(value: unknown, schema: z.ZodMiniType<T>): T[] {
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
  capabilities: z.pipe(
    z.catch(z.array(z.unknown()), []),
    z.transform((list) => list.filter((c): c is string => typeof c === 'string' && c.length <= 64).slice(0, 32)),
  ),
  model_info: z.catch(z.optional(z.record(z.string(), z.unknown())), undefined),
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
