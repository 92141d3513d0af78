/**
 * Words for what a preview's sandbox blocked, shown in the preview's output
 * so the user sees why a page did not load something ("Blocked: network
 * request to http://… (previews cannot use the network)").
 */

/** The fields of a `securitypolicyviolation` event that say what was blocked. */
export interface Violation {
  effectiveDirective: string;
  blockedURI: string;
}

const NETWORK = 'previews cannot use the network';

function shown(uri: string): string {
  return uri.length > 200 ? `${uri.slice(0, 200)}…` : uri;
}

/** One line saying what a CSP violation blocked and why; the same violation always gives the same line. */
export function violationLine(v: Violation): string {
  const uri = shown(v.blockedURI || 'an address');
  const d = v.effectiveDirective;
  if (d === 'connect-src') return blockedLine(`network request to ${uri}`, NETWORK);
  if (d === 'webrtc') return blockedLine('WebRTC connection', NETWORK);
  if (d === 'form-action') return blockedLine(`form submission to ${uri}`, 'previews cannot submit forms');
  if (d === 'frame-src' || d === 'child-src') return blockedLine(`frame of ${uri}`, NETWORK);
  if (d === 'worker-src') return blockedLine(`worker from ${uri}`, 'previews cannot start workers');
  if (d.startsWith('script-src') && (uri === 'eval' || uri === 'wasm-eval'))
    return blockedLine('eval() and new Function()', "previews run only the page's own scripts");
  if (uri === 'inline') return blockedLine(`inline code (${d})`, "previews run only the page's own scripts and styles");
  return blockedLine(`loading ${uri}`, NETWORK);
}

/** The line shown for a blocked action: "Blocked: <what> (<why>)". */
export function blockedLine(what: string, why: string): string {
  return `Blocked: ${what} (${why})\n`;
}

/** The line shown when a preview tried to leave its page for `url` (cut to 200 characters). */
export function navigationLine(url: string): string {
  return blockedLine(`navigation to ${url.slice(0, 200)}`, 'previews stay on their page');
}
