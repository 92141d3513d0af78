import { describe, expect, it } from 'vitest';
import { hasJsx, hasSideEffects, isPreviewLanguage, runnerLanguage } from '@/lib/runner/languages';

describe('runner language detection', () => {
  it('maps fence languages and their aliases to what the sandbox runs', () => {
    expect(runnerLanguage('py')).toBe('python');
    expect(runnerLanguage('Python3')).toBe('python');
    expect(runnerLanguage('js')).toBe('javascript');
    expect(runnerLanguage('mjs')).toBe('javascript');
    expect(runnerLanguage('ts')).toBe('typescript');
    expect(runnerLanguage('html')).toBe('html');
    expect(runnerLanguage('tsx')).toBe('react');
    expect(runnerLanguage('jsx')).toBe('react');
  });

  it('does not offer to run languages the sandbox has no runtime for', () => {
    for (const lang of ['bash', 'sql', 'rust', 'go', 'css', 'json', '', 'text'])
      expect(runnerLanguage(lang)).toBeUndefined();
  });

  it('treats JavaScript that renders JSX with React as a React component', () => {
    const component =
      "import { useState } from 'react';\nexport default function App() {\n  return <button>Hi</button>;\n}";
    expect(hasJsx(component)).toBe(true);
    expect(runnerLanguage('javascript', component)).toBe('react');
    expect(runnerLanguage('typescript', 'const a = b < c && d > e;')).toBe('typescript');
    expect(isPreviewLanguage('react')).toBe(true);
  });

  it('flags code with network, DOM, file or process use as having side effects', () => {
    expect(hasSideEffects('javascript', "fetch('https://api.example.com')")).toBe(true);
    expect(hasSideEffects('javascript', "document.querySelector('#x')")).toBe(true);
    expect(hasSideEffects('typescript', "import fs from 'node:fs'")).toBe(true);
    expect(hasSideEffects('python', 'import requests\nrequests.get(url)')).toBe(true);
    expect(hasSideEffects('python', "with open('out.txt', 'w') as f:\n    f.write('x')")).toBe(true);
    expect(hasSideEffects('python', 'name = input()')).toBe(true);
    expect(hasSideEffects('html', '<p>hi</p>')).toBe(true);
  });

  it('lets pure computation run automatically', () => {
    expect(hasSideEffects('python', 'def add(a, b):\n    return a + b\nprint(add(1, 2))')).toBe(false);
    expect(hasSideEffects('javascript', 'const xs = [3, 1, 2].sort();\nconsole.log(xs);')).toBe(false);
  });
});
