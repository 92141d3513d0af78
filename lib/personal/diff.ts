/**
 * What changed between two versions of a personal model (pure): lines of the
 * system text added and removed, memories and examples that came in or went
 * out, and a different base or parameters.
 */
import type { PersonalModel } from '../core/records';

/** What changed from one version to the next: system lines, memory and example ids added and removed, base and parameters; `same` when nothing did. */
export interface VersionDiff {
  systemAdded: string[];
  systemRemoved: string[];
  memoriesAdded: string[];
  memoriesRemoved: string[];
  examplesAdded: string[];
  examplesRemoved: string[];
  /** Set when the base changed. */
  base?: { from: string; to: string };
  /** Parameters whose value changed, came or went (undefined = not set). */
  parameters: { name: string; from?: string; to?: string }[];
  /** True when nothing above changed. */
  same: boolean;
}

type Version = Pick<PersonalModel, 'system' | 'inputs' | 'base' | 'parameters'>;

/** Non-empty lines, as compared: the same line twice counts once. */
function lines(text: string): string[] {
  return [
    ...new Set(
      text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
}

function added(before: readonly string[], after: readonly string[]): string[] {
  const had = new Set(before);
  return after.filter((x) => !had.has(x));
}

const shown = (v: unknown) => (v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : String(v));

/** The changes from `prev` to `next` (as "what `next` has that `prev` did not", and the reverse). */
export function compareVersions(prev: Version, next: Version): VersionDiff {
  const before = lines(prev.system);
  const after = lines(next.system);
  const names = [...new Set([...Object.keys(prev.parameters), ...Object.keys(next.parameters)])].sort();
  const parameters = names
    .map((name) => ({ name, from: shown(prev.parameters[name]), to: shown(next.parameters[name]) }))
    .filter((p) => p.from !== p.to);
  const diff: VersionDiff = {
    systemAdded: added(before, after),
    systemRemoved: added(after, before),
    memoriesAdded: added(prev.inputs.memoryIds, next.inputs.memoryIds),
    memoriesRemoved: added(next.inputs.memoryIds, prev.inputs.memoryIds),
    examplesAdded: added(prev.inputs.exampleIds, next.inputs.exampleIds),
    examplesRemoved: added(next.inputs.exampleIds, prev.inputs.exampleIds),
    ...(prev.base !== next.base ? { base: { from: prev.base, to: next.base } } : {}),
    parameters,
    same: false,
  };
  diff.same =
    !diff.base &&
    parameters.length === 0 &&
    [
      diff.systemAdded,
      diff.systemRemoved,
      diff.memoriesAdded,
      diff.memoriesRemoved,
      diff.examplesAdded,
      diff.examplesRemoved,
    ].every((l) => l.length === 0);
  return diff;
}

/** The version made before `row` in its family (created ones only), if any. */
export function previousVersion(rows: readonly PersonalModel[], row: PersonalModel): PersonalModel | undefined {
  return rows
    .filter((r) => r.family === row.family && r.version < row.version && r.status === 'created')
    .sort((a, b) => b.version - a.version)[0];
}
