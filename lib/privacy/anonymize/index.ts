/**
 * PLACEHOLDER for the anonymizer (issue 15, written by another helper): the
 * contract's API only, with a deliberately small rule set (e-mail addresses),
 * so the contribution builder can call it. Replaced at merge by the real one.
 */

/** One piece of secret or personal data found in a text; offsets refer to the input. */
export interface Finding {
  kind: string;
  start: number;
  end: number;
}

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g;

/** Every piece of private data found in `text`, in order. */
export function findPrivateData(text: string): Finding[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ kind: 'email', start: m.index, end: m.index + m[0].length }));
}

/** `text` with each finding replaced by a typed placeholder (`<EMAIL>`), and the findings. */
export function anonymize(text: string, _options: { paths?: boolean } = {}): { text: string; findings: Finding[] } {
  const findings = findPrivateData(text);
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += `${text.slice(at, f.start)}<${f.kind.toUpperCase()}>`;
    at = f.end;
  }
  return { text: out + text.slice(at), findings };
}
