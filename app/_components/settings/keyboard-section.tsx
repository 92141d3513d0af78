'use client';
/** The keyboard shortcuts, as this platform writes them. */
import { shortcutLabel } from '../shortcuts';
import { Section } from './section';

/** The list of keyboard shortcuts (nothing to set). */
export function KeyboardSection() {
  return (
    <Section title="Keyboard">
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {[
          ['Enter', 'Send'],
          ['Shift+Enter', 'New line'],
          ['Esc', 'Stop the answer'],
          [shortcutLabel('newChat'), 'New chat'],
          [shortcutLabel('search'), 'Search conversations'],
        ].map(([k, v]) => (
          <div key={k} className="contents">
            <dt>
              <kbd className="rounded border border-border bg-bg px-1.5 py-0.5 font-mono text-xs">{k}</kbd>
            </dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
