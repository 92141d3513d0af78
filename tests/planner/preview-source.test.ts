/** What a preview step renders (lib/planner/preview-source.ts). */
import { describe, expect, it } from 'vitest';
import { previewOf } from '@/lib/planner/preview-source';

const files = [
  {
    path: 'site/index.html',
    content:
      '<!doctype html><link rel="stylesheet" href="css/style.css"><link rel="icon" href="fav.ico"><h1>Hi</h1><script src="./app.js"></script><script src="https://cdn.example/x.js"></script><script src="../lib/util.js"></script><script src="gone.js"></script>',
  },
  { path: 'site/css/style.css', content: 'h1 { color: red; }' },
  { path: 'site/app.js', content: 'document.querySelector("h1").textContent = "Hello";' },
  { path: 'lib/util.js', content: 'window.util = 1;' },
  { path: 'src/App.tsx', content: 'export default function App() { return <p>hi</p>; }' },
  { path: 'main.py', content: 'print(1)' },
];

describe('previewOf', () => {
  it("joins an HTML page's linked workspace stylesheets and scripts in, and names the ones it lacks", () => {
    const planned = previewOf('site/index.html', files)!;
    expect(planned.source.kind).toBe('html');
    expect(planned.source.css).toEqual(['h1 { color: red; }']);
    expect(planned.source.js).toEqual(['document.querySelector("h1").textContent = "Hello";', 'window.util = 1;']);
    // Joined tags are gone; the icon, another site's script and a missing file stay as they were.
    expect(planned.source.code).not.toContain('style.css');
    expect(planned.source.code).not.toContain('app.js');
    expect(planned.source.code).toContain('fav.ico');
    expect(planned.source.code).toContain('https://cdn.example/x.js');
    expect(planned.missing).toEqual(['site/gone.js']);
  });

  it('takes a .tsx entry for a React component, and leaves other files to the user', () => {
    expect(previewOf('src/App.tsx', files)?.source).toMatchObject({ kind: 'react', typescript: true });
    expect(previewOf('main.py', files)).toBeUndefined();
    expect(previewOf('absent.html', files)).toBeUndefined();
  });

  it('never reaches outside the workspace with ../', () => {
    const planned = previewOf('index.html', [
      { path: 'index.html', content: '<script src="../../etc/x.js"></script>' },
    ])!;
    expect(planned.source.js).toEqual([]);
    expect(planned.missing).toEqual([]);
  });
});
