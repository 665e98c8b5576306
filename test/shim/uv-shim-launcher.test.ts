import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, run, SHIMS_DIR, type Sandbox, writeExecutable } from '../helpers/sandbox.js';

// shims/uv-shim, the launcher of the `uv-shim` command: when Node cannot run
// it, one line on stderr and an exit code, never a shell error or a stack.

// The sandbox with `uv-shim` linked beside the uv and uvx launchers, as
// `uv-shim install` links it.
function withUvShim(shims = SHIMS_DIR): Sandbox & { uvShim: string } {
  const sb = makeSandbox();
  const uvShim = join(sb.root, 'cli-bin', 'uv-shim');
  mkdirSync(join(sb.root, 'cli-bin'));
  symlinkSync(join(shims, 'uv-shim'), uvShim);
  return { ...sb, uvShim };
}

describe('the uv-shim launcher', () => {
  it('runs the command', async () => {
    const sb = withUvShim();
    const r = await run(sb.uvShim, ['version'], { cwd: sb.work, env: sb.env });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/\d+\.\d+\.\d+/);
  });

  it('says in one line that Node is missing, exit 127', async () => {
    const sb = withUvShim();
    const r = await run(sb.uvShim, ['version'], { cwd: sb.work, env: { ...sb.env, UV_SHIM_NODE: join(sb.root, 'no-such-node') } });
    expect(r.code).toBe(127);
    expect(r.stdout.toString()).toBe('');
    expect(r.stderr).toMatch(/^uv-shim: error: \S*no-such-node not found on PATH; uv-shim needs Node\.js 20\.17 or newer\. .*UV_SHIM_NODE\)\.\n$/);
  });

  it('says in one line that Node is too old, exit 2', async () => {
    const sb = withUvShim();
    // A Node that reports 18, as in launcher.test.ts (this launcher passes
    // Node no --inspect-port to take out first).
    const old = writeExecutable(
      sb,
      'old-node',
      'node',
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} -e "Object.defineProperty(process.versions, 'node', { value: '18.19.0' }); Object.defineProperty(process, 'version', { value: 'v18.19.0' }); require(process.argv[1])" -- "$@"\n`,
    );
    const r = await run(sb.uvShim, ['version'], { cwd: sb.work, env: { ...sb.env, UV_SHIM_NODE: old } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'uv-shim: error: Node.js v18.19.0 is older than 20.17, which uv-shim needs. Put a newer Node first on PATH, or set UV_SHIM_NODE.\n',
    );
  });

  it('says in one line that the build is missing and how to rebuild, exit 2', async () => {
    const sb = makeSandbox();
    const pkg = join(sb.root, 'pkg');
    cpSync(SHIMS_DIR, join(pkg, 'shims'), { recursive: true });
    const uvShim = join(sb.root, 'uv-shim');
    symlinkSync(join(pkg, 'shims', 'uv-shim'), uvShim);
    const r = await run(uvShim, ['version'], { cwd: sb.work, env: sb.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `uv-shim: error: the build ${join(pkg, 'dist', 'cli', 'uv-shim.cjs')} is missing. Run ./install.sh (or npm run build) in ${pkg}.\n`,
    );
  });

  it("keeps the caller's NODE_OPTIONS from its own Node and hands it back, as it was, to what it runs", async () => {
    const sb = withUvShim();
    // A stand-in uv that writes down what it was given, named by UV_SHIM_REAL_UV.
    const seen = join(sb.root, 'seen.txt');
    const uv = writeExecutable(sb, 'fake-uv', 'uv', `#!/bin/sh\nprintf '%s|%s' "\${NODE_OPTIONS-unset}" "\${NODE_DEBUG-unset}" > ${JSON.stringify(seen)}\necho 'uv 0.13.9'\n`);
    const env = { ...sb.env, UV_SHIM_REAL_UV: uv, NODE_OPTIONS: '--require ./nonexistent.js', NODE_DEBUG: 'module' };
    const r = await run(sb.uvShim, ['doctor'], { cwd: sb.work, env });
    expect(r.stderr).not.toMatch(/Cannot find module|MODULE \d+:|nonexistent/);
    expect(readFileSync(seen, 'utf8')).toBe('--require ./nonexistent.js|module');
  });

  it("looks for Node where shims/uv does and sets aside the same Node variables", () => {
    const text = (name: string) => readFileSync(join(SHIMS_DIR, name), 'utf8');
    const places = (s: string) => /for uv_shim_c in (\/[^;]+); do/.exec(s)?.[1];
    const variables = (s: string) => /for uv_shim_v in (NODE_OPTIONS[^;]+); do\n\s+eval "if \[ \\"\\\$\{\$uv_shim_v\+x\}/.exec(s)?.[1];
    for (const name of ['uv-shim', 'uvx']) {
      expect(places(text(name))).toBe(places(text('uv')));
      expect(variables(text(name))).toBe(variables(text('uv')));
    }
    expect(places(text('uv'))).toContain('/usr/bin/node');
    expect(variables(text('uv'))).toContain('NODE_EXTRA_CA_CERTS');
  });
});
