// A very small HTML parser and selector engine, enough to run the bridge's extraction on
// saved page fragments under node without dependencies. Supports: tag, #id, .class,
// [attr], [attr="v"], [attr*="v"], [attr^="v"], [attr$="v"], descendant (" ") and child
// (">") combinators, and selector lists ("a, b"). Not a general-purpose DOM.
"use strict";

const VOID = new Set(["br", "img", "hr", "input", "meta", "link", "source", "wbr"]);
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decode(text) {
  return text.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === "#") return String.fromCodePoint(e[1].toLowerCase() === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

class Node {
  constructor(tag, attrs, parent) {
    this.tagName = tag;
    this.attrs = attrs;
    this.parent = parent;
    this.children = [];
  }
  getAttribute(name) {
    return Object.prototype.hasOwnProperty.call(this.attrs, name) ? this.attrs[name] : null;
  }
  get textContent() {
    return this.children.map((c) => (typeof c === "string" ? c : c.textContent)).join("");
  }
  *elements() {
    for (const c of this.children) {
      if (typeof c !== "string") {
        yield c;
        yield* c.elements();
      }
    }
  }
  querySelectorAll(selector) {
    const groups = selector.split(",").map((s) => parseSelector(s.trim()));
    return [...this.elements()].filter((el) => groups.some((g) => matchesChain(el, g, this)));
  }
  querySelector(selector) {
    return this.querySelectorAll(selector)[0] || null;
  }
}

function parseHTML(html) {
  const root = new Node("#document", {}, null);
  let cur = root;
  const re = /<!--[\s\S]*?-->|<\/([a-zA-Z0-9-]+)\s*>|<([a-zA-Z0-9-]+)((?:\s+[^\s=>\/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>|([^<]+)/g;
  let m;
  while ((m = re.exec(html))) {
    if (m[1]) {
      let n = cur;
      while (n && n.tagName !== m[1].toLowerCase()) n = n.parent;
      if (n && n.parent) cur = n.parent;
    } else if (m[2]) {
      const attrs = {};
      const attrRe = /([^\s=>\/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
      let a;
      while ((a = attrRe.exec(m[3] || ""))) attrs[a[1].toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? "");
      const el = new Node(m[2].toLowerCase(), attrs, cur);
      cur.children.push(el);
      if (!m[4] && !VOID.has(el.tagName)) cur = el;
    } else if (m[5]) {
      cur.children.push(decode(m[5]));
    }
  }
  return root;
}

// "div.a > span[x*='y'] .b" -> [{compound}, combinator, {compound}, ...]
function parseSelector(sel) {
  const tokens = sel.replace(/\s*>\s*/g, " > ").split(/\s+(?=(?:[^\]"']|"[^"]*"|'[^']*')*$)/).filter(Boolean);
  return tokens.map((t) => (t === ">" ? t : parseCompound(t)));
}

function parseCompound(text) {
  const out = { tag: null, id: null, classes: [], attrs: [] };
  const re = /^([a-zA-Z0-9-]+|\*)|#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:([*^$]?=)["']?([^"'\]]*)["']?)?\]/g;
  let m;
  while ((m = re.exec(text))) {
    if (m[0] === "") break;
    if (m[1]) out.tag = m[1] === "*" ? null : m[1].toLowerCase();
    else if (m[2]) out.id = m[2];
    else if (m[3]) out.classes.push(m[3]);
    else if (m[4]) out.attrs.push({ name: m[4].toLowerCase(), op: m[5] || null, value: m[6] ?? "" });
  }
  return out;
}

function matchesCompound(el, c) {
  if (c.tag && el.tagName !== c.tag) return false;
  if (c.id && el.getAttribute("id") !== c.id) return false;
  const classes = (el.getAttribute("class") || "").split(/\s+/);
  if (!c.classes.every((k) => classes.includes(k))) return false;
  return c.attrs.every(({ name, op, value }) => {
    const v = el.getAttribute(name);
    if (v === null) return false;
    if (!op) return true;
    if (op === "=") return v === value;
    if (op === "*=") return v.includes(value);
    if (op === "^=") return v.startsWith(value);
    return v.endsWith(value);
  });
}

function matchesChain(el, chain, scope) {
  let i = chain.length - 1;
  if (!matchesCompound(el, chain[i])) return false;
  let node = el;
  i -= 1;
  while (i >= 0) {
    const child = chain[i] === ">";
    if (child) i -= 1;
    const want = chain[i];
    let p = node.parent;
    if (child) {
      if (!p || p === scope.parent || !matchesCompound(p, want)) return false;
      node = p;
    } else {
      while (p && p !== scope && !matchesCompound(p, want)) p = p.parent;
      if (!p || p === scope) return false;
      node = p;
    }
    i -= 1;
  }
  return true;
}

module.exports = { parseHTML };
