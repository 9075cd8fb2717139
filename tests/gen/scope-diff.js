// tests/gen/scope-diff.js BUNDLE MAP N - developer check (node, npm acorn and
// source-map): scope names of smap-resolve --trace against an acorn oracle
// on the minified bundle, at N random positions.  Run from the top of the
// tree after make; NODE_PATH=build/npm/node_modules.
// scope names: ours (trace mode, name_from=scope) vs an acorn oracle on the minified bundle
const fs = require('fs'), path = require('path'), cp = require('child_process'), acorn = require('acorn');
const sm = require('source-map');
const [bundle, mapFile, N] = process.argv.slice(2);
const js = fs.readFileSync(bundle, 'utf8');
const map = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
(async () => {
  const c = await new sm.SourceMapConsumer(map);
  const names = new Map();
  c.eachMapping((m) => { const k = m.generatedLine + ':' + m.generatedColumn; if (m.name && !names.has(k)) names.set(k, m.name); });
  const ast = acorn.parse(js, { ecmaVersion: 'latest', sourceType: 'script', locations: true, allowReturnOutsideFunction: true, allowHashBang: true });
  const fns = [];
  (function walk(n, parents) {
    if (!n || typeof n.type !== 'string') return;
    if (/Function/.test(n.type)) fns.push([n, parents.slice()]);
    parents.push(n);
    for (const k of Object.keys(n)) { if (k === 'loc') continue; const v = n[k]; if (Array.isArray(v)) v.forEach((x) => walk(x, parents)); else if (v && typeof v.type === 'string') walk(v, parents); }
    parents.pop();
  })(ast, []);
  const id = (n) => { const k = n.loc.start.line + ':' + n.loc.start.column; return names.has(k) ? names.get(k) : n.name; };
  const dotted = (n) => n.type === 'ThisExpression' ? 'this' : n.type === 'Identifier' ? id(n) : (n.type === 'MemberExpression' && !n.computed && dotted(n.object)) ? dotted(n.object) + '.' + n.property.name : null;
  const key = (k) => (k.type === 'Identifier' ? id(k) : k.type === 'Literal' ? String(k.value) : null);
  const holder = (p) => !p ? null : p.type === 'VariableDeclarator' && p.id.type === 'Identifier' ? id(p.id) : p.type === 'AssignmentExpression' ? dotted(p.left) : null;
  function nameOf(n, parents) {
    const p = parents[parents.length - 1];
    if (n.id) return id(n.id);
    if (p && p.type === 'MethodDefinition') { const cls = parents[parents.length - 3]; const cn = cls ? (cls.id ? id(cls.id) : holder(parents[parents.length - 4])) : null; const k = key(p.key); return p.kind === 'constructor' ? cn : cn ? cn + '.' + k : k; }
    if (p && p.type === 'Property') { const pn = (i) => { const k = key(parents[i].key); const up = parents[i - 2]; let o = holder(up); if (!o && up && up.type === 'Property') o = pn(i - 2); return o ? o + '.' + k : k; }; return pn(parents.length - 1); }
    return holder(p);
  }
  // positions: inside random function bodies
  let seed = 3; const r = (n) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const qs = [];
  const lines = js.split('\n');
  for (let i = 0; i < +N; i++) {
    const l = r(lines.length); if (!lines[l].length) continue;
    const col = r(lines[l].length);
    // innermost function
    let best;
    for (const [n, ps] of fns) { const s = n.loc.start, e = n.loc.end; if ((s.line < l + 1 || (s.line === l + 1 && s.column <= col)) && (e.line > l + 1 || (e.line === l + 1 && e.column > col))) best = [n, ps]; }
    qs.push([l + 1, col + 1, best ? (nameOf(best[0], best[1]) || null) : undefined]);
  }
  const dir = fs.mkdtempSync('/tmp/sd');
  fs.copyFileSync(bundle, path.join(dir, 'b.js')); fs.copyFileSync(mapFile, path.join(dir, 'b.js.map'));
  const trace = qs.map(([l, col]) => `    at zz (/x/b.js:${l}:${col})\n--`).join('\n');
  fs.writeFileSync(path.join(dir, 't.txt'), trace);
  const res = cp.spawnSync('bin/smap-resolve', ['--trace', '--json', '-d', dir, path.join(dir, 't.txt')], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const out = res.stdout.trim().split('\n').map((x) => JSON.parse(x));
  let bad = 0, n = 0;
  qs.forEach(([l, col, want], i) => {
    const o = out[i];
    if (!o.resolved) return;
    n++;
    const got = o.name_from === 'scope' ? o.original.function : undefined;
    const w = want === undefined ? undefined : want;   // undefined = top level
    const ok = (w === undefined && got === undefined) || (w === null && got === undefined) || (w === got);
    if (!ok) { bad++; if (bad <= 12) console.log(`${l}:${col} want ${w} got ${got} (${o.name_from}) ctx: ${lines[l-1].slice(Math.max(0,col-60), col+10)}`); }
  });
  console.log(bundle, 'compared', n, 'bad', bad);
  c.destroy();
})();
