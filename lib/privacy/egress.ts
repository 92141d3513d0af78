/**
 * The one gate for requests to hosts other than the app's own origin and the
 * user's Ollama. Only the Codelumi Hub is such a host, and only at a privacy
 * tier that allows the request's purpose; nothing else in the product calls
 * `fetch` for another host (a lint rule holds the rest of the code to it).
 */
import { CodelumiError } from '../core/errors';
import { tierAllows, type HubPurpose, type PrivacyTier } from './tiers';

export interface HubAccess {
  privacyTier: PrivacyTier;
  hubUrl: string;
}

/** The hub's origin and base path, or undefined when `hubUrl` is not an http(s) address. */
export function hubBase(hubUrl: string): URL | undefined {
  try {
    const url = new URL(hubUrl.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url;
  } catch {
    return undefined;
  }
}

/**
 * Makes a request to the hub at `path` (relative, e.g. "v1/pack") for
 * `purpose`. Throws `CodelumiError('refused:egress')` without any request
 * when the tier does not allow the purpose or the hub address is not valid.
 */
export async function hubFetch(
  access: HubAccess,
  purpose: HubPurpose,
  path: string,
  init: RequestInit = {},
  fetchImpl: typeof fetch = fetch,
): Promise<Response> {
  if (!tierAllows(access.privacyTier, purpose)) {
    throw new CodelumiError('refused:egress', `Privacy tier ${access.privacyTier} does not allow ${purpose} requests`);
  }
  const base = hubBase(access.hubUrl);
  if (!base) throw new CodelumiError('refused:egress', `Not a hub address: ${access.hubUrl}`);
  const url = new URL(path.replace(/^\/+/, ''), base);
  if (url.origin !== base.origin) throw new CodelumiError('refused:egress', `Not on the hub: ${path}`);
  return fetchImpl(url, { ...init, credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' });
}
