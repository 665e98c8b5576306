import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOL_CACHE } from './real-uv.js';

// Real Mach-O files from npm's darwin packages, pinned by version and by the
// tarball's sha512 (npm checks the registry's integrity on download; we also
// check ours, so a re-published tarball cannot change what the tests read).
export const FIXTURE_PACKAGES = [
  {
    spec: 'fsevents@2.3.3',
    tarball: 'fsevents-2.3.3.tgz',
    integrity: 'sha512-5xoDfX+fL7faATnagmWPpbFtwh/R77WmMMqqHGS65C3vvB0YHrgF+B1YmZ3441tMj5n63k0212XNoJwzlhffQw==',
    files: { 'fsevents.node': 'package/fsevents.node' },
  },
  {
    spec: '@sentry/cli-darwin@3.8.0',
    tarball: 'sentry-cli-darwin-3.8.0.tgz',
    integrity: 'sha512-i+qTGaHqL6LaIfMYuEohExJyzZwvRRsiQm+vrol/WfFGvqogeijXAU2wXn3xBglszUK/ia1xWH4KxcnqNLOpdQ==',
    files: { 'sentry-cli': 'package/bin/sentry-cli' },
  },
  {
    spec: '@esbuild/darwin-arm64@0.28.2',
    tarball: 'esbuild-darwin-arm64-0.28.2.tgz',
    integrity: 'sha512-n4KqkOQrraxHJcgjM1RvwbigfQKIKJVpM7xp+KsxiyUSrRdIXnt73VhrPAx0fV44hgfmIVKjxMN9J1t5jySVkw==',
    files: { 'esbuild-arm64': 'package/bin/esbuild' },
  },
  {
    spec: '@esbuild/darwin-x64@0.28.2',
    tarball: 'esbuild-darwin-x64-0.28.2.tgz',
    integrity: 'sha512-uq6suIWYP37qzGddBKPw5QEQPi6HiLGsO7UmkpfyaYNQ3D+rN6w6WfwH+nuqcGXWvawGwxOEroO4YGnFh95azw==',
    files: { 'esbuild-x64': 'package/bin/esbuild' },
  },
] as const;

// Damaged copies, each with the page the reader must name.
export const CORRUPTIONS = {
  // One byte flipped in a full page in the middle of a thin binary.
  'esbuild-arm64.flip-page-1000': { from: 'esbuild-arm64', flipAt: 1000 * 4096 + 123, badPage: 1000 },
  // The last byte covered by the signature: the short last page (2565).
  'esbuild-arm64.flip-last-page': { from: 'esbuild-arm64', flipAt: 10508656 - 1, badPage: 2565 },
  // A universal binary: page 5 of the arm64 slice (offset added at build).
  'sentry-cli.flip-arm64-page-5': { from: 'sentry-cli', flipInSlice: { index: 1, at: 5 * 4096 + 7 }, badPage: 5 },
  // Cut inside the signed code: the signature itself is gone.
  'esbuild-arm64.truncated': { from: 'esbuild-arm64', truncateTo: 6 * 1024 * 1024 },
  // Cut inside the arm64 slice: the universal header points past the end.
  'fsevents.truncated': { from: 'fsevents.node', truncateTo: 100_000 },
} as const;

// Every file name any package lists (keyof a union would keep only the names
// common to all of them).
type FilesOf<P> = P extends { files: infer F } ? keyof F : never;
export type FixtureName = FilesOf<(typeof FIXTURE_PACKAGES)[number]> | keyof typeof CORRUPTIONS;

// Bump when the layout of the directory changes, so stale caches rebuild.
const LAYOUT = 'v1';

// Fetches the pinned packages with `npm pack` into .cache/ (git-ignored),
// extracts the Mach-O files and writes the corrupted copies. Returns the
// directory; files are named as in FIXTURE_PACKAGES and CORRUPTIONS.
export function ensureFixtures(): string {
  const dir = join(TOOL_CACHE, `darwin-fixtures-${LAYOUT}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'packs'), { recursive: true });
  execFileSync('npm', ['pack', '--silent', '--pack-destination', join(staging, 'packs'), ...FIXTURE_PACKAGES.map((p) => p.spec)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (const pkg of FIXTURE_PACKAGES) {
    const tarball = join(staging, 'packs', pkg.tarball);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== pkg.integrity) throw new Error(`${pkg.spec}: tarball integrity ${integrity} is not the pinned ${pkg.integrity}`);
    const unpack = join(staging, 'unpack', pkg.tarball);
    mkdirSync(unpack, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', unpack]);
    for (const [name, inner] of Object.entries(pkg.files)) copyFileSync(join(unpack, inner), join(staging, name));
  }
  for (const [name, spec] of Object.entries(CORRUPTIONS)) {
    const bytes = readFileSync(join(staging, spec.from));
    if ('truncateTo' in spec) {
      writeFileSync(join(staging, name), bytes);
      truncateSync(join(staging, name), spec.truncateTo);
      continue;
    }
    const at = 'flipAt' in spec ? spec.flipAt : fatSliceOffset(bytes, spec.flipInSlice.index) + spec.flipInSlice.at;
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(join(staging, name), bytes, { mode: 0o755 });
  }
  rmSync(join(staging, 'packs'), { recursive: true, force: true });
  rmSync(join(staging, 'unpack'), { recursive: true, force: true });
  writeFileSync(join(staging, '.complete'), '');
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}

// Where slice `index` starts in a universal (32-bit fat) file.
function fatSliceOffset(bytes: Buffer, index: number): number {
  return bytes.readUInt32BE(8 + index * 20 + 8);
}
