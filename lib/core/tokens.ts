/**
 * Token estimates without the model's tokenizer. Code and non-English text
 * tokenize denser than prose, so the estimate leans high: it is used to stay
 * inside the context window, where guessing low is the costly mistake.
 */

/** Estimated tokens of `text` (never below 1 for non-empty text). */
export function estimateTokens(text: string): number {
  if (!text) return 0;
  let ascii = 0;
  let other = 0;
  let symbols = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) other++;
    else {
      ascii++;
      if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 32)) symbols++;
    }
  }
  return Math.max(1, Math.ceil(ascii / 4 + symbols * 0.25 + other * 0.8));
}

/** Per-message overhead of chat templates (role markers, separators). */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** Estimated tokens of a chat message including template overhead. */
export function estimateMessageTokens(message: { content: string }): number {
  return estimateTokens(message.content) + MESSAGE_OVERHEAD_TOKENS;
}
