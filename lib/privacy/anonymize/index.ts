/**
 * The anonymizer: finds secrets and personal data in text and replaces them
 * with typed placeholders (`<AWS_KEY>`, `<EMAIL>`, `<PATH>`), keeping the
 * rest readable. Pure and linear in the length of the text: every
 * expression is bounded and anchored (see provider-rules.ts), so no input
 * makes it slow. Used on contributions (client and hub), on project files
 * before they are indexed, and on a message before it goes to an Ollama on
 * another machine.
 */
import type { Detector, Finding } from './finding';
import { PROVIDER_RULES } from './provider-rules';
import { assignedSecrets, authHeaders, awsSecrets, passwords, privateKeys, urlCredentials } from './credentials';
import { emails, ipAddresses, names, phones } from './personal';
import { allPaths, homePaths } from './paths';
import { highEntropy } from './entropy';
import { mergeFindings, replaceFindings } from './merge';

export type { Finding } from './finding';

export interface AnonymizeOptions {
  /** Also every file path, not only home directories (for contributions, which share no path at all). */
  paths?: boolean;
}

const providerTokens: Detector = (text, lower) => {
  const out: Finding[] = [];
  for (const rule of PROVIDER_RULES) {
    if (!rule.keywords.some((k) => lower.includes(k))) continue;
    for (const m of text.matchAll(rule.pattern))
      out.push({ kind: rule.kind, start: m.index, end: m.index + m[0].length });
  }
  return out;
};

const DETECTORS: readonly Detector[] = [
  providerTokens,
  privateKeys,
  urlCredentials,
  awsSecrets,
  passwords,
  assignedSecrets,
  authHeaders,
  emails,
  phones,
  ipAddresses,
  names,
  homePaths,
  highEntropy,
];

/**
 * Every secret and personal datum in `text`, sorted by start, overlaps
 * merged (offsets are into `text`). Home-directory paths are always found;
 * other file paths only with `{ paths: true }`.
 */
export function findPrivateData(text: string, options: AnonymizeOptions = {}): Finding[] {
  const lower = text.toLowerCase();
  const found = DETECTORS.flatMap((detect) => detect(text, lower));
  if (options.paths) found.push(...allPaths(text, lower));
  return mergeFindings(found);
}

/** `text` with every finding replaced by its typed placeholder, and the findings (offsets into the input). */
export function anonymize(text: string, options: AnonymizeOptions = {}): { text: string; findings: Finding[] } {
  const findings = findPrivateData(text, options);
  return { text: replaceFindings(text, findings), findings };
}
