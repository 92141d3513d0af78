/**
 * Some models (or older Ollama versions) put their reasoning inline as
 * `<think>…</think>` at the start of the answer instead of in `thinking`.
 * This splits it out so the reasoning can be shown collapsed either way.
 */

export interface SplitThinking {
  thinking: string;
  content: string;
}

/** Splits a leading <think> block (possibly still open while streaming) from the answer text. */
export function splitThinkTags(raw: string): SplitThinking {
  const lead = raw.match(/^\s*<(think|thinking)>/);
  if (!lead) {
    // While streaming, "<", "<thi" … may be the start of the tag: show nothing yet rather than flash it.
    const start = raw.trimStart();
    if (start && '<thinking>'.startsWith(start)) return { thinking: '', content: '' };
    return { thinking: '', content: raw };
  }
  const open = lead[0].length;
  const closeTag = `</${lead[1]}>`;
  const close = raw.indexOf(closeTag, open);
  if (close === -1) return { thinking: raw.slice(open).trimStart(), content: '' };
  return { thinking: raw.slice(open, close).trim(), content: raw.slice(close + closeTag.length).trimStart() };
}
