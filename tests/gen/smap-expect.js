// SPDX-License-Identifier: MIT
// smap-expect.js CASE_DIR - writes CASE_DIR/positions.jsonl and
// CASE_DIR/frames.jsonl for a bundle (app.js + app.js.map) and its trace
// (raw.txt), from mozilla source-map 0.7 (the lookups) and acorn on the
// ORIGINAL sources (the name of the function enclosing each original
// position), in the format of the reference corpus.  Run by
// tests/gen/smap-cases.sh; needs source-map and acorn from npm.
'use strict';
const fs = require('fs');
const path = require('path');
const sm = require('source-map');
const acorn = require('acorn');

const dir = process.argv[2];
const map = JSON.parse(fs.readFileSync(path.join(dir, 'app.js.map'), 'utf8'));
const js = fs.readFileSync(path.join(dir, 'app.js'), 'utf8');
const GLB = sm.SourceMapConsumer.GREATEST_LOWER_BOUND;
const LUB = sm.SourceMapConsumer.LEAST_UPPER_BOUND;

let seed = 12345;
function rand(n) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
}

// The scope name the way Sentry's js-source-scopes finds it, computed
// independently with acorn: the innermost function of the MINIFIED
// bundle around (line 1-based, column 0-based), named from its context
// (function id, `x = ...`, `a.b = ...`, object key, Class.method), each
// identifier renamed by the mapping that starts exactly on it.
let bundleAst = null;
function scopeName(line, column, names) {
  if (!bundleAst) bundleAst = acorn.parse(js, { ecmaVersion: 'latest', sourceType: 'script', locations: true, allowReturnOutsideFunction: true, allowHashBang: true });
  const inside = (n) => {
    const s = n.loc.start, e = n.loc.end;
    return (s.line < line || (s.line === line && s.column <= column)) &&
           (e.line > line || (e.line === line && e.column > column));
  };
  const id = (n) => {
    const k = n.loc.start.line + ':' + n.loc.start.column;
    return names.has(k) ? names.get(k) : n.name;
  };
  const dotted = (n) => {
    if (n.type === 'Identifier') return id(n);
    if (n.type === 'MemberExpression' && !n.computed) {
      const o = dotted(n.object);
      return o ? o + '.' + n.property.name : null;
    }
    return null;
  };
  const key = (k) => (k.type === 'Identifier' ? id(k) : k.type === 'Literal' ? String(k.value) : null);
  const holderName = (parents, i) => {
    const p = parents[i];
    if (!p) return null;
    if (p.type === 'VariableDeclarator' && p.id.type === 'Identifier') return id(p.id);
    if (p.type === 'AssignmentExpression') return dotted(p.left);
    return null;
  };
  let best;
  function visit(n, parents) {
    if (!n || typeof n.type !== 'string') return;
    if (/Function/.test(n.type) && inside(n)) {
      let name = null;
      const p = parents[parents.length - 1];
      if (n.id) name = id(n.id);
      else if (p && p.type === 'MethodDefinition') {
        const cls = parents[parents.length - 3];
        const cname = cls ? (cls.id ? id(cls.id) : holderName(parents, parents.length - 4)) : null;
        const k = key(p.key);
        name = p.kind === 'constructor' ? cname : cname ? cname + '.' + k : k;
      } else if (p && p.type === 'Property') {
        const oname = holderName(parents, parents.length - 3);
        name = oname ? oname + '.' + key(p.key) : key(p.key);
      } else name = holderName(parents, parents.length - 1);
      best = name;
    }
    parents.push(n);
    for (const k of Object.keys(n)) {
      if (k === 'loc') continue;
      const v = n[k];
      if (Array.isArray(v)) v.forEach((c) => visit(c, parents));
      else if (v && typeof v.type === 'string') visit(v, parents);
    }
    parents.pop();
  }
  best = undefined;
  visit(bundleAst, []);
  return best === undefined ? null : best;
}

const chained = [];

(async () => {
  const c = await new sm.SourceMapConsumer(map);
  // intermediate maps (tsc output next to the bundle), opened up front
  for (const f of map.sources || []) {
    const inter = f && path.join(dir, f);
    if (inter && fs.existsSync(inter + '.map')) {
      const m2 = JSON.parse(fs.readFileSync(inter + '.map', 'utf8'));
      const c2 = await new sm.SourceMapConsumer(m2);
      chained.push({ f, c2, ask: (line, column) => {
        const r = c2.originalPositionFor({ line, column, bias: GLB });
        if (r.line === null) return null;
        const idx = c2.sources.indexOf(r.source);
        return { source: r.source, line: r.line, column: r.column, name: r.name, source_index: idx, raw_source: m2.sources[idx] };
      } });
    }
  }
  const sources = c.sources;
  const ask = (line, column, bias) => {
    const r = c.originalPositionFor({ line, column, bias });
    if (r.source === null && r.line === null) return null;
    const idx = sources.indexOf(r.source);
    return { source: r.source, line: r.line, column: r.column, name: r.name, source_index: idx,
             raw_source: map.sources ? map.sources[idx] : null };
  };

  // positions: exact, between, past the end of a line, before the first
  const lines = js.split('\n');
  const segs = [];
  const names = new Map();	// "line:col" (acorn coordinates) -> name
  c.eachMapping((m) => {
    segs.push([m.generatedLine, m.generatedColumn]);
    const k = m.generatedLine + ':' + m.generatedColumn;
    if (m.name && !names.has(k)) names.set(k, m.name);
  });
  const out = [];
  const add = (line, column, kind) => {
    for (const [b, name] of [[GLB, 'GLB'], [LUB, 'LUB']])
      out.push(JSON.stringify({ line, column, bias: name, kind, expect: ask(line, column, b) }));
  };
  for (let i = 0; i < 150 && segs.length; i++) {
    const [l, col] = segs[rand(segs.length)];
    add(l, col, 'exact');
  }
  for (let i = 0; i < 100 && segs.length > 1; i++) {
    const k = rand(segs.length - 1);
    const [l, a] = segs[k], [l2, b] = segs[k + 1];
    if (l === l2 && b - a > 1) add(l, a + 1 + rand(b - a - 1), 'between');
  }
  for (let l = 1; l <= lines.length; l++) {
    add(l, lines[l - 1].length + rand(50), 'past_eol');
    add(l, 0, 'line_start');
  }
  add(lines.length + 2, 0, 'past_last_line');
  fs.writeFileSync(path.join(dir, 'positions.jsonl'), out.join('\n') + '\n');

  // frames of raw.txt
  const raw = fs.readFileSync(path.join(dir, 'raw.txt'), 'utf8').split('\n');
  const frames = [];
  raw.forEach((text, i) => {
    const m = /^\s*at (?:(?:async |new )?(.*?) \()?(.*?):(\d+):(\d+)\)?$/.exec(text);
    if (!m) {
      if (/^\s*at /.test(text)) frames.push({ text_line: i + 1, raw: text.trim(), fn: null, resolvable: false });
      return;
    }
    const file = m[2], line = +m[3], column = +m[4];
    const resolvable = path.basename(file) === 'app.js';
    const f = { text_line: i + 1, raw: text.trim(), fn: m[1] || null, file, line, column, resolvable };
    if (resolvable) {
      let e = ask(line, column - 1, GLB);
      // a generated source with its own map: follow it (ts-chain)
      const inter = e && e.raw_source && path.join(dir, e.raw_source);
      if (inter && fs.existsSync(inter) && fs.existsSync(inter + '.map')) {
        const ch = chained.find((x) => x.f === e.raw_source);
        const e2 = ch ? ch.ask(e.line, e.column) : null;
        if (e2) e = e2;
      }
      if (e) {
        e.column1 = e.column + 1;
        f.expect = e;
        f.scope_name = scopeName(line, column - 1, names);
      } else {
        f.resolvable = false;
      }
    }
    frames.push(f);
  });
  frames.forEach((f, i) => {
    const next = frames[i + 1];
    f.callsite_name_from_next_frame = next && next.expect ? next.expect.name : null;
  });
  fs.writeFileSync(path.join(dir, 'frames.jsonl'), frames.map((f) => JSON.stringify(f)).join('\n') + '\n');
  c.destroy();
})();
