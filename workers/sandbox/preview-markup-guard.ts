/**
 * Markup a preview's script parses goes through the cuts the host applied to
 * the page (lib/runner/preview-markup.ts), before any of it is in the page:
 * - `setHTMLUnsafe` and `Document.parseHTMLUnsafe` would attach declarative
 *   shadow roots (closed ones the guard cannot see): they parse as innerHTML
 *   and DOMParser do, which attach none, and are cut;
 * - `document.write`/`writeln` of markup feeds the page's own parser, which
 *   would attach them too, and can leave it inside a tag for the page's
 *   remaining source to finish: markup is parsed on its own instead, cut,
 *   and put after the writing script (scripts in it do not run); written
 *   from the head, what cannot be in a head starts the body, as the parser
 *   would place it. Plain text is written as usual. A write or `document.open` after the page loaded
 *   would replace the page and drop the guard's listeners: refused;
 * - `innerHTML`, `outerHTML` and `insertAdjacentHTML`: parsed into a
 *   detached element first, so a frame with an address is cut before it is
 *   connected (once connected, Chromium connects to the address before the
 *   CSP refuses it); `createContextualFragment`, `DOMParser` and XSLT
 *   results are cut before they are returned; editing's `insertHTML` with
 *   anything to cut is refused;
 * - an iframe's or frame's `src`/`srcdoc`, set as a property, with
 *   `setAttribute(NS)` or through attribute nodes: refused (every frame is
 *   removed anyway; an address would be connected to first).
 * What it calls later is bound now, so a page that replaces prototypes
 * cannot turn it off.
 */
import { blockedLine } from '../../lib/runner/blocked';
import { FRAME_LINE, neutralise } from '../../lib/runner/preview-markup';

const HTML_NS = 'http://www.w3.org/1999/xhtml';

type Setter = (this: unknown, value: unknown) => void;

function setterOf(proto: object, name: string): Setter {
  return Object.getOwnPropertyDescriptor(proto, name)!.set as Setter;
}

/** Replaces a method for good. */
function lock(target: object, name: string, value: unknown): void {
  if (!(name in target)) return;
  Object.defineProperty(target, name, { value, writable: false, configurable: false, enumerable: false });
}

/** Installs the wrappers above; `report` gets each "Blocked: …" line. */
export function guardMarkup(report: (line: string) => void): void {
  const apply = Reflect.apply;
  const innerHTML = setterOf(Element.prototype, 'innerHTML');
  const createElement = document.createElement.bind(document);
  const createElementNS = document.createElementNS.bind(document);
  const parseFrom = DOMParser.prototype.parseFromString;
  const parser = new DOMParser();
  const parseFromString = parser.parseFromString.bind(parser);
  const contextual = Range.prototype.createContextualFragment;
  const replaceWith = Element.prototype.replaceWith;
  const cut = (root: ParentNode) => neutralise(root, report);

  /** `html` parsed as the children of an element like `context`, detached from the page and cut. */
  const parseInert = (context: Element | null, html: unknown): Node[] => {
    const name = context?.localName ?? 'div';
    const ns = context?.namespaceURI ?? HTML_NS;
    // A detached copy of the context (a custom element's name would run its constructor: a div parses alike).
    const holder =
      ns === HTML_NS
        ? createElement(name.includes('-') || name === 'template' ? 'div' : name)
        : createElementNS(ns, name);
    apply(innerHTML, holder, [String(html)]);
    cut(holder);
    return Array.from(holder.childNodes);
  };

  // innerHTML on elements and shadow roots: parsed detached, cut, then moved in.
  const replaceChildren = Element.prototype.replaceChildren;
  const rootReplaceChildren = ShadowRoot.prototype.replaceChildren;
  Object.defineProperty(Element.prototype, 'innerHTML', {
    ...Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML'),
    set(this: Element, value: unknown) {
      // A template's innerHTML fills its inert content: nothing of it is in the page.
      if (this instanceof HTMLTemplateElement) {
        apply(innerHTML, this, [value]);
        cut(this.content);
        return;
      }
      apply(replaceChildren, this, parseInert(this, value));
    },
    configurable: false,
  });
  Object.defineProperty(ShadowRoot.prototype, 'innerHTML', {
    ...Object.getOwnPropertyDescriptor(ShadowRoot.prototype, 'innerHTML'),
    set(this: ShadowRoot, value: unknown) {
      apply(rootReplaceChildren, this, parseInert(null, value));
    },
    configurable: false,
  });

  const before = Element.prototype.before;
  const after = Element.prototype.after;
  const prepend = Element.prototype.prepend;
  const append = Element.prototype.append;
  lock(
    Element.prototype,
    'insertAdjacentHTML',
    function insertAdjacentHTML(this: Element, where: string, html: unknown) {
      const at = String(where).toLowerCase();
      const outside = at === 'beforebegin' || at === 'afterend';
      if (outside && !(this.parentNode instanceof Element))
        throw new DOMException('The element has no parent.', 'NoModificationAllowedError');
      const nodes = parseInert(outside ? (this.parentNode as Element) : this, html);
      const place = { beforebegin: before, afterbegin: prepend, beforeend: append, afterend: after }[at];
      if (!place) throw new DOMException(`'${where}' is not a valid position.`, 'SyntaxError');
      apply(place, this, nodes);
    },
  );

  Object.defineProperty(Element.prototype, 'outerHTML', {
    ...Object.getOwnPropertyDescriptor(Element.prototype, 'outerHTML'),
    set(this: Element, value: unknown) {
      const parent = this.parentNode;
      if (!parent) throw new DOMException('The element has no parent.', 'NoModificationAllowedError');
      apply(replaceWith, this, parseInert(parent instanceof Element ? parent : null, value));
    },
    configurable: false,
  });
  // Parsed but not yet in the page: cut before it is returned.
  lock(Range.prototype, 'createContextualFragment', function createContextualFragment(this: Range, html: unknown) {
    const fragment = apply(contextual, this, [html]) as DocumentFragment;
    cut(fragment);
    return fragment;
  });
  lock(DOMParser.prototype, 'parseFromString', function (this: DOMParser, html: unknown, type: DOMParserSupportedType) {
    const doc = apply(parseFrom, this, [html, type]) as Document;
    cut(doc);
    return doc;
  });

  // XSLT output and editing's insertHTML are parsed by the browser itself: cut the result, or refuse markup that had anything to cut.
  const xslt = (window as unknown as { XSLTProcessor?: { prototype: Record<string, (...a: unknown[]) => unknown> } })
    .XSLTProcessor;
  for (const name of ['transformToFragment', 'transformToDocument']) {
    const real = xslt?.prototype[name];
    if (!xslt || !real) continue;
    lock(xslt.prototype, name, function (this: unknown, ...args: unknown[]) {
      const result = apply(real, this, args) as ParentNode | null;
      if (result) cut(result);
      return result;
    });
  }
  const execCommand = Document.prototype.execCommand;
  lock(Document.prototype, 'execCommand', function (this: Document, command: string, ui?: boolean, value?: string) {
    if (/^inserthtml$/i.test(String(command))) {
      const holder = createElement('div');
      apply(innerHTML, holder, [String(value)]);
      if (cut(holder) > 0) return false;
    }
    return apply(execCommand, this, [command, ui, value]);
  });

  // setHTML(Unsafe) and parseHTML(Unsafe): as innerHTML and DOMParser, which attach no declarative shadow root.
  for (const name of ['setHTMLUnsafe', 'setHTML']) {
    lock(Element.prototype, name, function (this: Element, html: unknown) {
      this.innerHTML = String(html);
    });
    lock(ShadowRoot.prototype, name, function (this: ShadowRoot, html: unknown) {
      this.innerHTML = String(html);
    });
  }
  for (const name of ['parseHTMLUnsafe', 'parseHTML']) {
    lock(Document, name, function (html: unknown) {
      const doc = parseFromString(String(html), 'text/html');
      cut(doc);
      return doc;
    });
  }

  // document.write: plain text while the page loads; markup parsed on its own and put after the script.
  const write = document.write.bind(document);
  const writeln = document.writeln.bind(document);
  const open = document.open.bind(document);
  const readyState = Object.getOwnPropertyDescriptor(Document.prototype, 'readyState')!.get!.bind(
    document,
  ) as () => string;
  const currentScript = Object.getOwnPropertyDescriptor(Document.prototype, 'currentScript')!.get!.bind(
    document,
  ) as () => HTMLScriptElement | null;
  const afterPage = blockedLine(
    'document.write() after the page loaded',
    'it would replace the page; use the DOM or innerHTML',
  );
  const writer = (real: (...text: string[]) => void, newline: boolean) =>
    function (this: Document, ...parts: unknown[]) {
      const text = parts.map(String).join('') + (newline ? '\n' : '');
      const script = currentScript();
      if (readyState() !== 'loading' || !script?.parentNode) {
        report(afterPage);
        return;
      }
      if (!text.includes('<')) {
        real(text);
        return;
      }
      const parent = script.parentNode;
      if (parent instanceof ShadowRoot) {
        apply(rootReplaceChildren, parent, [...parent.childNodes, ...parseInert(null, text)]);
        return;
      }
      if (parent === headOf() && parent instanceof Element) {
        writeInHead(parent, text);
        return;
      }
      apply(append, parent, parseInert(parent as Element, text));
    };
  const headOf = Object.getOwnPropertyDescriptor(Document.prototype, 'head')!.get!.bind(
    document,
  ) as () => HTMLHeadElement | null;
  const bodyOf = Object.getOwnPropertyDescriptor(Document.prototype, 'body')!.get!.bind(
    document,
  ) as () => HTMLElement | null;
  const HEAD_CONTENT = new Set(['base', 'link', 'meta', 'noscript', 'script', 'style', 'template', 'title']);
  /** Nodes written in the head that belong in the body, until the parser has made the body. */
  const forBody: Node[] = [];
  /**
   * Written from a script in the head, as the page's parser would place it:
   * head content stays in the head; from the first thing that cannot be in a
   * head on, it goes to the start of the body (once the parser has made it).
   */
  const writeInHead = (head: Element, text: string) => {
    const nodes = parseInert(createElement('div'), text);
    let inBody = forBody.length > 0;
    for (const node of nodes) {
      const headContent =
        node instanceof Element
          ? HEAD_CONTENT.has(node.localName)
          : node.nodeType !== 3 /* text */ || !node.textContent?.trim();
      if (!headContent) inBody = true;
      if (inBody) forBody.push(node);
      else apply(append, head, [node]);
    }
    const place = () => {
      const body = bodyOf();
      if (!body || !forBody.length) return false;
      apply(prepend, body, forBody.splice(0));
      return true;
    };
    // A head the page's own script made after the body (or one written into later) has a body already.
    if (!forBody.length || place() || watchingForBody) return;
    watchingForBody = true;
    const observer = new NativeObserver(() => {
      if (place()) apply(disconnect, observer, []);
    });
    apply(observe, observer, [document.documentElement, { childList: true }]);
  };
  let watchingForBody = false;
  const NativeObserver = MutationObserver;
  const observe = MutationObserver.prototype.observe;
  const disconnect = MutationObserver.prototype.disconnect;
  lock(Document.prototype, 'write', writer(write, false));
  lock(Document.prototype, 'writeln', writer(writeln, true));
  lock(Document.prototype, 'open', function (this: Document, ...args: unknown[]) {
    // During parsing, open() does nothing; with three arguments it is window.open, already refused.
    if (args.length >= 3) return window.open();
    if (readyState() !== 'loading') {
      report(blockedLine('document.open()', 'it would replace the page; use the DOM or innerHTML'));
      return this;
    }
    return open();
  });

  // A frame's src and srcdoc from script: refused (every frame is removed; an address would be connected to first).
  const refuse = (name: string, value: unknown) => {
    report(
      name === 'src' && String(value).trim() && !/^\s*javascript:/i.test(String(value))
        ? blockedLine(`frame of ${String(value).slice(0, 200)}`, 'previews cannot use the network')
        : FRAME_LINE,
    );
  };
  const isFrame = (el: Element) => el instanceof HTMLIFrameElement || el instanceof HTMLFrameElement;
  for (const proto of [HTMLIFrameElement.prototype, HTMLFrameElement.prototype]) {
    for (const name of proto === HTMLIFrameElement.prototype ? ['src', 'srcdoc'] : ['src']) {
      const d = Object.getOwnPropertyDescriptor(proto, name)!;
      Object.defineProperty(proto, name, {
        get: d.get,
        set: (value: unknown) => refuse(name, value),
        enumerable: d.enumerable,
        configurable: false,
      });
    }
  }
  const setAttribute = Element.prototype.setAttribute;
  const setAttributeNS = Element.prototype.setAttributeNS;
  const isFrameAttr = (el: Element, name: unknown) => isFrame(el) && /^(?:src|srcdoc)$/i.test(String(name));
  lock(Element.prototype, 'setAttribute', function (this: Element, name: string, value: string) {
    if (isFrameAttr(this, name)) return refuse(String(name).toLowerCase(), value);
    return apply(setAttribute, this, [name, value]);
  });
  lock(Element.prototype, 'setAttributeNS', function (this: Element, ns: string | null, name: string, value: string) {
    if (isFrameAttr(this, String(name).split(':').pop())) return refuse(String(name).toLowerCase(), value);
    return apply(setAttributeNS, this, [ns, name, value]);
  });
  // The same through attribute nodes: set on a frame, or given a value while on one. A map's
  // element is remembered when the page reads `attributes` (an empty map has no attribute to ask).
  const attrName = Object.getOwnPropertyDescriptor(Attr.prototype, 'localName')!.get!;
  const attrOwner = Object.getOwnPropertyDescriptor(Attr.prototype, 'ownerElement')!.get!;
  const attributes = Object.getOwnPropertyDescriptor(Element.prototype, 'attributes')!;
  const mapOwner = new WeakMap<NamedNodeMap, Element>();
  const weakGet = WeakMap.prototype.get;
  const weakSet = WeakMap.prototype.set;
  Object.defineProperty(Element.prototype, 'attributes', {
    ...attributes,
    get(this: Element) {
      const map = apply(attributes.get!, this, []) as NamedNodeMap;
      apply(weakSet, mapOwner, [map, this]);
      return map;
    },
    configurable: false,
  });
  const isFrameAttrNode = (el: Element | null | undefined, attr: unknown) =>
    !!el && attr instanceof Attr && isFrameAttr(el, apply(attrName, attr, []));
  for (const [proto, name, owner] of [
    [Element.prototype, 'setAttributeNode', (self: unknown) => self as Element],
    [Element.prototype, 'setAttributeNodeNS', (self: unknown) => self as Element],
    [
      NamedNodeMap.prototype,
      'setNamedItem',
      (self: unknown) => apply(weakGet, mapOwner, [self]) as Element | undefined,
    ],
    [
      NamedNodeMap.prototype,
      'setNamedItemNS',
      (self: unknown) => apply(weakGet, mapOwner, [self]) as Element | undefined,
    ],
  ] as const) {
    const real = (proto as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
    lock(proto, name, function (this: unknown, attr: Attr) {
      if (isFrameAttrNode(owner(this), attr))
        return refuse(String(apply(attrName, attr, [])).toLowerCase(), attr.value);
      return apply(real, this, [attr]);
    });
  }
  for (const [proto, name] of [
    [Attr.prototype, 'value'],
    [Node.prototype, 'nodeValue'],
    [Node.prototype, 'textContent'],
  ] as const) {
    const d = Object.getOwnPropertyDescriptor(proto, name)!;
    Object.defineProperty(proto, name, {
      ...d,
      set(this: Node, value: unknown) {
        if (this instanceof Attr && isFrameAttrNode(apply(attrOwner, this, []) as Element | null, this))
          return refuse(String(apply(attrName, this, [])).toLowerCase(), value);
        apply(d.set!, this, [value]);
      },
      configurable: false,
    });
  }
}
