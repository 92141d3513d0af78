/**
 * Who may post to the share target. The operating system's share sheet
 * opens it as a navigation no page started (`Sec-Fetch-Site: none`); the
 * app's own pages may too. A form on another website must not: it could
 * drop text of its choosing into a new chat's message box, one Enter away
 * from being sent with the user's context.
 */

/** The headers the decision reads (a Request's Headers in the service worker). */
export interface ShareHeaders {
  get(name: string): string | null;
}

/**
 * True when the share post comes from the device's share sheet or from this
 * origin. Uses Sec-Fetch-Site where the browser sends it (it cannot be set by
 * a page); otherwise the Origin header, which must be absent or this origin.
 */
export function isShareFromTrustedSource(headers: ShareHeaders, origin: string): boolean {
  const site = headers.get('sec-fetch-site');
  if (site !== null) return site === 'none' || site === 'same-origin';
  const from = headers.get('origin');
  return from === null || from === origin;
}
