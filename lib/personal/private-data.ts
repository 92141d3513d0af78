/**
 * Secrets and personal data in a personal model's create request, found
 * before it goes out: the system text and the examples are the user's own
 * words and answers, and a model keeps them for every tool that runs it (and
 * on another machine when Ollama runs there). Runs the project's anonymizer
 * (lib/privacy/anonymize) over `system` and every message; replacing puts
 * its typed placeholders (`<AWS_KEY>`, `<EMAIL>`) in their place.
 */
import { anonymize, findPrivateData, type Finding } from '../privacy/anonymize';
import type { PersonalCreateRequest } from './build';

/** Where a finding is: the system text, or message `index` of `messages`. */
export interface PrivateDataSpot {
  field: 'system' | 'messages';
  /** Index into `messages` (field `messages` only). */
  index?: number;
  findings: Finding[];
}

/**
 * Every place in `request` that holds secrets or personal data, system text
 * first then the messages in order; empty when there is none. Offsets are
 * into the text of that field.
 */
export function privateDataIn(request: Pick<PersonalCreateRequest, 'system' | 'messages'>): PrivateDataSpot[] {
  const spots: PrivateDataSpot[] = [];
  const inSystem = findPrivateData(request.system);
  if (inSystem.length > 0) spots.push({ field: 'system', findings: inSystem });
  request.messages.forEach((m, index) => {
    const findings = findPrivateData(m.content);
    if (findings.length > 0) spots.push({ field: 'messages', index, findings });
  });
  return spots;
}

/** All findings of `spots` in one list (for the warning's kinds and count). */
export function allFindings(spots: readonly PrivateDataSpot[]): Finding[] {
  return spots.flatMap((s) => s.findings);
}

/**
 * `request` with every secret and personal datum replaced by its
 * placeholder, in the system text and every message; everything else
 * (name, base, parameters) unchanged.
 */
export function withPlaceholders<R extends Pick<PersonalCreateRequest, 'system' | 'messages'>>(request: R): R {
  return {
    ...request,
    system: anonymize(request.system).text,
    messages: request.messages.map((m) => ({ ...m, content: anonymize(m.content).text })),
  };
}
