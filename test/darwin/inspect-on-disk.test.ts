import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectFile } from '../../src/darwin/inspect.js';
import { readMachO } from '../../src/darwin/macho/read.js';
import type { FixtureName } from '../setup/fixtures.js';
import { fixture } from './fixture-path.js';
import { seededRandom } from '../helpers/seeded-random.js';

// inspectFile reads a Mach-O file's signature parts and streams its code
// pages from disk; readMachO reads the whole file from memory. Both must
// report the same thing for every file, intact, damaged or hostile.
function inMemory(bytes: Buffer) {
  const macho = readMachO(bytes);
  return { format: macho.format, slices: macho.slices.map((s) => s.report), malformed: macho.malformed };
}

async function onDisk(file: string) {
  const { format, slices, problem } = await inspectFile(file);
  return { format, slices, malformed: problem?.kind === 'malformed' ? problem.detail : null };
}

const scratch = mkdtempSync(join(tmpdir(), 'uv-shim-inspect-on-disk-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('inspectFile reading from disk', () => {
  const names: FixtureName[] = [
    'sentry-cli',
    'sentry-cli.flip-arm64-page-5',
    'esbuild-arm64',
    'esbuild-arm64.flip-page-1000',
    'esbuild-arm64.flip-last-page',
    'esbuild-arm64.truncated',
    'esbuild-x64',
    'fsevents.node',
    'fsevents.truncated',
  ];
  it.each(names)('%s: the same report as the whole file read into memory', async (name) => {
    const file = fixture(name);
    expect(await onDisk(file)).toEqual(inMemory(readFileSync(file)));
  });

  it('fsevents.node under 400 seeded mutations: the same report as in memory every time', async () => {
    const original = readFileSync(fixture('fsevents.node'));
    const intact = readMachO(original, { validate: false });
    // The structure: universal header, each slice's header and load
    // commands, and its signature; a tenth of the runs poke anywhere.
    const regions = [{ start: 0, end: 4096 }];
    for (const slice of intact.slices) {
      regions.push({ start: slice.offset, end: slice.offset + 4096 });
      for (const cd of slice.codeDirectories) regions.push({ start: slice.offset + cd.offset, end: slice.offset + cd.offset + cd.length });
    }
    const random = seededRandom(0x0d15c);
    const file = join(scratch, 'mutant');
    const outcomes = new Set<string>();
    for (let run = 0; run < 400; run++) {
      const bytes = Buffer.from(original);
      const region = random() < 0.9 ? regions[Math.floor(random() * regions.length)]! : { start: 0, end: bytes.length };
      const count = 1 + Math.floor(random() * 4);
      for (let i = 0; i < count; i++) bytes[region.start + Math.floor(random() * (region.end - region.start))] = Math.floor(random() * 256);
      const mutant = random() < 0.1 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      writeFileSync(file, mutant);
      const expected = inMemory(mutant);
      expect({ run, ...(await onDisk(file)) }).toEqual({ run, ...expected });
      outcomes.add(expected.malformed !== null ? 'malformed' : expected.slices.some((s) => s.valid === false) ? 'bad page' : 'valid');
    }
    // The runs reached every kind of outcome, not only the intact one.
    expect([...outcomes].sort()).toEqual(['bad page', 'malformed', 'valid']);
  });
});
