import { describe, expect, it } from 'vitest';
import {
  LANGUAGES,
  fenceWordsOf,
  languageById,
  languageOfExtension,
  languageOfFence,
  languageOfFileName,
} from '@/lib/languages/languages';
import { grammarFor } from '@/lib/markdown/highlight';
import { runnerLanguage } from '@/lib/runner/languages';
import { codeLanguageOf, fenceFor } from '@/lib/projects/languages';
import { detectLanguage } from '@/lib/response/language-detect';

describe('the languages table', () => {
  it('resolves fence words, extensions and file names whatever their case', () => {
    expect(languageOfFence(' TS ')?.id).toBe('typescript');
    expect(languageOfFence('Python3')?.name).toBe('Python');
    expect(languageOfExtension('PYI')?.id).toBe('python');
    expect(languageOfFileName('Dockerfile')?.id).toBe('dockerfile');
    expect(languageOfFence('klingon')).toBeUndefined();
  });

  it('gives every language its id as the first of its fence words, unique across the table', () => {
    const words = LANGUAGES.flatMap((l) => [l.id, ...l.aliases]);
    expect(new Set(words).size).toBe(words.length);
    for (const l of LANGUAGES) expect(languageById(l.id)).toBe(l);
  });

  it('feeds the runner, the highlighter and the project indexer from the same rows', () => {
    expect(runnerLanguage('py3')).toBe('python');
    expect(grammarFor('py3')).toBe('python');
    expect(fenceFor('src/app.mts')).toBe('ts');
    expect(codeLanguageOf('Gemfile')).toBeUndefined();
    expect(codeLanguageOf('lib/a.rb')).toBe('Ruby');
    expect(fenceWordsOf('TypeScript')).toEqual(expect.arrayContaining(['ts', 'typescript', 'tsx', 'mts', 'cts']));
  });

  it('knows every language the detector can name', () => {
    const samples = [
      'def f(x):\n    return x\nprint(f(1))',
      'const a: string = "x";\ninterface A { b: number }',
      'SELECT * FROM t;\nDELETE FROM t;',
      '{"a": 1}',
    ];
    for (const s of samples) {
      const id = detectLanguage(s);
      expect(id).not.toBe('');
      expect(languageOfFence(id)?.id).toBe(id);
    }
  });
});
