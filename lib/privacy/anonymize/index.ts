/**
 * The anonymizer: finds secrets and personal data in text and replaces them
 * with typed placeholders (`<AWS_KEY>`, `<EMAIL>`, `<PATH>`), keeping the
 * rest readable. Pure and linear in the length of the text: every
 * expression is bounded and anchored (see provider-rules.ts), so no input
 * makes it slow. Used on contributions (client and hub), on project files
 * before they are indexed, and on a message before it goes to an Ollama on
 * another machine.
 */
import { ALL_DETECTORS, PATH_DETECTOR, runDetectors } from './detectors';
import { replaceFindings } from './merge';
import type { Finding } from './finding';

export type { Finding } from './finding';

export interface AnonymizeOptions {
  /** Also every file path, not only home directories (for contributions, which share no path at all). */
  paths?: boolean;
}

const WITH_PATHS = [...ALL_DETECTORS, PATH_DETECTOR];

/**
 * Every secret and personal datum in `text`, sorted by start, overlaps
 * merged (offsets are into `text`). Home-directory paths are always found;
 * other file paths only with `{ paths: true }`.
 */
export function findPrivateData(text: string, options: AnonymizeOptions = {}): Finding[] {
  return runDetectors(text, options.paths ? WITH_PATHS : ALL_DETECTORS);
}

/** `text` with every finding replaced by its typed placeholder, and the findings (offsets into the input). */
export function anonymize(text: string, options: AnonymizeOptions = {}): { text: string; findings: Finding[] } {
  const findings = findPrivateData(text, options);
  return { text: replaceFindings(text, findings), findings };
}
