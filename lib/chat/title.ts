/**
 * Automatic conversation titles: a fallback cut from the first question at
 * once, then a short title from the model when it answers in time.
 */
import type { OllamaClient } from '../ollama/client';
import { stripFencedCode } from '../markdown/fences';

/**
 * One line of markdown as plain text: heading and quote markers, emphasis and
 * link syntax go, while inline code and identifiers (snake_case, C#, arr[0])
 * stay exactly as typed.
 */
function plainLine(line: string): string {
  return line
    .replace(/^\s*(?:>\s*)*(?:#{1,6}\s+)?/, '')
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part.slice(1, -1)
        : part
            .replace(/!?\[([^[\]]*)\]\([^)]*\)/g, '$1')
            .replace(/\*+/g, '')
            // Only underscores at a word's edge are emphasis; inside a word they are part of it.
            .replace(/(^|[^\p{L}\p{N}_])_+|(?<!_)_+(?=[^\p{L}\p{N}_]|$)/gu, '$1'),
    )
    .join('');
}

/** A title from the first question: first line, markdown and code blocks stripped, cut at a word, at most `max` characters. */
export function fallbackTitle(question: string, max = 48): string {
  const text = stripFencedCode(question)
    .split('\n')
    .map((l) => plainLine(l).trim())
    .find((l) => l.length > 0);
  if (!text) return 'Code snippet';
  const clean = text.replace(/\s+/g, ' ');
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.5 ? cut.slice(0, space) : cut).replace(/(?<![\s,.;:!?-])[\s,.;:!?-]+$/, '')}…`;
}

/** Cleans what a model returned as a title: one line, no quotes, no "Title:" label, sane length. Empty when unusable. */
export function cleanModelTitle(raw: string): string {
  const line = raw
    // A reasoning block, also one cut off by the token limit before </think>.
    .replace(/<think>[\s\S]*?(<\/think>|$)/gi, '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line) return '';
  const title = line
    .replace(/^(title|conversation title)\s*:\s*/i, '')
    .replace(/^[#*"'`“”‘’\s]+|(?<![#*"'`“”‘’\s.])[#*"'`“”‘’\s.]+$/g, '')
    .replace(/\s+/g, ' ');
  if (title.length < 2) return '';
  return title.length > 60 ? `${title.slice(0, 59).trimEnd()}…` : title;
}

/** Asks the model for a short title of the first exchange. Resolves '' when the model gives nothing usable. */
export async function generateTitle(
  client: OllamaClient,
  model: string,
  question: string,
  answer: string,
): Promise<string> {
  const res = await client.chat({
    model,
    stream: false,
    // A thinking model would spend the few tokens on reasoning and leave no title.
    think: false,
    options: { temperature: 0.2, num_predict: 32 },
    messages: [
      {
        role: 'system',
        content:
          'You name chat conversations. Reply with a title of 2 to 6 words for the conversation below. ' +
          'No quotes, no punctuation at the end, nothing else.',
      },
      { role: 'user', content: `Question: ${question.slice(0, 1500)}\n\nAnswer: ${answer.slice(0, 1500)}` },
    ],
  });
  return cleanModelTitle(res.message?.content ?? '');
}
