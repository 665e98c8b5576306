import { chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runReal, run, runShim, SHIMS_DIR, type Sandbox } from '../helpers/sandbox.js';

function withPath(sb: Sandbox, ...dirs: string[]): NodeJS.ProcessEnv {
  return { ...sb.env, PATH: dirs.join(':') };
}

function systemDirs(sb: Sandbox): string[] {
  return sb.env.PATH!.split(':').slice(2);
}

async function expectRealVersion(sb: Sandbox, r: Awaited<ReturnType<typeof runShim>>) {
  const direct = await runReal(sb, 'uv', ['--version']);
  expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 0, stdout: direct.stdout.toString(), stderr: '' });
}

describe('finding the real uv without finding the shim again', () => {
  it('works with the shim directory twice on PATH, before and after the real uv', async () => {
    const sb = makeSandbox();
    const env = withPath(sb, sb.shimBin, sb.shimBin, sb.realUvDir, sb.shimBin, ...systemDirs(sb));
    await expectRealVersion(sb, await runShim(sb, 'uv', ['--version'], { env }));
  });

  it('skips a second shim directory whose uv is another symlink to a launcher', async () => {
    const sb = makeSandbox();
    const other = join(sb.root, 'other-shims');
    mkdirSync(other);
    symlinkSync(join(sb.shimBin, 'uv'), join(other, 'uv')); // a link to a link to the launcher
    const env = withPath(sb, sb.shimBin, other, sb.realUvDir, ...systemDirs(sb));
    await expectRealVersion(sb, await runShim(sb, 'uv', ['--version'], { env }));
  });

  it('skips a plain copy of a launcher (no symlink to follow)', async () => {
    const sb = makeSandbox();
    const copies = join(sb.root, 'copies');
    mkdirSync(copies);
    copyFileSync(join(SHIMS_DIR, 'uv'), join(copies, 'uv'));
    chmodSync(join(copies, 'uv'), 0o755);
    const env = withPath(sb, sb.shimBin, copies, sb.realUvDir, ...systemDirs(sb));
    await expectRealVersion(sb, await runShim(sb, 'uv', ['--version'], { env }));
  });

  it('skips the shim directory when PATH names it relatively', async () => {
    const sb = makeSandbox();
    const rel = relative(sb.work, sb.shimBin);
    const env = withPath(sb, rel, sb.realUvDir, ...systemDirs(sb));
    const r = await run(join(sb.shimBin, 'uv'), ['--version'], { cwd: sb.work, env });
    await expectRealVersion(sb, r);
  });

  it('stops a loop through a wrapper script that execs the shim, with exit 125', async () => {
    // The wrapper is not a launcher, so the shim takes it for the real uv;
    // running it starts the shim again as the shim's own child.
    const sb = makeSandbox();
    const wrappers = join(sb.root, 'wrappers');
    mkdirSync(wrappers);
    writeFileSync(join(wrappers, 'uv'), `#!/bin/sh\nexec ${join(sb.shimBin, 'uv')} "$@"\n`, { mode: 0o755 });
    const env = withPath(sb, sb.shimBin, wrappers, sb.realUvDir, ...systemDirs(sb));
    const r = await runShim(sb, 'uv', ['--version'], { env });
    expect(r.code).toBe(125);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain('the shim started itself instead of the real uv');
    expect(r.stderr).toContain('UV_SHIM_REAL_UV');
    // UV_SHIM_BYPASS=1 still searches PATH and finds the wrapper: the same
    // loop, so the message must not offer it as a way out.
    const bypassed = await runShim(sb, 'uv', ['--version'], { env: { ...env, UV_SHIM_BYPASS: '1' } });
    expect(bypassed.code).toBe(125);
    expect(r.stderr).not.toContain('UV_SHIM_BYPASS');
  });

  it('stops a loop through a wrapper that forks instead of exec-ing, at the depth cap', async () => {
    const sb = makeSandbox();
    const wrappers = join(sb.root, 'wrappers');
    mkdirSync(wrappers);
    // Two forks: a shim that exec'd the wrapper is the wrapper's own process,
    // so with one fork the shim it starts is that shim's child again.
    writeFileSync(join(wrappers, 'uv'), `#!/bin/sh\n/bin/sh -c '"$0" "$@"; exit $?' ${join(sb.shimBin, 'uv')} "$@"\nexit $?\n`, { mode: 0o755 });
    const env = withPath(sb, sb.shimBin, wrappers, sb.realUvDir, ...systemDirs(sb));
    const r = await runShim(sb, 'uv', ['--version'], { env });
    expect(r.code).toBe(125);
    expect(r.stderr).toContain('levels deep; this looks like a loop');
  });

  it('exits 127 and says where it looked when there is no real uv', async () => {
    const sb = makeSandbox();
    const env = withPath(sb, sb.shimBin, ...systemDirs(sb));
    const r = await runShim(sb, 'uv', ['--version'], { env });
    expect(r.code).toBe(127);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain('uv-shim: error: no real `uv` found on PATH.');
    for (const dir of [sb.shimBin, ...systemDirs(sb)]) expect(r.stderr).toContain(`  ${dir}\n`);
    expect(r.stderr).toContain(`${join(sb.shimBin, 'uv')}: in the shim directory`);
    expect(r.stderr).toContain('UV_SHIM_REAL_UV=/path/to/uv');
  });

  it('honours UV_SHIM_REAL_UV, and runs uvx as `uv tool run` when no uvx sits beside it', async () => {
    const sb = makeSandbox();
    const lone = join(sb.root, 'lone');
    mkdirSync(lone);
    symlinkSync(sb.realUv, join(lone, 'uv'));
    const env = { ...withPath(sb, sb.shimBin, ...systemDirs(sb)), UV_SHIM_REAL_UV: join(lone, 'uv') };
    await expectRealVersion(sb, await runShim(sb, 'uv', ['--version'], { env }));
    const uvx = await runShim(sb, 'uvx', ['--version'], { env });
    const asToolRun = await runReal(sb, 'uv', ['tool', 'run', '--version']);
    expect(asToolRun.code).not.toBe(0); // not what `uvx --version` gives: the fallback is visible
    expect({ code: uvx.code, stderr: uvx.stderr }).toEqual({ code: asToolRun.code, stderr: asToolRun.stderr });
  });

  it('rejects UV_SHIM_REAL_UV pointing at a launcher (125), a missing file (127), a non-executable (126)', async () => {
    const sb = makeSandbox();
    const plain = join(sb.root, 'plain');
    writeFileSync(plain, 'not a program');
    const cases: [string, number, string][] = [
      [join(sb.shimBin, 'uv'), 125, 'is a uv-shim launcher'],
      [join(sb.root, 'missing'), 127, 'does not exist'],
      [plain, 126, 'is not an executable file'],
    ];
    for (const [target, code, message] of cases) {
      const r = await runShim(sb, 'uv', ['--version'], { env: { ...sb.env, UV_SHIM_REAL_UV: target } });
      expect({ code: r.code, message: r.stderr.includes(message), stdout: r.stdout.length }).toEqual({ code, message: true, stdout: 0 });
    }
  });

  it('explains a uv that cannot be started: 127 for a missing interpreter, 126 for one that is not executable', async () => {
    const sb = makeSandbox();
    const cases: [string, number, string][] = [
      ['#!/nonexistent/interpreter\n', 127, 'it, or the interpreter its first line names, does not exist (ENOENT)'],
      [`#!${sb.root}\n`, 126, 'permission denied or not an executable (EACCES)'],
    ];
    for (const [content, code, message] of cases) {
      const broken = join(sb.root, `broken-${code}`);
      mkdirSync(broken);
      writeFileSync(join(broken, 'uv'), content, { mode: 0o755 });
      const r = await runShim(sb, 'uv', ['--version'], { env: withPath(sb, sb.shimBin, broken, ...systemDirs(sb)) });
      expect({ code: r.code, stdout: r.stdout.length }).toEqual({ code, stdout: 0 });
      expect(r.stderr).toContain(`uv-shim: error: could not start ${join(broken, 'uv')}: ${message}`);
    }
  });
});
