/**
 * POST /api/embed and the legacy /api/embeddings, with deterministic vectors:
 * feature hashing of lower-cased words and character trigrams, L2-normalised,
 * so texts sharing words score a high cosine similarity and unrelated texts a low one.
 */
import { keepAliveMs } from './bind';
import { bindJson, sendError, sendJson, str, type RequestContext } from './http';
import { fnv1a } from './tokens';

/** Vector length of every fake embedding. */
export const EMBEDDING_DIMS = 384;

function addFeature(vec: Float64Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  const sign = fnv1a(feature, 0x9747b28c) & 1 ? 1 : -1;
  vec[h % vec.length] += sign * weight;
}

/** Words that say little about a text's topic; they get a small weight. */
const STOPWORDS = new Set(
  'a an and are as at be by do does for from how i in is it of on or the this that to what when where which why with you your'.split(
    ' ',
  ),
);

/** A crude stem so 'sorting', 'sorted' and 'sorts' share a feature with 'sort'. */
function stem(w: string): string {
  return w.length > 4 ? w.replace(/(ings?|ed|es|s)$/, '') : w;
}

/**
 * The embedding of one text: same text, same vector; unit length (a blank text
 * still gets a fixed non-zero vector).
 */
export function embedText(text: string, dims = EMBEDDING_DIMS): number[] {
  const vec = new Float64Array(dims);
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  for (const w of words) {
    const weight = STOPWORDS.has(w) ? 0.15 : 1;
    addFeature(vec, `w:${stem(w)}`, weight);
    const padded = ` ${w} `;
    for (let i = 0; i + 3 <= padded.length; i++) addFeature(vec, `t:${padded.slice(i, i + 3)}`, 0.3 * weight);
  }
  if (!words.length) addFeature(vec, 'empty', 1);
  return normalize(Array.from(vec));
}

function normalize(v: number[]): number[] {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

/** Cosine similarity of two vectors of the same length. */
export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / (Math.sqrt(na * nb) || 1);
}

const wordCount = (t: string) => (t.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? []).length + 2;

/** POST /api/embed: `input` is a string or an array of strings. */
export function handleEmbed(ctx: RequestContext): void {
  const started = process.hrtime.bigint();
  const body = bindJson(ctx, 'EmbedRequest');
  if (!body) return;
  const requested = str(body.model);
  const raw = body.input;
  let inputs: string[];
  if (typeof raw === 'string') inputs = raw ? [raw] : [];
  else if (Array.isArray(raw)) {
    if (!raw.every((x) => typeof x === 'string')) return sendError(ctx.res, 400, 'invalid input type');
    inputs = raw as string[];
  } else if (raw === undefined || raw === null) inputs = [];
  else return sendError(ctx.res, 400, 'invalid input type');

  const model = ctx.state.catalog.find(requested);
  if (!model) return sendError(ctx.res, 404, `model '${requested}' not found`);
  ctx.state.catalog.load(model, keepAliveMs(body.keep_alive));
  if (!inputs.length) return sendJson(ctx.res, 200, { model: requested, embeddings: [] });

  const dims =
    typeof body.dimensions === 'number' && body.dimensions > 0 && body.dimensions < EMBEDDING_DIMS
      ? body.dimensions
      : undefined;
  const embeddings = inputs.map((t) => {
    const v = embedText(t);
    return dims ? normalize(v.slice(0, dims)) : v;
  });
  sendJson(ctx.res, 200, {
    model: requested,
    embeddings,
    total_duration: Math.max(1, Number(process.hrtime.bigint() - started)),
    load_duration: 1_000_000,
    prompt_eval_count: inputs.reduce((n, t) => n + wordCount(t), 0),
  });
}

/** POST /api/embeddings (legacy): `prompt` in, `{"embedding": [...]}` out. */
export function handleEmbeddings(ctx: RequestContext): void {
  const body = bindJson(ctx, 'EmbeddingRequest');
  if (!body) return;
  const requested = str(body.model);
  if (!requested.trim()) return sendError(ctx.res, 400, 'model is required');
  const model = ctx.state.catalog.find(requested);
  if (!model) return sendError(ctx.res, 404, `model ${JSON.stringify(requested)} not found, try pulling it first`);
  ctx.state.catalog.load(model, keepAliveMs(body.keep_alive));
  const prompt = str(body.prompt);
  sendJson(ctx.res, 200, { embedding: prompt ? embedText(prompt) : [] });
}
