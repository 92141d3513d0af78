/**
 * Which two models the check offers first: the user's personal model against
 * the model it was built from, when there is one.
 */
import type { PersonalModel } from '../../core/records';

/** The name prefix of the personal models Codelumi creates (`codelumi-<name>:v3`). */
export const PERSONAL_PREFIX = 'codelumi-';

/**
 * The pair to preselect among `installed` chat models (in the order listed):
 * the candidate is the newest personal model Codelumi recorded that is
 * installed, else any installed `codelumi-*` model, else the first model that
 * is not the default; the baseline is the candidate's base when
 * `personalModels` names it and it is installed, else the default model,
 * else the first other model. Either is '' when there is nothing to offer;
 * they differ whenever two models are installed.
 */
export function defaultPair(
  installed: readonly string[],
  personalModels: readonly Pick<PersonalModel, 'name' | 'base' | 'status' | 'createdAt'>[],
  defaultModel: string,
): { candidate: string; baseline: string } {
  const has = new Set(installed);
  const recorded = [...personalModels]
    .filter((p) => p.status === 'created' && has.has(p.name))
    .sort((a, b) => b.createdAt - a.createdAt)[0];
  const candidate =
    recorded?.name ??
    installed.find((m) => m.startsWith(PERSONAL_PREFIX)) ??
    installed.find((m) => m !== defaultModel) ??
    installed[0] ??
    '';
  const base = personalModels.find((p) => p.name === candidate)?.base;
  const others = installed.filter((m) => m !== candidate);
  const baseline =
    (base && others.includes(base) ? base : undefined) ??
    (others.includes(defaultModel) ? defaultModel : undefined) ??
    others.find((m) => !m.startsWith(PERSONAL_PREFIX)) ??
    others[0] ??
    '';
  return { candidate, baseline };
}
