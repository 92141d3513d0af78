/**
 * Which installed models a personal model or an adapter may be built on, and
 * which one the create dialog starts with.
 */
import { canChat, type ModelInfo } from '../ollama/models';
import { isPersonalModelName } from './naming';

/** Installed models a personal model or an adapter can be built on: chat models that are not themselves personal ones. */
export function baseChoices(models: readonly ModelInfo[]): ModelInfo[] {
  return models.filter((m) => canChat(m) && !isPersonalModelName(m.name));
}

/**
 * The base to build on: the user's pick while it is installed; else the
 * default model (unless it is a personal one: a personal model on a
 * personal model would stack two system texts); else the first choice; ''
 * when there is none.
 */
export function chooseBase(picked: string, defaultModel: string | undefined, choices: readonly ModelInfo[]): string {
  const preferred = defaultModel && !isPersonalModelName(defaultModel) ? defaultModel : '';
  return [picked, preferred].find((n) => n && choices.some((m) => m.name === n)) ?? choices[0]?.name ?? '';
}
