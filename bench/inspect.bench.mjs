// What reading a binary costs. Validation is hashing every code page, so
// `uv-shim inspect` on the largest fixture (sentry-cli, 28 MB universal) is
// set against `sha256sum` of the same file, both as processes (target: the
// ratio at most 1.5). In-process figures show what the guard pays on a cold
// check, and a same-sized file that is not Mach-O shows the early rejection.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// The fixture the tests fetch; fetched here the same way (pins read from
// test/setup/fixtures.ts) when the tests have not run yet.
function largestFixture(repoRoot) {
  const source = readFileSync(join(repoRoot, 'test/setup/fixtures.ts'), 'utf8');
  const layout = /const LAYOUT = '([^']+)'/.exec(source)[1];
  const cached = join(repoRoot, '.cache', `darwin-fixtures-${layout}`, 'sentry-cli');
  if (existsSync(cached)) return cached;
  const pin = /spec: '(@sentry\/cli-darwin@[^']+)',\s*tarball: '([^']+)',\s*integrity: '([^']+)'/.exec(source);
  const dir = join(repoRoot, '.cache', 'bench-inspect');
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir, pin[1]], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = join(dir, pin[2]);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== pin[3]) throw new Error(`${pin[1]}: integrity ${integrity} is not the pinned ${pin[3]}`);
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  return join(dir, 'package', 'bin', 'sentry-cli');
}

export default async function inspectBench(h) {
  const file = largestFixture(h.repoRoot);
  // The launcher users run (`uv-shim` on PATH links to it): sh execs Node on
  // the bundled CLI, dist/cli/uv-shim.cjs.
  const cli = join(h.repoRoot, 'shims', 'uv-shim');
  const size = readFileSync(file).length;
  const scratch = mkdtempSync(join(tmpdir(), 'uv-shim-bench-inspect-'));
  const text = join(scratch, 'not-macho.bin');
  const fd = openSync(text, 'w');
  writeSync(fd, '#!/usr/bin/env python3\n');
  ftruncateSync(fd, size);
  closeSync(fd);
  try {
    const t = await h.timeAll(
      [
        { label: 'sha256sum sentry-cli (28 MB)', file: 'sha256sum', args: [file] },
        { label: 'uv-shim inspect --json sentry-cli', file: cli, args: ['inspect', '--json', file] },
        { label: 'uv-shim inspect --json (28 MB, not Mach-O)', file: cli, args: ['inspect', '--json', text] },
        { label: 'node -e 0', file: process.execPath, args: ['-e', '0'] },
      ],
      { runs: 15 },
    );
    h.ratio('inspect / sha256sum on sentry-cli', t['uv-shim inspect --json sentry-cli'] / t['sha256sum sentry-cli (28 MB)'], '(target ≤ 150%)');

    const { inspectFile } = await import(pathToFileURL(join(h.repoRoot, 'dist', 'darwin', 'inspect.js')).href);
    const inProcess = await h.median('inspectFile sentry-cli, in-process (read + re-hash every page)', () => inspectFile(file));
    await h.median('inspectFile sentry-cli, in-process, validate: false', () => inspectFile(file, { validate: false }));
    const hashOnly = await h.median('read + one sha256 of the whole file, in-process', async () => {
      createHash('sha256').update(readFileSync(file)).digest();
    });
    h.ratio('inspectFile / (read + sha256) in-process', inProcess / hashOnly);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
