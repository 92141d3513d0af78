import { hostOf } from '@/lib/privacy/local-host';

/**
 * Said wherever the Ollama address matters: an Ollama that is not on this
 * machine receives everything a prompt holds.
 */
export function RemoteOllamaNote({ host, compact = false }: { host: string; compact?: boolean }) {
  const where = hostOf(host);
  const said = `Your prompts, project files and memories go to the Ollama at ${where}, which is not on this machine.`;
  if (compact)
    return (
      <span
        data-testid="remote-ollama-badge"
        className="inline-flex shrink-0 items-center rounded-full border border-warn/40 bg-warn-soft px-2 py-0.5 text-xs font-medium text-warn"
        title={said}
      >
        {/* On a phone the model picker needs the room: the word alone, the rest in the title. */}
        <span aria-hidden="true">
          Remote<span className="hidden sm:inline"> Ollama</span>
        </span>
        <span className="sr-only">{said}</span>
      </span>
    );
  return (
    <p
      data-testid="remote-ollama-note"
      className="rounded-lg border border-warn/40 bg-warn-soft px-3 py-2 text-sm text-warn"
      role="note"
    >
      This Ollama is not on this machine. Your prompts, project files and memories go to <strong>{where}</strong> with
      every question. Use it only if you trust that machine and the network between you.
    </p>
  );
}
