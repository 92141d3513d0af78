/**
 * App settings: one row per key, validated with zod on the way out, so a
 * corrupt or old row falls back to its default instead of breaking the app.
 */
import * as z from '../core/zod';
import type { CodelumiDB } from './db';
import { guardWrite } from './guard';
import { ANSWER_LENGTHS, DEFAULT_VOICE, TONES } from '../core/voice';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

/** The hub `npm run hub` starts on this machine; a deployed hub's address replaces it in Settings. */
export const DEFAULT_HUB_URL = 'http://127.0.0.1:8787';

/** A whole number from `min` to `max`, `fallback` when not set. */
function whole(min: number, max: number, fallback: number) {
  return z._default(z.wholeNumber(min, max), fallback);
}

export const settingsSchema = z.object({
  /** Where the user's Ollama listens. */
  ollamaHost: z._default(z.string().check(z.minLength(1)), DEFAULT_OLLAMA_HOST),
  /** Model for new conversations; empty = the first installed chat model. */
  defaultModel: z._default(z.string(), ''),
  theme: z._default(z.enum(['system', 'light', 'dark']), 'system'),
  /** Context window asked of Ollama (num_ctx); 0 = the model's own, capped at 8192. */
  contextLength: whole(0, 1_048_576, 0),
  /**
   * Longest answer, in tokens (Ollama's num_predict): a model caught in a loop
   * stops here instead of writing forever; Continue asks for more.
   */
  maxAnswerTokens: whole(64, 131_072, 4096),
  /** Seconds without a word from Ollama, once an answer streams, before Codelumi stops waiting and keeps what arrived. */
  silenceTimeoutSec: whole(1, 3600, 60),
  /** How long Ollama keeps the model loaded after an answer. */
  keepAlive: z._default(z.string(), '5m'),
  /** Name new conversations with the model (otherwise from the first question). */
  autoTitle: z._default(z.boolean(), true),
  /** System prompt added to every conversation. */
  globalSystemPrompt: z._default(z.string(), ''),
  /** Code runner: seconds a run may take before the sandbox stops it. */
  runTimeLimitSec: whole(1, 300, 10),
  /** Code runner: run an answer's code of these languages as soon as the answer is complete. */
  autoRun: z._default(z.object({ python: z.boolean(), javascript: z.boolean(), typescript: z.boolean() }), {
    python: true,
    javascript: true,
    typescript: true,
  }),
  /** Code runner: also auto-run code that uses the network or the DOM (otherwise only by the Run button). */
  autoRunSideEffects: z._default(z.boolean(), false),
  /** Code runner: after a failed run, ask the model for a fix and run it, up to this many attempts (0 = only on Fix it). */
  autoFixRetries: whole(0, 5, 0),
  /** How much Codelumi writes around the code (see lib/prompt/persona). */
  answerLength: z._default(z.enum(ANSWER_LENGTHS), DEFAULT_VOICE.answerLength),
  /** How Codelumi sounds. */
  tone: z._default(z.enum(TONES), DEFAULT_VOICE.tone),
  /** Learning: ask the local model what an unclear follow-up meant, while Ollama is idle (lib/learning/judge). */
  signalJudge: z._default(z.boolean(), false),
  /** Learning: the model the judge asks; empty = the model that wrote the answer. */
  signalJudgeModel: z._default(z.string(), ''),
  /** Privacy tier, 0 (isolated: nothing leaves, nothing comes) to 3 (see lib/privacy/tiers.ts). */
  privacyTier: z._default(z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]), 0),
  /** Where the Codelumi Hub listens (contributions and community packs); asked only at tier 1 and above. */
  hubUrl: z._default(z.string().check(z.minLength(1)), DEFAULT_HUB_URL),
  /** The user has seen the first-run choice of privacy tier (it is offered once). */
  privacyTierOffered: z._default(z.boolean(), false),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** Builds a full Settings object from stored rows; unknown keys are ignored and bad values fall back to defaults. */
export function settingsFromRows(rows: readonly { key: string; value: unknown }[]): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const shape = settingsSchema.shape as Record<string, z.ZodMiniType>;
  for (const { key, value } of rows) {
    const field = shape[key];
    if (!field) continue;
    const parsed = field.safeParse(value);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as Settings;
}

/** Reads every setting, with defaults for what was never set. */
export async function getSettings(db: CodelumiDB): Promise<Settings> {
  return settingsFromRows(await db.settings.toArray());
}

/** Stores one setting after validating it; throws a zod error for a bad value. */
export async function setSetting<K extends SettingKey>(db: CodelumiDB, key: K, value: Settings[K]): Promise<void> {
  const field = (settingsSchema.shape as Record<string, z.ZodMiniType>)[key];
  const parsed = field.parse(value);
  await guardWrite(() => db.settings.put({ key, value: parsed }));
}

/** True when the address names its port itself (URL drops a default one such as :80). */
function namesPort(address: string): boolean {
  const authority = address
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .split(/[/?#]/)[0]
    .replace(/^.*@/, '');
  return /:\d+$/.test(authority.replace(/^\[[^\]]*\]/, ''));
}

/**
 * Normalises what a user typed as an Ollama address the way ollama-js and
 * OLLAMA_HOST read it: a bare host gets http:// and port 11434, ':port' means
 * this machine, and an explicit scheme keeps that scheme's own default port.
 */
export function normalizeHost(input: string): string {
  let text = input.trim();
  if (!text) return DEFAULT_OLLAMA_HOST;
  if (text.startsWith(':')) text = `http://127.0.0.1${text}`;
  const explicitScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (!explicitScheme) text = `http://${text}`;
  try {
    const url = new URL(text);
    if (!explicitScheme && !namesPort(text)) url.port = '11434';
    return url.origin + url.pathname.replace(/(?<!\/)\/+$/, '');
  } catch {
    return text.replace(/(?<!\/)\/+$/, '');
  }
}
