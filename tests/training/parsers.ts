/**
 * Small readers written to each tool's documented format, to read the
 * exported files back as those tools would (and refuse what they would).
 *
 * - TRL conversational language modeling (also Axolotl chat_template,
 *   Unsloth, mlx-lm): {"messages": [{role, content}]}, an optional system
 *   message first, then user and assistant alternating, the last one the assistant.
 * - ShareGPT: {"conversations": [{from, value}]}, an optional system turn,
 *   then human and gpt alternating, ending with gpt.
 * - TRL standard preference (DPO/ORPO): prompt, chosen, rejected, three
 *   non-empty strings; Axolotl chatml.prompt_pairs adds an optional system string.
 */

type Turn = { speaker: string; text: string };

function alternate(turns: Turn[], system: string, first: string, second: string): void {
  const body = turns[0]?.speaker === system ? turns.slice(1) : turns;
  if (body.length < 2) throw new Error('needs at least one exchange');
  body.forEach((t, i) => {
    const want = i % 2 === 0 ? first : second;
    if (t.speaker !== want) throw new Error(`turn ${i}: expected ${want}, got ${t.speaker}`);
    if (typeof t.text !== 'string' || !t.text) throw new Error(`turn ${i}: empty`);
  });
  if (body.at(-1)!.speaker !== second) throw new Error(`the last turn must be ${second}`);
}

function objectLine(line: string): Record<string, unknown> {
  const v: unknown = JSON.parse(line);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('a line must be a JSON object');
  return v as Record<string, unknown>;
}

/** One TRL conversational line, or an error saying why a trainer would refuse it. */
export function parseTrlMessages(line: string): { role: string; content: string }[] {
  const messages = objectLine(line).messages;
  if (!Array.isArray(messages)) throw new Error('messages must be a list');
  for (const m of messages) {
    if (!m || typeof m.role !== 'string' || typeof m.content !== 'string')
      throw new Error('each message needs role and content');
  }
  alternate(
    messages.map((m: { role: string; content: string }) => ({ speaker: m.role, text: m.content })),
    'system',
    'user',
    'assistant',
  );
  return messages;
}

/** One ShareGPT line. */
export function parseShareGpt(line: string): { from: string; value: string }[] {
  const turns = objectLine(line).conversations;
  if (!Array.isArray(turns)) throw new Error('conversations must be a list');
  for (const t of turns) {
    if (!t || typeof t.from !== 'string' || typeof t.value !== 'string')
      throw new Error('each turn needs from and value');
  }
  alternate(
    turns.map((t: { from: string; value: string }) => ({ speaker: t.from, text: t.value })),
    'system',
    'human',
    'gpt',
  );
  return turns;
}

/** One preference line. */
export function parsePreference(line: string): { system?: string; prompt: string; chosen: string; rejected: string } {
  const v = objectLine(line);
  for (const k of ['prompt', 'chosen', 'rejected']) {
    if (typeof v[k] !== 'string' || !(v[k] as string).trim()) throw new Error(`${k} must be a non-empty string`);
  }
  if (v.system !== undefined && typeof v.system !== 'string') throw new Error('system must be a string');
  return v as { system?: string; prompt: string; chosen: string; rejected: string };
}

/** Every line of a JSONL file through `parse` (a final newline is allowed, an empty line inside is not). */
export function readJsonl<T>(text: string, parse: (line: string) => T): T[] {
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new Error('a JSONL file ends with a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      try {
        return parse(line);
      } catch (err) {
        throw new Error(`line ${i + 1}: ${(err as Error).message}`);
      }
    });
}
