/** Explicit statements that become memories at once. */
import { describe, expect, it } from 'vitest';
import { extractStatedMemories } from '@/lib/memory/statements';

describe('extractStatedMemories', () => {
  it.each([
    ['remember that the API runs on port 8080', 'fact', 'The API runs on port 8080'],
    ['Please remember: the staging DB is read-only.', 'fact', 'The staging DB is read-only'],
    ['I prefer short answers', 'preference', 'Prefers short answers'],
    ['keep your answers short', 'preference', 'Prefers short answers'],
    ['Always use TypeScript.', 'preference', 'Always use TypeScript'],
    ['never use jQuery please', 'preference', 'Never use jQuery'],
    ['From now on, reply in German.', 'preference', 'Reply in German'],
    ['we use pnpm and Vitest', 'project_note', 'Uses pnpm and Vitest'],
    ["I'm using Next.js 15", 'fact', 'Works with Next.js 15'],
  ])('turns %j into a %s: %j', (message, kind, text) => {
    expect(extractStatedMemories(message)).toEqual([{ kind, text, evidence: message }]);
  });

  it('keeps code the user names inside a statement', () => {
    expect(extractStatedMemories('we use `pnpm` and `vitest`')).toEqual([
      { kind: 'project_note', text: 'Uses `pnpm` and `vitest`', evidence: 'we use `pnpm` and `vitest`' },
    ]);
  });

  it('finds every statement of a longer message, each with its own sentence as evidence', () => {
    expect(extractStatedMemories('Thanks! I prefer short answers. Also, our team uses Postgres 16.')).toEqual([
      { kind: 'preference', text: 'Prefers short answers', evidence: 'I prefer short answers.' },
      { kind: 'project_note', text: 'Uses Postgres 16', evidence: 'Also, our team uses Postgres 16.' },
    ]);
  });

  it('states a repeated statement once', () => {
    expect(extractStatedMemories('I prefer short answers. i prefer short answers!')).toHaveLength(1);
  });

  it('does not turn questions into memories', () => {
    expect(extractStatedMemories('should I always use TypeScript?')).toEqual([]);
    expect(extractStatedMemories('Do you prefer tabs or spaces?')).toEqual([]);
    expect(extractStatedMemories('what does `always use strict` do')).toEqual([]);
  });

  it('does not turn code, quoted strings or "> " quotes into memories', () => {
    expect(extractStatedMemories('```js\n// always use strict mode\n```')).toEqual([]);
    expect(extractStatedMemories('> I prefer short answers\n\nwhat does this mean?')).toEqual([]);
    expect(extractStatedMemories('the eslint rule says `never use var`.')).toEqual([]);
    expect(extractStatedMemories('I added `// always use strict` at the top.')).toEqual([]);
    expect(extractStatedMemories('my teammate wrote "always use TypeScript" in the README.')).toEqual([]);
    expect(extractStatedMemories("the comment says 'remember to close the file'")).toEqual([]);
  });

  it('finds nothing in an ordinary question', () => {
    expect(extractStatedMemories('How do I reverse a list in Python?')).toEqual([]);
  });
});
