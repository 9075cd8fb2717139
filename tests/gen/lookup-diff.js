// tests/gen/lookup-diff.js MAP... - developer check (node, npm source-map
// 0.7.6): bin/smap-resolve --json against mozilla originalPositionFor on
// every map given, both biases.  NODE_PATH=build/npm/node_modules.
// differential: our --json answers vs mozilla source-map 0.7.6 on every map given
const fs = require('fs'), sm = require('source-map'), cp = require('child_process');
(async () => {
  let total = 0, bad = 0;
  for (const f of process.argv.slice(2)) {
    let raw;
    try { raw = JSON.parse(fs.readFileSync(f, 'utf8').replace(/^\)\]\}'[^\n]*\n/, '')); } catch (e) { continue; }
    let c;
    try { c = await new sm.SourceMapConsumer(raw); } catch (e) { console.log('mozilla rejects', f); continue; }
    const segs = []; c.eachMapping((m) => segs.push([m.generatedLine, m.generatedColumn]));
    const qs = [];
    let seed = 1; const r = (n) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let i = 0; i < 300 && segs.length; i++) { const [l, col] = segs[r(segs.length)]; qs.push([l, col + [0, 1, 2, 7, 40][r(5)]]); }
    for (let l = 1; l < 30; l++) qs.push([l, 0], [l, 1], [l, 5000]);
    const input = qs.map(([l, col]) => `${l}:${col + 1}`).join('\n') + '\n';
    const out = [];
    for (const bias of ['glb', 'lub']) {
      const res = cp.spawnSync('bin/smap-resolve', ['--json', '--bias', bias, f], { input, encoding: 'utf8' });
      if (res.status !== 0) { console.log('ours failed', f, res.stderr.slice(0, 200)); bad++; break; }
      const lines = res.stdout.trim().split('\n').map((x) => JSON.parse(x));
      qs.forEach(([l, col], i) => {
        const m = c.originalPositionFor({ line: l, column: col, bias: bias === 'glb' ? sm.SourceMapConsumer.GREATEST_LOWER_BOUND : sm.SourceMapConsumer.LEAST_UPPER_BOUND });
        const o = lines[i];
        total++;
        const mine = o.original_line === null ? null : [o.source, o.original_line, o.original_column - 1, o.name];
        const theirs = m.line === null ? null : [m.source, m.line, m.column, m.name];
        if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
          bad++;
          if (bad < 15) console.log(f, l, col, bias, JSON.stringify(mine), JSON.stringify(theirs));
        }
      });
    }
    c.destroy();
  }
  console.log('total', total, 'bad', bad);
})();
