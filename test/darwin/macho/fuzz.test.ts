import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { readMachO, type ReadOptions } from '../../../src/darwin/macho/read.js';
import { fixture } from '../fixture-path.js';
import { seededRandom } from '../../helpers/seeded-random.js';

// Values that break naive readers: zero, all ones, sign bit, just past a size.
const NASTY_U32 = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0xfade0cc0, 0xfade0c02, 0x1000, 0x20400];

interface Region {
  start: number;
  end: number;
}

// Mutates `buf` in place (a few bytes or one u32, mostly inside the regions
// that hold structure), runs the reader, restores the bytes, and returns
// what the run reported and how long it took.
function mutateAndRead(buf: Buffer, regions: Region[], random: () => number, options: ReadOptions) {
  const region = random() < 0.9 ? regions[Math.floor(random() * regions.length)]! : { start: 0, end: buf.length };
  const saved: Array<[number, number]> = [];
  const poke = (at: number, value: number) => {
    saved.push([at, buf[at]!]);
    buf[at] = value;
  };
  const at = region.start + Math.floor(random() * (region.end - region.start - 4));
  if (random() < 0.5) {
    const word = NASTY_U32[Math.floor(random() * NASTY_U32.length)]!;
    const bytes = Buffer.alloc(4);
    if (random() < 0.5) bytes.writeUInt32BE(word);
    else bytes.writeUInt32LE(word);
    for (let i = 0; i < 4; i++) poke(at + i, bytes[i]!);
  } else {
    const count = 1 + Math.floor(random() * 8);
    for (let i = 0; i < count; i++) poke(region.start + Math.floor(random() * (region.end - region.start)), Math.floor(random() * 256));
  }
  const view = random() < 0.1 ? buf.subarray(0, Math.floor(random() * buf.length)) : buf;
  const started = performance.now();
  let result: ReturnType<typeof readMachO> | undefined;
  let thrown: unknown = null;
  try {
    result = readMachO(view, options);
  } catch (error) {
    thrown = error;
  }
  const ms = performance.now() - started;
  for (const [i, value] of saved.reverse()) buf[i] = value;
  return { result, thrown, ms };
}

// Where the structure of each fixture lies: headers and load commands, and
// the code signature (from the reader's own layout of the intact file).
function structuralRegions(buf: Buffer): Region[] {
  const intact = readMachO(buf, { validate: false });
  const regions: Region[] = [{ start: 0, end: Math.min(4096, buf.length) }];
  for (const slice of intact.slices) {
    regions.push({ start: slice.offset, end: slice.offset + Math.min(8192, slice.size) });
    for (const cd of slice.codeDirectories) {
      regions.push({ start: slice.offset + cd.offset, end: slice.offset + cd.offset + Math.min(cd.length, 4096) });
    }
    if (slice.report.codeLimit) regions.push({ start: slice.offset + slice.report.codeLimit, end: slice.offset + slice.report.codeLimit + 512 });
  }
  return regions;
}

describe('readMachO under random mutation of real fixtures', () => {
  it.each([
    ['fsevents.node', 3000, { validate: true }],
    ['sentry-cli', 1500, { validate: false }],
    ['esbuild-arm64', 1500, { validate: false }],
  ] as const)('%s: %i mutations, no exception escapes, each run bounded', (name, runs, options) => {
    const buf = Buffer.from(readFileSync(fixture(name)));
    const original = Buffer.from(buf);
    const regions = structuralRegions(buf);
    const random = seededRandom(0x5eed + runs);
    let malformed = 0;
    let slowest = 0;
    for (let run = 0; run < runs; run++) {
      const { result, thrown, ms } = mutateAndRead(buf, regions, random, options);
      if (thrown !== null) throw new Error(`run ${run}: readMachO threw ${String(thrown)}`);
      const error = result!.malformed;
      // Every fault is one the reader recognised, never a RangeError from a
      // read it forgot to check.
      if (error?.includes('unexpected')) {
        throw new Error(`run ${run}: ${error}`);
      }
      if (result!.malformed) malformed++;
      slowest = Math.max(slowest, ms);
    }
    // The mutations reached the structure (some runs were malformed) and the
    // buffer was restored after each one.
    expect(malformed).toBeGreaterThan(runs / 20);
    expect(buf.equals(original)).toBe(true);
    // A generous bound that only a hang or a runaway loop would exceed.
    expect(slowest).toBeLessThan(2000);
  });
});
