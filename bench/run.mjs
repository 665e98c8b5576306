#!/usr/bin/env node
// `npm run bench`: loads every bench/*.bench.mjs (each `export default async
// function (h)`), lets it time things through the harness `h`, then prints
// one table and the ratios the benchmarks asked for. Timings are medians of
// at least 10 runs after a warm-up, never single measurements; commands are
// timed in wall time and in CPU time (bench/rusage.py), the second being
// what a loaded machine disturbs least.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findPython } from '../test/helpers/python.mjs';
import { makeWorld } from '../test/helpers/world.mjs';

const loadAtStart = loadavg();
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MIN_RUNS = 10;
// The same Python the tests find ($PYTHON, else python3 on PATH).
const python = findPython();

// The same pinned uv the tests use (version read from test/setup/real-uv.ts,
// installed into .cache/ with pip when missing).
function realUvDir() {
  if (process.env.UV_SHIM_TEST_UV_DIR) return process.env.UV_SHIM_TEST_UV_DIR;
  const source = readFileSync(join(repoRoot, 'test/setup/real-uv.ts'), 'utf8');
  const version = /UV_VERSION = '([^']+)'/.exec(source)?.[1];
  if (!version) throw new Error('could not read UV_VERSION from test/setup/real-uv.ts');
  const target = join(repoRoot, '.cache', `uv-${version}`);
  if (!existsSync(join(target, 'bin', 'uv'))) {
    execFileSync(python.executable, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
      '--no-warn-script-location', '--target', target, `uv==${version}`], { stdio: 'inherit' });
  }
  return join(target, 'bin');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Runs the commands through bench/rusage.py: the warm-up, then `runs`
// interleaved rounds, each run's wall time and CPU time (its own and its
// waited-for descendants', from wait4) in ms.
function measure(commands, runs) {
  const request = JSON.stringify({ runs, commands });
  const r = spawnSync(python.executable, ['-I', '-S', join(repoRoot, 'bench', 'rusage.py')], { input: request, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0) throw new Error(r.error?.message ?? r.stderr);
  return JSON.parse(r.stdout);
}

function makeHarness(rows, ratios, cleanups) {
  const h = {
    repoRoot,
    realUvDir: realUvDir(),
    python,
    // Median wall time (ms) of running file with args. With several entries
    // (h.timeAll) runs are interleaved, so a neighbour's load skews all alike.
    // The median CPU time of each is kept in h.cpu[label] and printed beside.
    async time(label, file, args, options = {}) {
      return (await h.timeAll([{ label, file, args }], options))[label];
    },
    async timeAll(commands, { runs = 20, env = process.env, cwd = repoRoot, note = '' } = {}) {
      const n = Math.max(MIN_RUNS, runs);
      const samples = measure(commands.map((c) => ({ file: c.file, args: c.args, env: c.env ?? env, cwd: c.cwd ?? cwd })), n);
      const out = {};
      commands.forEach((c, i) => {
        out[c.label] = median(samples[i].wall);
        h.cpu[c.label] = median(samples[i].cpu);
        h.row(c.label, out[c.label], c.note ?? note, `ms (median of ${n})`, h.cpu[c.label]);
      });
      return out;
    },
    cpu: {},
    // Median duration (ms) of an async function, after one warm-up call.
    async median(label, fn, runs = 20) {
      const n = Math.max(MIN_RUNS, runs);
      await fn();
      const samples = [];
      for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        await fn();
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      const m = median(samples);
      h.row(label, m, '', `ms (median of ${n})`);
      return m;
    },
    // cpu: the same measurement in CPU time (ms), where there is one.
    row(label, value, note = '', unit = '', cpu = undefined) {
      rows.push({ bench: h.current, label, value, cpu, unit, note });
    },
    // A ratio printed at the end, e.g. the shim's own work as a share of node.
    // cpu: the same ratio from CPU times, printed beside it.
    ratio(label, value, note = '', cpu = undefined) {
      ratios.push({ label, value, note, cpu });
    },
    // A throwaway world: its own HOME, XDG dirs and uv cache, the shims
    // linked into shimBin, PATH = shims, real uv, node, system. Removed at exit.
    sandbox() {
      const world = makeWorld({ prefix: 'uv-shim-bench-', realUvDir: h.realUvDir, pythonDir: python.dir, shimsDir: join(repoRoot, 'shims') });
      cleanups.push(() => rmSync(world.root, { recursive: true, force: true }));
      return world;
    },
    current: '',
  };
  return h;
}

function format(value) {
  return typeof value === 'number' ? value.toFixed(2) : String(value);
}

const rows = [];
const ratios = [];
const cleanups = [];
const only = process.argv.slice(2);
try {
  const h = makeHarness(rows, ratios, cleanups);
  const files = readdirSync(join(repoRoot, 'bench')).filter((f) => f.endsWith('.bench.mjs')).sort();
  for (const file of files) {
    if (only.length && !only.some((o) => file.includes(o))) continue;
    h.current = file.replace(/\.bench\.mjs$/, '');
    process.stderr.write(`bench: ${file}…\n`);
    const mod = await import(pathToFileURL(join(repoRoot, 'bench', file)).href);
    await mod.default(h);
  }
} finally {
  for (const c of cleanups) c();
}

// The machine, for the README's table: figures mean little without it.
const load = (l) => l.map((x) => x.toFixed(1)).join(' ');
console.log(
  `machine: ${process.platform}, ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; ` +
    `load average (1, 5, 15 min) ${load(loadAtStart)} at the start, ${load(loadavg())} at the end\n`,
);
const w = (k) => Math.max(k.length, ...rows.map((r) => String(r[k === 'label' ? 'label' : 'bench']).length));
const lw = w('label');
const bw = w('bench');
console.log(`${'bench'.padEnd(bw)}  ${'measurement'.padEnd(lw)}  ${'value'.padStart(9)}  ${'cpu ms'.padStart(9)}  unit / note`);
for (const r of rows) {
  const cpu = r.cpu === undefined ? '' : format(r.cpu);
  console.log(`${r.bench.padEnd(bw)}  ${r.label.padEnd(lw)}  ${format(r.value).padStart(9)}  ${cpu.padStart(9)}  ${[r.unit, r.note].filter(Boolean).join('  ')}`);
}
if (ratios.length) {
  console.log('\nRatios:');
  const pct = (v) => `${(v * 100).toFixed(1)}%`;
  for (const r of ratios) {
    const cpu = r.cpu === undefined ? '' : ` (CPU time: ${pct(r.cpu)})`;
    console.log(`  ${r.label}: ${pct(r.value)}${cpu}${r.note ? `  ${r.note}` : ''}`);
  }
}
