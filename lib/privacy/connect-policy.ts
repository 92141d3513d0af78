/**
 * The page's `connect-src`, narrowed to where Codelumi may send requests: its
 * own origin, the user's Ollama and, only at a tier that receives or shares,
 * the hub. The static policy in app/layout.tsx cannot know those addresses
 * (a static export is built once for every user), so it stays broad; this
 * narrower policy is added at boot by a script in <head>, before the app's
 * first request (two policies both apply: a request must pass each). The
 * script reads the addresses from a localStorage mirror the app keeps in step
 * with the settings, because IndexedDB cannot be read synchronously.
 *
 * What it does not govern: workers loaded from the app's own files (the
 * analysis worker, the service worker) have the policy of their own response,
 * not the page's; they reach only the app's origin and Ollama (the lint rule on
 * network primitives and the tier-0 e2e test hold them to it). The code
 * sandbox's blob: worker inherits its frame's own, stricter policy.
 */
import { hubBase } from './egress';
import { tierAllows, type PrivacyTier } from './tiers';

/** The localStorage key of the mirrored list of origins the page may connect to. */
export const CONNECT_POLICY_KEY = 'codelumi:connect-src';

/** The origins (besides the app's own) the page may connect to with these settings, Ollama first. */
export function connectOrigins(settings: { ollamaHost: string; privacyTier: PrivacyTier; hubUrl: string }): string[] {
  const origins: string[] = [];
  const ollama = originOf(settings.ollamaHost);
  if (ollama) origins.push(ollama);
  const hub = hubBase(settings.hubUrl)?.origin;
  if (hub && tierAllows(settings.privacyTier, 'pack') && !origins.includes(hub)) origins.push(hub);
  return origins;
}

/** Whether a page whose boot applied `applied` (undefined: nothing narrowed) may connect to `address`. */
export function policyAllows(applied: readonly string[] | undefined, address: string): boolean {
  if (!applied) return true;
  const origin = originOf(address);
  return !!origin && applied.includes(origin);
}

function originOf(address: string): string | undefined {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The name the boot script leaves the applied origins under, on `window` (undefined: not narrowed). */
export const APPLIED_CONNECT_GLOBAL = '__codelumiConnectSrc';

/**
 * Runs first in <head>: adds `connect-src 'self' blob: data: <origins>` from the
 * mirror. Without a mirror (the first visit, or storage unavailable) nothing is
 * added and the app writes one for the next load. Only http(s) origins pass,
 * so nothing in storage can add another directive.
 */
export const CONNECT_POLICY_BOOT_SCRIPT = `(function(){try{var o=JSON.parse(localStorage.getItem('${CONNECT_POLICY_KEY}')||'null');if(!Array.isArray(o))return;var s=o.filter(function(x){try{var u=new URL(x);return typeof x==='string'&&(u.protocol==='http:'||u.protocol==='https:')&&u.origin===x}catch(e){return false}});var m=document.createElement('meta');m.httpEquiv='Content-Security-Policy';m.content="connect-src 'self' blob: data: "+s.join(' ');document.head.appendChild(m);window.${APPLIED_CONNECT_GLOBAL}=s;}catch(e){console.warn('Codelumi could not narrow connect-src',e)}})();`;
