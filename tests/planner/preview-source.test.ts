/** What a preview step renders (lib/planner/preview-source.ts). */
import { describe, expect, it } from 'vitest';
import { previewOf } from '@/lib/planner/preview-source';

const files = [
  {
    path: 'site/index.html',
    content:
      '<!doctype html><link rel="stylesheet" href="css/style.css"><link rel="icon" href="fav.ico">' +
      '<script src="https://cdn.example/lib.js"></script><script src="./app.js"></script><h1>Hi</h1>' +
      '<script>window.inline = 1;</script><script src="../lib/util.js" defer></script><script src="gone.js"></script>',
  },
  { path: 'site/css/style.css', content: 'h1 { color: red; }' },
  { path: 'site/app.js', content: 'window.app = "</script>";' },
  { path: 'lib/util.js', content: 'window.util = 1;' },
  { path: 'src/App.tsx', content: 'export default function App() { return <p>hi</p>; }' },
  { path: 'main.py', content: 'print(1)' },
];

describe('previewOf', () => {
  it("puts an HTML page's workspace stylesheets and scripts in place of their tags, in order", () => {
    const planned = previewOf('site/index.html', files)!;
    expect(planned.source.kind).toBe('html');
    expect(planned.source.code).toBe(
      '<!doctype html><style>h1 { color: red; }</style><link rel="icon" href="fav.ico">' +
        '<script src="https://cdn.example/lib.js"></script><script>window.app = "<\\/script>";</script><h1>Hi</h1>' +
        '<script>window.inline = 1;</script><script src="gone.js"></script><script defer>window.util = 1;</script>',
    );
    // What does not load in the preview is named: another site, a file the workspace lacks.
    expect(planned.missing).toEqual(['https://cdn.example/lib.js', 'site/gone.js']);
  });

  it('keeps a module a module, and leaves modules that import each other to the user', () => {
    const page = { path: 'index.html', content: '<script type="module" src="main.js"></script>' };
    const alone = previewOf('index.html', [page, { path: 'main.js', content: 'document.title = "x";' }])!;
    expect(alone.source.code).toBe('<script type="module">document.title = "x";</script>');
    const importing = [page, { path: 'main.js', content: "import { x } from './x.js';\nx();" }];
    expect(previewOf('index.html', importing)).toBeUndefined();
  });

  it('takes a .tsx entry for a React component, and leaves other files to the user', () => {
    expect(previewOf('src/App.tsx', files)?.source).toMatchObject({ kind: 'react', typescript: true });
    expect(previewOf('main.py', files)).toBeUndefined();
    expect(previewOf('absent.html', files)).toBeUndefined();
  });

  it('never reaches outside the workspace with ../', () => {
    const planned = previewOf('index.html', [
      { path: 'index.html', content: '<script src="../../etc/x.js"></script>' },
      { path: 'etc/x.js', content: 'secret' },
    ])!;
    expect(planned.source.code).toBe('<script src="../../etc/x.js"></script>');
    expect(planned.missing).toEqual(['../../etc/x.js']);
  });
});

describe('previewOf, from the last review', () => {
  it('leaves a module page to the user when an import spans lines, or a module written in the page imports', () => {
    const page = { path: 'index.html', content: '<script type="module" src="main.js"></script>' };
    const multiLine = "import {\n  a,\n  b,\n} from './util.js';\na(b);";
    expect(previewOf('index.html', [page, { path: 'main.js', content: multiLine }])).toBeUndefined();
    const inline = { path: 'index.html', content: '<script type="module">\nimport {\n x } from "./x.js";\n</script>' };
    expect(previewOf('index.html', [inline])).toBeUndefined();
  });

  it('reads defer, async and type as attributes, not as parts of a file name or another attribute', () => {
    const page = {
      path: 'index.html',
      content: '<script src="load-async.js"></script><script data-type="module" src="b.js"></script><h1>x</h1>',
    };
    const planned = previewOf('index.html', [
      page,
      { path: 'load-async.js', content: 'window.a = 1;' },
      { path: 'b.js', content: "import './c.js';" },
    ])!;
    // Neither moved after the page, and b.js is a classic script (data-type is not type).
    expect(planned.source.code).toBe(
      '<script>window.a = 1;</script><script data-type="module">import \'./c.js\';</script><h1>x</h1>',
    );
  });

  it("escapes a script's <!-- and </script> as every sandbox document does, keeping their case", () => {
    const planned = previewOf('index.html', [
      { path: 'index.html', content: '<script src="a.js"></script><p>after</p>' },
      { path: 'a.js', content: 'const s = "<!--" + "<script>" + "</SCRIPT>";' },
    ])!;
    expect(planned.source.code).toBe('<script>const s = "<\\!--" + "<script>" + "<\\/SCRIPT>";</script><p>after</p>');
  });
});
