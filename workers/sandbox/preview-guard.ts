/**
 * What the preview bridge shuts before the page's own script runs: the
 * browser APIs that reach out although the preview's CSP says no network.
 * - WebRTC (CSP's connect-src does not cover it): every RTC* constructor is
 *   replaced, for good, by one that throws. (A child about:blank frame is
 *   cross-origin here: sandboxing gives it an opaque origin of its own.)
 * - window.open, link clicks, meta refresh and form submission: refused and
 *   reported. The iframe's sandbox and the app's `frame-src` already stop
 *   them; refusing them here keeps Chromium from even opening a connection
 *   to the address, and tells the user. (`location = …` cannot be caught
 *   from script: preview.ts reports it when the refused frame's port closes.)
 * - Frames inside the preview: a srcdoc or javascript: child runs its own
 *   script in a fresh window, where these guards are not, and Chromium (156)
 *   does not know the CSP `webrtc` directive that would bind it. So every
 *   child frame is removed (or, when it cannot be reached, sent to
 *   about:blank) before it loads: a child's document commits in a later task
 *   than the one that inserted it, and the check runs at the end of that task
 *   (a MutationObserver over the document and every shadow root the page can
 *   create or reach), then again on every heartbeat. A frame in a closed
 *   declarative shadow root (`<template shadowrootmode="closed">`) would be
 *   neither observable nor counted in window.length: such templates are
 *   made inert on the host before the page runs (lib/runner/preview-markup.ts),
 *   attachShadow() always gives an open root the guard watches, and markup
 *   parsed from script goes through the same cuts (preview-markup-guard.ts).
 * - CSP violations: each is reported once as a "Blocked: …" line.
 */
import { blockedLine, navigationLine, violationLine } from '../../lib/runner/blocked';
import { FRAME_LINE } from '../../lib/runner/preview-markup';
import { guardMarkup } from './preview-markup-guard';

const NO_NETWORK = 'previews cannot use the network';

/**
 * Shuts the APIs above in this window; `report` gets each "Blocked: …" line
 * once. Returns the frame check, which the bridge runs on each heartbeat.
 */
export function guardPreview(report: (line: string) => void): () => void {
  const seen = new Set<string>();
  const blocked = (line: string) => {
    if (seen.has(line) || seen.size >= 50) return;
    seen.add(line);
    report(line);
  };
  const seal = (name: string, value: unknown) =>
    Object.defineProperty(window, name, { value, writable: false, configurable: false, enumerable: false });

  for (const name of Object.getOwnPropertyNames(window)) {
    if (!/^(?:webkit)?RTC/.test(name)) continue;
    seal(name, function BlockedWebRTC() {
      blocked(blockedLine('WebRTC', NO_NETWORK));
      throw new DOMException(`${name} is blocked: ${NO_NETWORK}.`, 'NotAllowedError');
    });
  }

  seal('open', function open(url?: unknown) {
    blocked(
      blockedLine(`opening a window${url ? ` on ${String(url).slice(0, 200)}` : ''}`, 'previews cannot open windows'),
    );
    return null;
  });

  const nav = (window as unknown as { navigation?: EventTarget }).navigation;
  nav?.addEventListener('navigate', (event) => {
    const e = event as Event & { destination: { url: string; sameDocument: boolean }; cancelable: boolean };
    if (!e.isTrusted || e.destination.sameDocument) return; // in-page anchors and history.pushState stay allowed
    if (e.cancelable) e.preventDefault();
    blocked(navigationLine(e.destination.url));
  });

  // Opaque-origin documents get no cancelable navigate event (measured: the navigation went on), so
  // the Navigation API's own way to leave is refused where it is called.
  const Navigation = (window as unknown as { Navigation?: { prototype: object } }).Navigation;
  if (Navigation) {
    Object.defineProperty(Navigation.prototype, 'navigate', {
      value: function navigate(url: unknown) {
        const line = navigationLine(String(url));
        blocked(line);
        const refused = Promise.reject(new DOMException(line.trim(), 'AbortError'));
        refused.catch(() => {}); // the page may not await it; the Blocked line already said it
        return { committed: refused, finished: refused };
      },
      writable: false,
      configurable: false,
    });
  }

  // A meta refresh is scheduled once the page has loaded; stopping the window then cancels it.
  const stop = window.stop.bind(window);
  const later = setTimeout.bind(window);
  let refresh = false;
  const stopRefresh = () => {
    if (!refresh || document.readyState !== 'complete') return;
    stop();
    blocked(blockedLine('a meta refresh', 'previews stay on their page'));
  };
  new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes) if (n instanceof HTMLMetaElement && /refresh/i.test(n.httpEquiv)) refresh = true;
    stopRefresh();
  }).observe(document, { childList: true, subtree: true });
  window.addEventListener('load', () => later(stopRefresh, 0));

  // Opaque-origin documents get no Navigation API events, so a link is stopped at its click; one
  // that reached the browser would be refused by the app's frame-src, but only after Chromium
  // opened a TCP connection to it. Listened to as the click bubbles, so the page's own handlers
  // decide first: a link they handle (preventDefault) is no navigation and is not reported.
  window.addEventListener('click', (e) => {
    const link = (e.target as Element | null)?.closest?.('a[href], area[href]') as HTMLAnchorElement | null;
    if (!link || e.defaultPrevented) return;
    const raw = link.getAttribute('href') ?? '';
    if (raw.startsWith('#')) {
      // An anchor: a srcdoc page's base address is the app's, so following it would leave the
      // page for the app's address. Scroll to it instead, as on a page of its own.
      e.preventDefault();
      scrollToAnchor(raw.slice(1));
      return;
    }
    // A javascript: link is the page's own code, not a way off the page (the sandbox decides whether it runs).
    if (new URL(link.href, document.baseURI).protocol === 'javascript:') return;
    e.preventDefault();
    blocked(navigationLine(link.href));
  });

  window.addEventListener(
    'submit',
    (e) => {
      if (!e.isTrusted) return;
      e.preventDefault();
      const form = e.target as HTMLFormElement;
      blocked(blockedLine(`form submission to ${form.action.slice(0, 200)}`, 'previews cannot submit forms'));
    },
    true,
  );

  const checkFrames = guardFrames(() => blocked(FRAME_LINE));
  guardMarkup(blocked);

  // Registered before the page's script can add its own: a page cannot hide its violations.
  window.addEventListener(
    'securitypolicyviolation',
    (e) => {
      if (e.isTrusted) blocked(violationLine(e));
    },
    true,
  );
  return checkFrames;
}

/**
 * Removes every frame element the page inserts and blanks any child window
 * (one it cannot see, inside a closed shadow root, too); `onBlocked` runs for
 * each. Returns the check, for the bridge to run again on each heartbeat.
 * What it calls later is bound now, so a page that replaces prototypes
 * cannot turn it off.
 */
export function guardFrames(onBlocked: () => void): () => void {
  const apply = Reflect.apply;
  // `length` is an attribute of the global object itself (and [Replaceable]): its getter, taken now, still counts frames.
  const childCount = (Object.getOwnPropertyDescriptor(window, 'length') ??
    Object.getOwnPropertyDescriptor(Window.prototype, 'length'))!.get!.bind(window) as () => number;
  // Every child window, reached as a window (not an element): its document is replaced before it loads.
  const check = () => {
    for (let i = 0; i < childCount(); i++) {
      (window[i] as Window).location.replace('about:blank');
      onBlocked();
    }
  };
  const watched = new WeakSet<Node>();
  // The elements themselves, so nothing is left on the page, and the shadow roots in them, to watch.
  const sweep = (node: Element | ShadowRoot) => {
    for (const el of node instanceof Element ? [node, ...node.querySelectorAll('*')] : node.querySelectorAll('*')) {
      if (el.shadowRoot) watch(el.shadowRoot);
      if (el.localName === 'iframe' || el.localName === 'frame') {
        el.remove();
        onBlocked();
      }
    }
  };
  const observer = new MutationObserver((records) => {
    check();
    for (const r of records) for (const node of r.addedNodes) if (node instanceof Element) sweep(node);
  });
  const observe = observer.observe.bind(observer);
  // A root found late (one from ElementInternals, or on an element moved in) may already hold frames.
  const watch = (root: Document | ShadowRoot) => {
    if (watched.has(root)) return;
    watched.add(root);
    observe(root, { childList: true, subtree: true });
    if (root instanceof ShadowRoot) sweep(root);
  };
  watch(document);
  // Shadow roots are outside the document's subtree: watch each one the page creates or reaches.
  // Every root is made open (a page asking for a closed one gets an open one): nothing in the
  // preview is out of the guard's sight, and declarative roots are cut from the markup (preview-markup.ts).
  const attach = Element.prototype.attachShadow;
  Object.defineProperty(Element.prototype, 'attachShadow', {
    value: function attachShadow(this: Element, init: ShadowRootInit) {
      const root = apply(attach, this, [{ ...init, mode: 'open' }]) as ShadowRoot;
      watch(root);
      return root;
    },
    writable: false,
    configurable: false,
  });
  const internalsRoot = Object.getOwnPropertyDescriptor(ElementInternals.prototype, 'shadowRoot')?.get;
  if (internalsRoot) {
    Object.defineProperty(ElementInternals.prototype, 'shadowRoot', {
      get(this: ElementInternals) {
        const root = apply(internalsRoot, this, []) as ShadowRoot | null;
        if (root) watch(root);
        return root;
      },
      configurable: false,
    });
  }
  return check;
}

/** Scrolls to the element an in-page anchor names (`#id` or a named anchor); `#` and `#top` to the top. */
function scrollToAnchor(fragment: string): void {
  let name = fragment;
  try {
    name = decodeURIComponent(fragment);
  } catch {
    // A malformed escape: look the fragment up as written, as browsers do.
  }
  const target = name ? (document.getElementById(name) ?? document.getElementsByName(name)[0]) : undefined;
  if (target) target.scrollIntoView();
  else if (!name || name.toLowerCase() === 'top') window.scrollTo(0, 0);
}
