// Measures `uv-shim inspect` against `sha256sum` on the crafted 1 GiB files
// (issue 10 §4: at most 2x the time, at most 200 MB of memory), with GNU
// time's wall clock and maximum resident set. Run after `npm run build`:
//   node test/darwin/macho/measure-crafted.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { largeMalformed, manyLargeSignatures, overlappingFat, sparseThin } from './crafted.mjs';

const cli = resolve(import.meta.dirname, '..', '..', '..', 'dist', 'cli', 'uv-shim.cjs');
const dir = mkdtempSync(join(tmpdir(), 'uv-shim-measure-'));
const cases = {
  'sparse 1 GiB, holes for hashes': sparseThin(join(dir, 'holes')),
  'sparse 1 GiB, valid hashes (all hashed)': sparseThin(join(dir, 'valid'), { validHashes: true }),
  'sparse 1 GiB, one page of 1 GiB': sparseThin(join(dir, 'one-page'), { validHashes: true, pageLog2: 0 }),
  'fat, 30 overlapping 1 GiB slices': overlappingFat(join(dir, 'fat')),
  'fat, 30 slices of 32 MiB signatures': manyLargeSignatures(join(dir, 'sigs'), { count: 30, sliceBytes: 34 * 1024 * 1024, sigBytes: 32 * 1024 * 1024 }),
  '100 MB malformed': largeMalformed(join(dir, 'malformed')),
};

// GNU time -f: wall seconds and maximum resident set size in KiB, on the
// last line of stderr (inspect exits 0 or 1; either is a finished run).
function run(command, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const [s, kb] = r.stderr.trim().split('\n').pop().split(' ');
  return { s: Number(s), mb: Math.round(Number(kb) / 1024) };
}

console.log('| input | sha256sum s | inspect s | ratio | inspect max RSS MB |');
console.log('|---|---|---|---|---|');
for (const [name, file] of Object.entries(cases)) {
  const sum = run('sha256sum', [file]);
  const inspect = run(process.execPath, [cli, 'inspect', '--json', file]);
  console.log(`| ${name} | ${sum.s} | ${inspect.s} | ${(inspect.s / sum.s).toFixed(2)} | ${inspect.mb} |`);
}
rmSync(dir, { recursive: true, force: true });
