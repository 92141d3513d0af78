/**
 * Overlapping findings become one, and findings become typed placeholders.
 * Where two overlap, the merged span covers both and takes the kind of the
 * more specific one (a provider's token over a generic secret over personal
 * data over the entropy fallback; between kinds of one rank, the longer).
 */
import type { Finding } from './finding';

const PRIORITY: Record<string, number> = {
  private_key: 5,
  url_credentials: 4,
  jwt: 4,
  aws_secret: 4,
  password: 3,
  secret: 3,
  email: 2,
  phone: 2,
  ip: 2,
  name: 2,
  path: 2,
  high_entropy: 0,
};
/** Provider tokens (aws_key, github_token, …) rank with private keys: their format is certain. */
const priority = (kind: string) => PRIORITY[kind] ?? 5;

/** The findings sorted by start, overlapping (or touching-inside) ones merged; every span non-empty. */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const sorted = findings.filter((f) => f.end > f.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) {
      const keep =
        priority(f.kind) > priority(last.kind) ||
        (priority(f.kind) === priority(last.kind) && f.end - f.start > last.end - last.start);
      out[out.length - 1] = { kind: keep ? f.kind : last.kind, start: last.start, end: Math.max(last.end, f.end) };
    } else {
      out.push({ ...f });
    }
  }
  return out;
}

const PLACEHOLDER: Record<string, string> = {
  aws_key: 'AWS_KEY',
  aws_secret: 'AWS_SECRET',
  url_credentials: 'CREDENTIALS',
  private_key: 'PRIVATE_KEY',
  high_entropy: 'SECRET',
  ip: 'IP',
};

/** `<AWS_KEY>`, `<EMAIL>`, `<PATH>`: the placeholder for a kind. */
export function placeholderFor(kind: string): string {
  return `<${PLACEHOLDER[kind] ?? kind.toUpperCase()}>`;
}

/** `text` with each finding (sorted, not overlapping) replaced by its placeholder. */
export function replaceFindings(text: string, findings: readonly Finding[]): string {
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + placeholderFor(f.kind);
    at = f.end;
  }
  return out + text.slice(at);
}
