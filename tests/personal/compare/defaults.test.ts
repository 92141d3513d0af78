/** Which two models the check offers first (lib/personal/compare/defaults.ts). */
import { describe, expect, it } from 'vitest';
import { defaultPair } from '@/lib/personal/compare/defaults';

const made = (name: string, base: string, createdAt: number) => ({ name, base, status: 'created' as const, createdAt });

describe('defaultPair', () => {
  it('checks the newest installed personal model against the base it was made from', () => {
    const installed = ['qwen2.5-coder:7b', 'qwen3:8b', 'codelumi-ada:v1', 'codelumi-ada:v2'];
    const personal = [made('codelumi-ada:v1', 'qwen2.5-coder:7b', 1), made('codelumi-ada:v2', 'qwen3:8b', 2)];
    expect(defaultPair(installed, personal, 'qwen2.5-coder:7b')).toEqual({
      candidate: 'codelumi-ada:v2',
      baseline: 'qwen3:8b',
    });
  });

  it('takes a codelumi-* model Codelumi has no record of, against the default model', () => {
    expect(defaultPair(['qwen3:8b', 'codelumi-x:latest', 'qwen2.5-coder:7b'], [], 'qwen2.5-coder:7b')).toEqual({
      candidate: 'codelumi-x:latest',
      baseline: 'qwen2.5-coder:7b',
    });
  });

  it('without a personal model, checks another model against the default; never one model against itself', () => {
    expect(defaultPair(['qwen2.5-coder:7b', 'qwen3:8b'], [], 'qwen2.5-coder:7b')).toEqual({
      candidate: 'qwen3:8b',
      baseline: 'qwen2.5-coder:7b',
    });
    expect(defaultPair(['qwen3:8b'], [], 'qwen3:8b')).toEqual({ candidate: 'qwen3:8b', baseline: '' });
  });
});
