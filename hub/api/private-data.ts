/**
 * The hub's own check for secrets and personal data in a batch, with the
 * anonymizer every install runs too: a batch holding any is refused (422),
 * never stored, whatever the client did before sending it.
 */
import { findPrivateData } from '../../lib/privacy/anonymize/index';
import type { ContributionBatch } from '../../lib/privacy/hub-api';

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) collectStrings(item, out);
}

/**
 * The kinds of private data (sorted, each once) found in any string of the
 * batch's rows and any other field, except the envelope's batchId,
 * installKey and createdAt: their formats are fixed by the schema, and the
 * install key is random by design (a high-entropy rule would flag every batch).
 */
export function privateDataKinds(batch: ContributionBatch): string[] {
  const { batchId: _id, installKey: _key, createdAt: _at, ...rest } = batch;
  const strings: string[] = [];
  collectStrings(rest, strings);
  const kinds = new Set<string>();
  for (const text of strings) for (const finding of findPrivateData(text, { paths: true })) kinds.add(finding.kind);
  return [...kinds].sort();
}
