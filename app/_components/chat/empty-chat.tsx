'use client';
import { LumiAvatar } from '../lumi/lumi-avatar';
import { useServices } from '../services';

const STARTERS = [
  'Write a TypeScript debounce function with tests',
  'Why does my React useEffect run twice in development?',
  'Explain this regex: ^(?=.*\\d)(?=.*[a-z]).{8,}$',
  'Turn a Python for-loop that builds a list into a comprehension',
];

/** The welcome of a new chat: what Codelumi is, and a few questions to start with. */
export function EmptyChat() {
  const { temporary } = useServices();
  const fill = (text: string) => {
    const box = document.getElementById('composer-input') as HTMLTextAreaElement | null;
    if (!box) return;
    // Go through the native setter so React's onChange (and the draft) see the text.
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
    setter?.call(box, text);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    box.focus();
  };
  return (
    <div className="flex flex-col items-center pt-8 text-center sm:pt-16">
      <LumiAvatar mood="idle" decorative alive className="h-12 w-12" />
      <h1 className="mt-4 text-2xl font-semibold tracking-tight">
        {temporary ? 'A temporary chat' : 'What are we building today?'}
      </h1>
      <p className="mt-2 max-w-md text-sm text-muted">
        {temporary
          ? 'Nothing of it is saved or learned from, and it uses nothing Codelumi learned. It is gone when you leave or reload.'
          : 'Codelumi answers with your own models through Ollama. Everything you write stays on this machine.'}
      </p>
      <div className="mt-8 grid w-full max-w-2xl gap-2 sm:grid-cols-2">
        {STARTERS.map((s) => (
          <button
            key={s}
            type="button"
            onClick={() => fill(s)}
            className="rounded-xl border border-border bg-panel px-4 py-3 text-left text-sm hover:bg-subtle"
          >
            {s}
          </button>
        ))}
      </div>
    </div>
  );
}
