import { describe, expect, it } from 'vitest';
import { CodelumiError, isCodelumiError, type ErrorCode } from '@/lib/core/errors';
import { describeError, ollamaOriginsValue, originsInstructions } from '@/lib/core/errors-text';

const ALL_CODES: ErrorCode[] = [
  'unreachable:ollama',
  'blocked:cors',
  'not_found:model',
  'unsupported:model',
  'bad_request:ollama',
  'server:ollama',
  'busy:ollama',
  'stream_cut:ollama',
  'stream_error:ollama',
  'timeout:ollama',
  'aborted:user',
  'overflow:context',
  'quota:db',
  'unavailable:db',
  'invalid:import',
  'timeout:sandbox',
  'unknown',
];

describe('describeError', () => {
  for (const code of ALL_CODES) {
    it(`gives ${code} a title and a body`, () => {
      const text = describeError({
        code,
        message: 'Something specific happened',
        details: { model: 'qwen2.5-coder:7b', host: 'http://127.0.0.1:11434' },
      });
      expect(text.title.trim().length).toBeGreaterThan(3);
      expect(text.body.trim().length).toBeGreaterThan(3);
      expect(text.body).not.toContain('undefined');
      expect(text.title).not.toContain('undefined');
      expect(Array.isArray(text.actions)).toBe(true);
    });
  }

  it('says what to do for Ollama not running, at the host it tried', () => {
    const text = describeError({ code: 'unreachable:ollama', message: '', details: { host: 'http://10.0.0.2:11434' } });
    expect(text.body).toContain('http://10.0.0.2:11434');
    expect(text.command).toBe('ollama serve');
    expect(text.actions).toEqual(['retry', 'open-settings']);
  });

  it('for a CORS block, gives the exact OLLAMA_ORIGINS value for the page’s origin', () => {
    const text = describeError({
      code: 'blocked:cors',
      message: '',
      details: { origin: 'http://192.168.1.20:3000', host: 'http://127.0.0.1:11434' },
    });
    expect(text.command).toBe('OLLAMA_ORIGINS="http://192.168.1.20:3000"');
    expect(text.body).toContain('http://192.168.1.20:3000');
    expect(text.body).toContain('OLLAMA_ORIGINS');
  });

  it('for a missing model, offers to pull it and shows the `ollama pull` command', () => {
    const text = describeError({ code: 'not_found:model', message: '', details: { model: 'llama3.2:3b' } });
    expect(text.actions).toContain('pull-model');
    expect(text.command).toBe('ollama pull llama3.2:3b');
    expect(text.title).toContain('llama3.2:3b');
  });

  it('with no model chosen at all, points to the Models page instead of a pull', () => {
    const text = describeError({ code: 'not_found:model', message: '', details: {} });
    expect(text.actions).toEqual(['open-models', 'choose-model']);
    expect(text.command).toBeUndefined();
  });

  it('for a too-long message, gives the token figures', () => {
    const text = describeError({
      code: 'overflow:context',
      message: '',
      details: { model: 'm', tokens: 12_345, contextLength: 8192 },
    });
    expect(text.body).toContain('12,345');
    expect(text.body).toContain('8,192');
  });

  it('offers Continue for a cut or stopped answer only when part of it was kept', () => {
    const cut = { code: 'stream_cut:ollama' as const, message: 'cut', details: {} };
    expect(describeError(cut, true).actions).toEqual(['continue', 'retry']);
    expect(describeError(cut, true).body).toContain('kept above');
    expect(describeError(cut, false).actions).toEqual(['retry']);
    expect(describeError(cut, false).body).not.toContain('kept above');
    expect(
      describeError({ code: 'stream_error:ollama', message: 'boom', details: { cause: 'CUDA out of memory' } }, true)
        .body,
    ).toContain('CUDA out of memory');
  });

  it('tells the user nothing was lost when storage is full', () => {
    expect(describeError({ code: 'quota:db', message: '', details: {} }).body).toMatch(/Nothing saved before was lost/);
  });

  it('falls back to the generic text for a code it does not know (e.g. from a newer tab)', () => {
    const text = describeError({ code: 'brand_new:thing' as ErrorCode, message: 'Details', details: {} });
    expect(text).toEqual({ title: 'Something went wrong', body: 'Details', actions: ['retry'] });
  });
});

describe('OLLAMA_ORIGINS advice', () => {
  it('uses the page origin, or the default app address when unknown', () => {
    expect(ollamaOriginsValue('https://codelumi.lan')).toBe('https://codelumi.lan');
    expect(ollamaOriginsValue(undefined)).toBe('http://localhost:3000');
  });

  it('has a command for each platform carrying the value', () => {
    const lines = originsInstructions('http://192.168.1.20:3000');
    expect(lines.map((l) => l.platform)).toHaveLength(4);
    for (const l of lines) expect(l.command).toContain('OLLAMA_ORIGINS');
    for (const l of lines) expect(l.command).toContain('http://192.168.1.20:3000');
  });
});

describe('CodelumiError', () => {
  it('stores as a plain object and is recognised across bundles by name and code', () => {
    const err = new CodelumiError('quota:db', 'full', { cause: 'x' });
    expect(err.toJSON()).toEqual({ code: 'quota:db', message: 'full', details: { cause: 'x' } });
    expect(JSON.parse(JSON.stringify(err))).toEqual({ code: 'quota:db', message: 'full', details: { cause: 'x' } });
    expect(isCodelumiError(err)).toBe(true);
    expect(isCodelumiError({ name: 'CodelumiError', code: 'unknown', message: 'm' })).toBe(true);
    expect(isCodelumiError(new Error('x'))).toBe(false);
    expect(isCodelumiError(null)).toBe(false);
  });
});
