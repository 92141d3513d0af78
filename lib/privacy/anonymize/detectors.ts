/**
 * The detectors, in two sets: every kind (contributions, the eval CLI, the
 * hub's check) and only the secrets (the project scan and the warning before
 * a message goes to a remote Ollama), which need not pay for the others.
 */
import type { Detector, Finding } from './finding';
import { PROVIDER_RULES } from './provider-rules';
import { assignedSecrets, authHeaders, awsSecrets, passwords, privateKeys, urlCredentials } from './credentials';
import { emails, ipAddresses, names, phones } from './personal';
import { allPaths, homePaths } from './paths';
import { highEntropy } from './entropy';
import { mergeFindings } from './merge';

const providerTokens: Detector = (text, lower) => {
  const out: Finding[] = [];
  for (const rule of PROVIDER_RULES) {
    if (!rule.keywords.some((k) => lower.includes(k))) continue;
    for (const m of text.matchAll(rule.pattern))
      out.push({ kind: rule.kind, start: m.index, end: m.index + m[0].length });
  }
  return out;
};

/** Detectors of secrets: keys, tokens, private keys, credentials, passwords. */
export const SECRET_DETECTORS: readonly Detector[] = [
  providerTokens,
  privateKeys,
  urlCredentials,
  awsSecrets,
  passwords,
  assignedSecrets,
  authHeaders,
];

/** Every detector but the general file paths (asked for separately). */
export const ALL_DETECTORS: readonly Detector[] = [
  ...SECRET_DETECTORS,
  emails,
  phones,
  ipAddresses,
  names,
  homePaths,
  highEntropy,
];

export const PATH_DETECTOR: Detector = allPaths;

/** The findings of `detectors` in `text`, sorted and merged. */
export function runDetectors(text: string, detectors: readonly Detector[]): Finding[] {
  const lower = text.toLowerCase();
  return mergeFindings(detectors.flatMap((detect) => detect(text, lower)));
}
