import { readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { makeSandbox, REPO_ROOT, run, SHIMS_DIR, type Sandbox } from '../helpers/sandbox.js';
import { fixture } from '../darwin/fixture-path.js';

const RECORDER = join(import.meta.dirname, '..', 'helpers', 'load-recorder.mjs');

// The `uv-shim` launcher as `uv-shim install` leaves it: a symlink in a
// directory of its own, so the bundle must find the package from there.
function linkedLauncher(sb: Sandbox): string {
  const link = join(sb.root, 'uv-shim');
  symlinkSync(join(SHIMS_DIR, 'uv-shim'), link);
  return link;
}

describe('the uv-shim launcher runs the CommonJS bundle', () => {
  it('prints the version from package.json, through a symlink', async () => {
    const sb = makeSandbox();
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await run(linkedLauncher(sb), ['--version'], { cwd: sb.work, env: sb.env });
    expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 0, stdout: `uv-shim ${version}\n`, stderr: '' });
  });

  it('inspects as the ESM build does, loading only the bundle and the xattr binding', async () => {
    const sb = makeSandbox();
    const file = fixture('sentry-cli.flip-arm64-page-5');
    const log = join(sb.root, 'loads.log');
    writeFileSync(log, '');
    // UV_SHIM_NODE_OPTIONS: the launcher keeps the caller's NODE_OPTIONS from its own Node.
    const env = { ...sb.env, UV_SHIM_NODE_OPTIONS: `--import=${RECORDER}`, UV_SHIM_TEST_LOAD_LOG: log };
    const bundled = await run(linkedLauncher(sb), ['inspect', '--json', file], { cwd: sb.work, env });
    const esm = await run(process.execPath, [CLI, 'inspect', '--json', file], { cwd: sb.work, env: sb.env });
    expect(bundled.code).toBe(0);
    expect(JSON.parse(bundled.stdout.toString())[0].slices[1]).toMatchObject({ arch: 'arm64', valid: false, firstBadPage: 5 });
    expect(bundled.stdout.toString()).toBe(esm.stdout.toString());
    // Past the launcher itself (which the preloaded recorder sees twice), our
    // code came from dist/cli/ only, and nothing went through import().
    const ours = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.includes(REPO_ROOT) && !l.includes('node_modules') && !l.includes('/test/') && !l.endsWith('/shims/uv-shim'));
    expect(ours.length).toBeGreaterThan(1);
    expect(ours.filter((l) => !/^cjs .*\/dist\/cli\/[^/]+\.cjs$/.test(l))).toEqual([]);
  });

  it('installs links to this package\'s shims/ directory', async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'bin');
    const r = await run(linkedLauncher(sb), ['install', '--dir', dir], { cwd: sb.work, env: { ...sb.env, SHELL: '/bin/bash' } });
    expect(r.code).toBe(0);
    for (const tool of ['uv', 'uvx', 'uv-shim']) expect(readlinkSync(join(dir, tool))).toBe(join(SHIMS_DIR, tool));
  });
});
