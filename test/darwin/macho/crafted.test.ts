import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config/types.js';
import { inspectFile } from '../../../src/darwin/inspect.js';
import { checkCandidate } from '../../../src/guard/check.js';
import { createLogger } from '../../../src/log.js';
import { largeMalformed, manyLargeSignatures, overlappingFat, sparseThin } from './crafted.mjs';

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'uv-shim-crafted-'));
  onTestFinished(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const MiB = 1024 * 1024;
const env = { UV_SHIM_PLATFORM: 'darwin' } as NodeJS.ProcessEnv;

// Issue 10 §4: files a cache or a pyvenv.cfg `home` can name. Each is
// read within bounds (the figures for the 1 GiB versions: npm run fuzz).
describe('crafted Mach-O files', () => {
  it('a sparse file whose hashes match is hashed once, all of it, and found valid', async () => {
    const file = sparseThin(join(dir(), 'sparse'), { size: 64 * MiB, validHashes: true });
    expect(statSync(file).blocks * 512).toBeLessThan(MiB);
    const report = await inspectFile(file, { env });
    expect(report.problem).toBeNull();
    expect(report.slices).toMatchObject([{ signed: true, valid: true, firstBadPage: null, codeSlots: 16256 }]);
  });

  it('one page for the whole code (page size 0) is hashed a chunk at a time', async () => {
    const file = sparseThin(join(dir(), 'one-page'), { size: 64 * MiB, validHashes: true, pageLog2: 0 });
    const report = await inspectFile(file, { env });
    expect(report.slices).toMatchObject([{ valid: true, codeSlots: 1 }]);
  });

  it('a sparse file with holes for hashes stops at the first page', async () => {
    const file = sparseThin(join(dir(), 'holes'));
    expect((await inspectFile(file, { env })).slices).toMatchObject([{ valid: false, firstBadPage: 0 }]);
  });

  it('30 slices over the same gigabyte: refused as overlapping, nothing hashed', async () => {
    const report = await inspectFile(overlappingFat(join(dir(), 'fat')), { env });
    expect(report.problem).toEqual({ kind: 'malformed', path: report.path, detail: 'two slices overlap' });
  });

  it('slices whose signatures together are larger than any real ones are refused', async () => {
    const file = manyLargeSignatures(join(dir(), 'sigs'), { count: 30, sliceBytes: 34 * MiB, sigBytes: 30 * MiB });
    const report = await inspectFile(file, { env });
    expect(report.problem).toMatchObject({ kind: 'malformed', detail: expect.stringMatching(/^slice arm64: code signatures of more than 33554432 bytes in all/) });
  });

  it('a malformed file gets a verdict that is cached by fingerprint like any other', async () => {
    const root = dir();
    const file = largeMalformed(join(root, 'libbig.dylib'), { size: 20 * MiB });
    const opts = {
      env: { ...env, UV_SHIM_CACHE_DIR: join(root, 'cache') }, platform: 'darwin' as const,
      config: DEFAULT_CONFIG, log: createLogger('silent'), useCache: true,
    };
    const candidate = { file, via: file, kind: 'library' as const, source: 'managed' as const, installation: root, managed: true };
    const first = await checkCandidate(candidate, opts);
    expect(first).toMatchObject({ state: 'ok', cached: false });
    expect(first.report?.problem?.kind).toBe('malformed');
    expect(await checkCandidate(candidate, opts)).toMatchObject({ state: 'ok', cached: true });
  });
});
