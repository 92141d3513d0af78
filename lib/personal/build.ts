/**
 * A personal model as the `POST /api/create` request that makes it (pure):
 * `from` the chosen base, `system` with what Codelumi learned, written as the
 * user speaking to the model, `messages` with a few of the best examples as
 * few-shot history, and `parameters` with a context length. The record of
 * what went in (memory ids, example ids, their conversations) comes with it,
 * so a version can be compared and checked against later deletions.
 */
import type { Memory, PersonalModel } from '../core/records';
import { estimateTokens } from '../core/tokens';
import { sourcesOf } from '../memory/sources';
import { inUserVoice } from './voice';
import { versionName } from './naming';
import type { PersonalExample } from './examples';

/** The `/api/create` request of a personal model, as Codelumi sends it. */
export interface PersonalCreateRequest {
  model: string;
  from: string;
  system: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
  parameters: Record<string, number | string | string[]>;
}

/** One part of the system text, for the preview: its heading and the memories (by id) behind its lines. */
export interface SystemSection {
  heading: string;
  lines: { memoryId: string; text: string }[];
}

/** A personal model ready to create: the request as sent, what went in (for versions and diffs), and the system text by section (for the preview). */
export interface BuiltPersonalModel {
  request: PersonalCreateRequest;
  inputs: PersonalModel['inputs'];
  sections: SystemSection[];
}

/** What a personal model is built from: its name and base, the usable memories and examples, and the context lengths that set `num_ctx`. */
export interface PersonalModelSpec {
  family: string;
  version: number;
  base: string;
  /** Usable memories (see inputs.ts memoryUsable), in the order they were learned. */
  memories: readonly Memory[];
  /** Examples, best first (see inputs.ts gatherMaterial). */
  examples: readonly PersonalExample[];
  /** The base's own context length from /api/show, when known. */
  baseContextLength?: number;
  /** The context length set in Settings (0 = the model's own). */
  settingsContextLength?: number;
}

/** The window a personal model asks for when Settings leave it to the model: the model's own, at most this. */
export const NUM_CTX_CAP = 8192;
/** Never less than this: the system text and examples must leave room for the user's own chat. */
const NUM_CTX_FLOOR = 2048;

/** Most lines per section: a system text is read before every answer, so it stays short. */
const MAX_LINES = 12;

const OPENING =
  'I am the developer you are working with. Codelumi, my local coding assistant, wrote this from what I told it ' +
  'and from how I reacted to its answers. Follow it in every answer unless I say otherwise in the conversation.';

/** The sections of the system text, in the order they weigh: what I prefer, my corrections, who I am, my projects. */
export function systemSections(memories: readonly Memory[]): SystemSection[] {
  const groups: { heading: string; pick: (m: Memory) => boolean }[] = [
    { heading: 'How I want you to answer', pick: (m) => m.kind === 'preference' },
    { heading: 'Mistakes I corrected (do not repeat them)', pick: (m) => m.kind === 'correction' },
    { heading: 'About me', pick: (m) => m.kind === 'fact' },
    { heading: 'My projects', pick: (m) => m.kind === 'project_note' },
  ];
  const rank = (m: Memory) => (m.source === 'user' ? 3 : m.source === 'explicit' ? 2 : 1);
  return groups
    .map(({ heading, pick }) => ({
      heading,
      lines: memories
        .filter(pick)
        // The user's own words first, then what they said in chats, then what was inferred; newest first within each.
        .sort((a, b) => rank(b) - rank(a) || b.updatedAt - a.updatedAt)
        .slice(0, MAX_LINES)
        .map((m) => ({ memoryId: m.id, text: inUserVoice(m) })),
    }))
    .filter((s) => s.lines.length > 0);
}

/**
 * `sections` cut to a system text of at most `limit` tokens, whole lines at a
 * time, the least weighty first: the last section's last line (sections and
 * their lines are in the order they weigh). A line is never cut in half.
 */
export function fitSections(sections: readonly SystemSection[], limit: number): SystemSection[] {
  const kept = sections.map((s) => ({ ...s, lines: [...s.lines] }));
  while (kept.length > 0 && estimateTokens(systemText(kept)) > limit) {
    const last = kept[kept.length - 1];
    last.lines.pop();
    if (last.lines.length === 0) kept.pop();
  }
  return kept;
}

/** The system text for `sections` ('' when nothing was learned). */
export function systemText(sections: readonly SystemSection[]): string {
  if (sections.length === 0) return '';
  const body = sections.map((s) => `## ${s.heading}\n${s.lines.map((l) => `- ${l.text}`).join('\n')}`);
  return [OPENING, ...body].join('\n\n');
}

/**
 * The context length to create the model with: the one set in Settings, or
 * else the base's own capped at 8192 (as chats use it); never below 2048.
 */
export function numCtxFor(baseContextLength: number | undefined, settingsContextLength = 0): number {
  const wanted =
    settingsContextLength > 0 ? settingsContextLength : Math.min(baseContextLength ?? NUM_CTX_CAP, NUM_CTX_CAP);
  const ceiling = baseContextLength && baseContextLength > 0 ? baseContextLength : Number.MAX_SAFE_INTEGER;
  return Math.max(Math.min(wanted, ceiling), Math.min(NUM_CTX_FLOOR, ceiling));
}

/**
 * The create request and what went in. System text and examples together
 * take at most a quarter of the context window: the system text is cut to
 * the quarter first (fitSections), then examples are kept, best first, while
 * they fit what is left; `inputs` lists exactly the memories and examples sent.
 */
export function buildPersonalModel(spec: PersonalModelSpec): BuiltPersonalModel {
  const numCtx = numCtxFor(spec.baseContextLength, spec.settingsContextLength);
  const quarter = Math.floor(numCtx / 4);
  const sections = fitSections(systemSections(spec.memories), quarter);
  const system = systemText(sections);
  const budget = quarter - estimateTokens(system);
  const messages: PersonalCreateRequest['messages'] = [];
  const used: PersonalExample[] = [];
  let spent = 0;
  for (const example of spec.examples) {
    const cost = estimateTokens(example.question) + estimateTokens(example.answer) + 8;
    if (spent + cost > budget) continue;
    spent += cost;
    used.push(example);
    messages.push({ role: 'user', content: example.question }, { role: 'assistant', content: example.answer });
  }
  const memoryIds = sections.flatMap((s) => s.lines.map((l) => l.memoryId));
  // Every chat whose words are in the model: the examples', and each memory's whose words come from one (its
  // latest source's; the user's own words are theirs, whatever chat they were written beside).
  const byId = new Map(spec.memories.map((m) => [m.id, m]));
  const memoryChats = memoryIds.flatMap((id) => {
    const m = byId.get(id);
    const chat = m && m.source !== 'user' ? sourcesOf(m).at(-1)?.conversationId : undefined;
    return chat ? [chat] : [];
  });
  const conversationIds = [...new Set([...used.map((e) => e.conversationId), ...memoryChats])];
  return {
    request: {
      model: versionName(spec.family, spec.version),
      from: spec.base,
      system,
      messages,
      parameters: { num_ctx: numCtx },
    },
    inputs: { memoryIds, exampleIds: used.map((e) => e.id), conversationIds },
    sections,
  };
}
