/** A correction's words as a rule (lib/memory/learned.ts correctionText) and as the right answer (lib/memory/corrections.ts correctionChosen). */
import { describe, expect, it } from 'vitest';
import { correctionText } from '@/lib/memory/learned';
import { correctionChosen } from '@/lib/memory/corrections';

describe('correctionText', () => {
  it.each([
    ['no, use reversed() instead', 'use reversed() instead'],
    ['No. Use pathlib', 'Use pathlib'],
    ['Actually: prefer const', 'prefer const'],
    ['well — it is a Map', 'it is a Map'],
    ['no - it takes two arguments', 'it takes two arguments'],
    ['Nope! Well, use grid', 'use grid'],
    ["That's wrong, it returns None", 'it returns None'],
    ['no use reversed()', 'use reversed()'],
  ])('drops the lead-in of %j', (said, rule) => {
    expect(correctionText(said)).toBe(rule);
  });

  it.each([
    ['useEffect needs a deps array', 'useEffect needs a deps array'],
    ['No-cors mode hides the body', 'No-cors mode hides the body'],
    ['well-typed props catch this', 'well-typed props catch this'],
    ['pnpm add -D vitest', 'pnpm add -D vitest'],
    ['`npm ci` in CI', '`npm ci` in CI'],
    ['snake_case here', 'snake_case here'],
    ['nothing changes the case', 'nothing changes the case'],
  ])('keeps %j as the user wrote it', (said, rule) => {
    expect(correctionText(said)).toBe(rule);
  });

  it('keeps a lone "No." rather than leaving nothing', () => {
    expect(correctionText('No.')).toBe('No.');
  });
});

describe('correctionChosen', () => {
  const FENCED = 'no, use this:\n```js\nconst a = 1;\nconst b = 2;\n```';
  const lead = 'When asked about “Declare two constants”: ';

  it('is the rule of what the user wrote while the memory is learning’s own', () => {
    expect(correctionChosen({ chosen: FENCED }, { source: 'explicit', text: `${lead}use this: ...` })).toBe(
      'use this:\n```js\nconst a = 1;\nconst b = 2;\n```',
    );
  });

  it('is the user’s edit of the memory, without its “When asked about …” lead', () => {
    expect(
      correctionChosen(
        { chosen: 'no, use npm i -D eslint' },
        { source: 'user', text: `${lead}use pnpm add -D eslint` },
      ),
    ).toBe('use pnpm add -D eslint');
  });

  it('keeps the correction’s code lines when the edited memory holds that code squashed onto one line', () => {
    const squashed = `${lead}use this: \`\`\`js const a = 1; const b = 2; \`\`\``;
    expect(correctionChosen({ chosen: FENCED }, { source: 'user', text: squashed })).toBe(
      'use this:\n```js\nconst a = 1;\nconst b = 2;\n```',
    );
  });

  it('keeps the correction’s lines when an edit holds inline code or left the rule as it was', () => {
    const multiline = 'no, two steps:\nrun the tests\nthen push';
    expect(correctionChosen({ chosen: multiline }, { source: 'user', text: `${lead}two steps: run \`npm t\`` })).toBe(
      'two steps:\nrun the tests\nthen push',
    );
    expect(
      correctionChosen({ chosen: multiline }, { source: 'user', text: `${lead}two steps: run the tests then push` }),
    ).toBe('two steps:\nrun the tests\nthen push');
  });

  it('uses an edit without code even when the correction had a code fence', () => {
    expect(correctionChosen({ chosen: FENCED }, { source: 'user', text: `${lead}declare them with let instead` })).toBe(
      'declare them with let instead',
    );
  });
});
