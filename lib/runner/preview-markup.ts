/**
 * A preview page's markup made inert where the preview's guard could not
 * reach it at run time. The page is parsed on the host with a parser that
 * runs no script, loads nothing and attaches no declarative shadow root
 * (DOMParser; inside the preview, an inert `<template>`), and what would act
 * before or outside the guard is cut:
 * - `shadowrootmode` on templates: a declarative shadow root, closed, cannot
 *   be seen from script and its frames are not counted in window.length;
 *   without the attribute the template stays an inert template;
 * - iframe and frame elements (the guard removes every frame at run time):
 *   a nested page would run without the guard, and an address makes
 *   Chromium connect before the CSP refuses it; `data` of object and `src`
 *   of embed (the CSP refuses them too);
 * - `<meta http-equiv=refresh>` and `x-dns-prefetch-control`, `<base>`, and
 *   links that connect ahead (preconnect, dns-prefetch, prefetch, prerender,
 *   preload, modulepreload);
 * - `<noscript>`: its content never shows in a page that runs script, and it
 *   is the one element a parser without script (this one) reads differently.
 * Each cut gives a "Blocked: …" line for the preview's console.
 */
import { blockedLine } from './blocked';

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const AHEAD = /^(?:preconnect|dns-prefetch|prefetch|prerender|preload|modulepreload)$/i;
const NESTED = "a nested page would run without the preview's guards";
const STAY = 'previews stay on their page';
const NETWORK = 'previews cannot use the network';
/** The line for a frame's own document (srcdoc, javascript:); the guard says the same for frames it removes. */
export const FRAME_LINE = blockedLine('a frame inside the preview', NESTED);

function cut(el: Element, name: string): string | null {
  const value = el.getAttribute(name);
  el.removeAttribute(name);
  return value;
}

function shown(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}

/**
 * Cuts, in place, everything listed above from `root` and from every
 * template's content in it (a template made inert is searched too). Returns
 * how many things were cut; `report` gets a line for each one the user
 * should know about (the same line may come more than once).
 */
export function neutralise(root: ParentNode, report: (line: string) => void): number {
  let cuts = 0;
  const templates: ParentNode[] = [root];
  while (templates.length) {
    const node = templates.pop()!;
    for (const el of Array.from(node.querySelectorAll('*'))) {
      if (el.namespaceURI !== HTML_NS) continue;
      const name = el.localName;
      if (name === 'template') {
        if (el.hasAttribute('shadowrootmode')) {
          cut(el, 'shadowrootmode');
          cuts++;
          report(
            blockedLine(
              'a declarative shadow root (<template shadowrootmode>)',
              'its content stays an inert template; attachShadow() from script works',
            ),
          );
        }
        templates.push((el as HTMLTemplateElement).content);
      } else if (name === 'iframe' || name === 'frame') {
        // The guard removes every frame at run time; one in the markup goes now, before it could load.
        const url = el.getAttribute('src');
        el.remove();
        cuts++;
        report(
          url === null || el.hasAttribute('srcdoc') || /^\s*javascript:/i.test(url)
            ? FRAME_LINE
            : blockedLine(`frame of ${shown(url)}`, NETWORK),
        );
      } else if ((name === 'object' && el.hasAttribute('data')) || (name === 'embed' && el.hasAttribute('src'))) {
        const url = cut(el, name === 'object' ? 'data' : 'src')!;
        cuts++;
        report(blockedLine(`loading ${shown(url)}`, NETWORK));
      } else if (
        name === 'meta' &&
        /^\s*(?:refresh|x-dns-prefetch-control)\s*$/i.test(el.getAttribute('http-equiv') ?? '')
      ) {
        el.remove();
        cuts++;
        if (/refresh/i.test(el.getAttribute('http-equiv')!)) report(blockedLine('a meta refresh', STAY));
      } else if (name === 'base') {
        el.remove();
        cuts++;
        report(blockedLine('a <base> element', 'addresses in a preview are not redirected'));
      } else if (name === 'link' && (el.getAttribute('rel') ?? '').split(/\s+/).some((r) => AHEAD.test(r))) {
        el.remove();
        cuts++;
        report(blockedLine(`a ${el.getAttribute('rel')} link to ${shown(el.getAttribute('href') ?? '')}`, NETWORK));
      } else if (name === 'noscript') {
        el.remove();
        cuts++;
      }
    }
  }
  return cuts;
}

/** What `containPage` gives: the page to put after our head, and what was cut from it. */
export interface ContainedPage {
  html: string;
  blocked: string[];
}

/** How often the page is read again before one that keeps changing is refused. */
const ROUNDS = 4;

/**
 * The page's markup, neutralised and serialised. The result is read again
 * until a reading finds nothing to cut: markup that parses differently once
 * serialised (the known "mutation" tricks) is caught on the next reading,
 * and a page that never settles is refused whole. The parse is a
 * scripting-off one, which differs from the preview's only inside
 * `<noscript>`, and there is none left. `parse` is `DOMParser` on the host.
 */
export function containPage(html: string, parse: (html: string) => Document): ContainedPage {
  const lines = new Set<string>();
  const report = (line: string) => lines.add(line);
  let text = html;
  for (let round = 0; round < ROUNDS; round++) {
    const doc = parse(text);
    const cuts = neutralise(doc, report);
    if (round > 0 && cuts === 0) return { html: text, blocked: [...lines] };
    text = `<!doctype html>${doc.documentElement.outerHTML}`;
  }
  const refused = blockedLine('this page', 'its markup changes each time it is read, so it could not be checked');
  return { html: `<p>${refused.trim().replace(/[<>&]/g, '')}</p>`, blocked: [...lines, refused] };
}

/** `containPage` with the browser's DOMParser (the app page; it runs nothing of the page). */
export function containPageInBrowser(html: string): ContainedPage {
  const parser = new DOMParser();
  return containPage(html, (text) => parser.parseFromString(text, 'text/html'));
}
