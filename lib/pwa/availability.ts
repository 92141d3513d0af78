/**
 * What the offline indicator says. Being offline (no network) and Ollama
 * being unreachable are different things: Ollama usually runs on this
 * machine and keeps answering without a network.
 */

/** Ollama's state as the connection check reports it (undefined while checking). */
export type OllamaStatus = 'ready' | 'no-models' | 'unreachable' | 'blocked' | 'not-ollama' | undefined;

export interface Availability {
  offline: boolean;
  title: string;
  detail: string;
}

/** The indicator for `online` (navigator.onLine) and Ollama's status; undefined when all is well. */
export function describeAvailability(online: boolean, ollama: OllamaStatus): Availability | undefined {
  if (online) return undefined;
  const reachable = ollama === 'ready' || ollama === 'no-models';
  return {
    offline: true,
    title: 'Offline',
    detail: reachable
      ? 'No network, but Ollama on this machine still answers. Everything works.'
      : 'No network. Your conversations, search and settings work; answers wait until Ollama is reachable.',
  };
}
