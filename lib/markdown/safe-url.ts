/**
 * Link targets in model output are untrusted. Only web addresses, mail links
 * and in-page anchors survive; javascript:, data:, vbscript:, file: and
 * anything else become '' (rendered as inert text).
 */
const SAFE_URL = /^(https?:\/\/|mailto:|#)/i;

/** The URL when it is safe to put in an href, else ''. */
export function safeUrl(url: string): string {
  // Browsers ignore tabs/newlines inside a scheme ("java\nscript:"); strip them before checking.
  const cleaned = url.replace(/[\u0000-\u001F\u007F\s]+/g, '');
  return SAFE_URL.test(cleaned) ? cleaned : '';
}
