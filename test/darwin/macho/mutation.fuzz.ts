import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectFile } from '../../../src/darwin/inspect.js';
import { readMachO } from '../../../src/darwin/macho/read.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { fixture } from '../fixture-path.js';
import { manyLargeSignatures, overlappingFat, sparseThin } from './crafted.mjs';

// The mutation run of issue 10 §4: 20,000 inputs in memory and 2,000 on
// disk, built by setting the fields that say where and how much (counts,
// offsets, sizes, page sizes) to the values that break readers, on real
// binaries and on the crafted files. Reports inputs, crashes (an exception
// escaping, or an "unexpected" error: a missing bounds check), hangs over
// 5 s, and the highest resident memory seen.
const SEED = 0x10fa22;
const IN_MEMORY = 20_000;
const ON_DISK = 2_000;
const HANG_MS = 5_000;
const MiB = 1024 * 1024;

// Where the numbers that steer a reader live in a buffer: every aligned u32
// of the first 4 KiB of each slice and of each signature's first 4 KiB.
function steeringOffsets(buf: Buffer): number[] {
  const at = new Set<number>();
  const add = (from: number, length: number) => {
    for (let i = from; i < Math.min(from + length, buf.length - 4); i += 4) at.add(i);
  };
  add(0, 4096);
  const intact = readMachO(buf, { validate: false });
  for (const slice of intact.slices) {
    add(slice.offset, 4096);
    for (const cd of slice.codeDirectories) add(slice.offset + cd.offset - 20, 4096);
  }
  return [...at];
}

function nasty(random: () => number, size: number): number {
  const picks = [0, 1, 4, 7, 8, 12, 0x7fffffff, 0x80000000, 0xffffffff, size, size - 1, size + 1, size >>> 1, 0xfade0cc0, 0xfade0c02, 30, 31, 65536];
  return random() < 0.8 ? picks[Math.floor(random() * picks.length)]! >>> 0 : Math.floor(random() * 2 ** 32);
}

// One input: a copy of `base` with one to four steering numbers changed,
// written big- or little-endian, and sometimes cut short.
function mutant(base: Buffer, offsets: number[], random: () => number): Buffer {
  const buf = Buffer.from(base);
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = offsets[Math.floor(random() * offsets.length)]!;
    const value = nasty(random, buf.length);
    if (random() < 0.5) buf.writeUInt32BE(value, at);
    else buf.writeUInt32LE(value, at);
  }
  return random() < 0.05 ? buf.subarray(0, Math.floor(random() * buf.length)) : buf;
}

const figures = { inputs: 0, crashes: 0, hangs: 0, slowestMs: 0, maxRssMiB: 0 };
const problems: string[] = [];

function record(label: string, ms: number, error: string | null | undefined, thrown: unknown): void {
  figures.inputs++;
  figures.slowestMs = Math.max(figures.slowestMs, ms);
  figures.maxRssMiB = Math.max(figures.maxRssMiB, process.memoryUsage.rss() / MiB);
  if (ms > HANG_MS) {
    figures.hangs++;
    problems.push(`${label}: ${Math.round(ms)} ms`);
  }
  if (thrown !== null || (error ?? '').includes('unexpected')) {
    figures.crashes++;
    problems.push(`${label}: ${thrown !== null ? String(thrown) : error}`);
  }
}

describe('mutation run (npm run fuzz)', () => {
  const work = mkdtempSync(join(tmpdir(), 'uv-shim-fuzz-'));
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    process.stdout.write(`\nmutation run: seed ${SEED}, ${JSON.stringify({ ...figures, maxRssMiB: Math.round(figures.maxRssMiB), slowestMs: Math.round(figures.slowestMs) })}\n`);
    for (const p of problems.slice(0, 20)) process.stdout.write(`  ${p}\n`);
  });

  const bases = () => [
    readFileSync(fixture('fsevents.node')),
    readFileSync(fixture('esbuild-arm64')).subarray(0, 8 * MiB),
    readFileSync(sparseThin(join(work, 'thin'), { size: 2 * MiB, validHashes: true })),
    readFileSync(overlappingFat(join(work, 'fat'), { count: 3, size: 2 * MiB })),
    readFileSync(manyLargeSignatures(join(work, 'sigs'), { count: 4, sliceBytes: 512 * 1024, sigBytes: 64 * 1024 })),
  ];

  it(`${IN_MEMORY} inputs in memory: no crash, no hang`, () => {
    const random = seededRandom(SEED);
    const all = bases().map((b) => ({ base: Buffer.from(b), offsets: steeringOffsets(b) }));
    for (let i = 0; i < IN_MEMORY; i++) {
      const { base, offsets } = all[i % all.length]!;
      const input = mutant(base, offsets, random);
      const started = performance.now();
      let thrown: unknown = null;
      let error: string | null = null;
      try {
        error = readMachO(input, { validate: random() < 0.3 }).malformed;
      } catch (e) {
        thrown = e;
      }
      record(`memory #${i}`, performance.now() - started, error, thrown);
    }
    expect(problems).toEqual([]);
  });

  it(`${ON_DISK} inputs on disk through inspect: no crash, no hang`, async () => {
    const random = seededRandom(SEED + 1);
    const all = bases().map((b) => ({ base: Buffer.from(b), offsets: steeringOffsets(b) }));
    const file = join(work, 'input');
    for (let i = 0; i < ON_DISK; i++) {
      const { base, offsets } = all[i % all.length]!;
      writeFileSync(file, mutant(base, offsets, random));
      const started = performance.now();
      let thrown: unknown = null;
      let error: string | null = null;
      try {
        const { problem } = await inspectFile(file, { env: { UV_SHIM_PLATFORM: 'darwin' } });
        error = problem?.kind === 'malformed' ? problem.detail : null;
      } catch (e) {
        thrown = e;
      }
      record(`disk #${i}`, performance.now() - started, error, thrown);
    }
    expect(problems).toEqual([]);
  });
});
