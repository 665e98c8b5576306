import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, REPO_ROOT, run, runReal, type Sandbox } from '../helpers/sandbox.js';

// A fresh clone of the committed tree, and PATH with node and npm from this
// machine, the real uv after the shim dir.
function clone(sb: Sandbox, dir: string) {
  const path = join(sb.root, 'clone');
  execFileSync('git', ['clone', '--quiet', REPO_ROOT, path]);
  const env: NodeJS.ProcessEnv = { ...sb.env, PATH: [dir, sb.realUvDir, join(process.execPath, '..'), '/usr/local/bin', '/usr/bin', '/bin'].join(':') };
  if (process.env.npm_config_cache) env.npm_config_cache = process.env.npm_config_cache;
  return { path, env };
}

describe('./install.sh', () => {
  // The README's first command on a fresh clone: npm ci, build, link the
  // shims. Slow (a real npm ci), so the whole life cycle is one test.
  it('installs, re-runs without npm ci or a build, puts a working uv on PATH, and uninstalls with --purge', { timeout: 600_000 }, async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'bin');
    const { path, env } = clone(sb, dir);

    const first = await run(join(path, 'install.sh'), ['--dir', dir], { cwd: sb.work, env });
    expect(first.code, first.stderr).toBe(0);
    expect(readlinkSync(join(dir, 'uv'))).toBe(join(path, 'shims', 'uv'));
    expect(first.stdout.toString()).toContain(`PATH: ${dir} comes first`);
    // A few lines, not npm's and the bundler's listings.
    expect(`${first.stdout}${first.stderr}`.trim().split('\n').length).toBeLessThanOrEqual(8);

    // Again, with DIR relative to where the script is run, not to the clone;
    // nothing changed, so neither npm ci nor the build runs.
    const built = statSync(join(path, 'dist', 'cli', 'uv-shim.cjs')).mtimeMs;
    const started = Date.now();
    const second = await run(join(path, 'install.sh'), ['--dir', 'bin'], { cwd: sb.home, env });
    const seconds = (Date.now() - started) / 1000;
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/npm ci|building/);
    expect(statSync(join(path, 'dist', 'cli', 'uv-shim.cjs')).mtimeMs).toBe(built);
    expect(second.stdout.toString()).toContain(`already installed: ${join(dir, 'uv')}`);
    console.info(`install.sh re-run with nothing changed: ${seconds.toFixed(2)} s`);

    // A changed source is rebuilt.
    writeFileSync(join(path, 'src', 'extra.ts'), 'export const x = 1;\n');
    const third = await run(join(path, 'install.sh'), ['--dir', dir], { cwd: sb.work, env });
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toContain('building');
    expect(third.stderr).not.toContain('npm ci');

    const viaShim = await run('uv', ['--version'], { cwd: sb.work, env });
    const direct = await runReal(sb, 'uv', ['--version']);
    expect({ code: viaShim.code, stdout: viaShim.stdout.toString(), stderr: viaShim.stderr }).toEqual({ code: 0, stdout: direct.stdout.toString(), stderr: '' });

    // State the shim made, then --uninstall --purge takes it away.
    const state = join(sb.home, '.cache', 'uv-shim');
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, 'repairs.log'), '{}\n');
    const removed = await run(join(path, 'install.sh'), ['--uninstall', '--purge', '--dir', 'bin'], { cwd: sb.home, env });
    expect(removed.code, removed.stderr).toBe(0);
    expect(existsSync(join(dir, 'uv'))).toBe(false);
    expect(existsSync(join(dir, 'uvx'))).toBe(false);
    expect(existsSync(state)).toBe(false);
  });

  // What install.sh ends with is `uv-shim install`'s report: run from this
  // checkout's build, without another npm ci.
  it('says the next step when DIR is not on PATH and there is no real uv, and uninstall removes the profile it created', async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'new bin');
    const cli = join(REPO_ROOT, 'dist', 'cli', 'uv-shim.cjs');
    const noUv = { ...sb.env, PATH: [join(process.execPath, '..'), '/usr/local/bin', '/usr/bin', '/bin'].join(':'), SHELL: '/bin/bash' };
    const r = await run(process.execPath, [cli, 'install', '--dir', dir, '--profile'], { cwd: sb.work, env: noUv });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout.toString();
    expect(out).toContain('No real uv was found on PATH');
    expect(out).toContain('https://docs.astral.sh/uv/');
    const now = `export PATH='${dir}'":$PATH"`;
    expect(out).toContain(`Next: open a new shell, or run this in the current one:\n  ${now}\n`);
    // The line it printed works in a real shell.
    const inShell = await run('bash', ['-c', `${now}; command -v uv`], { cwd: sb.work, env: noUv });
    expect(inShell.stdout.toString().trim()).toBe(join(dir, 'uv'));

    expect(readFileSync(join(sb.home, '.bashrc'), 'utf8')).toContain('# added by uv-shim install');
    const removed = await run(process.execPath, [cli, 'uninstall', '--dir', dir], { cwd: sb.work, env: noUv });
    expect(removed.code, removed.stderr).toBe(0);
    expect(existsSync(join(sb.home, '.bashrc'))).toBe(false);
  });

  it('keeps a profile file the user had, minus its own line', async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'bin');
    writeFileSync(join(sb.home, '.bashrc'), 'alias ll="ls -l"\n');
    const cli = join(REPO_ROOT, 'dist', 'cli', 'uv-shim.cjs');
    const env = { ...sb.env, SHELL: '/bin/bash' };
    expect((await run(process.execPath, [cli, 'install', '--dir', dir, '--profile'], { cwd: sb.work, env })).code).toBe(0);
    expect((await run(process.execPath, [cli, 'uninstall', '--dir', dir], { cwd: sb.work, env })).code).toBe(0);
    expect(readFileSync(join(sb.home, '.bashrc'), 'utf8')).toBe('alias ll="ls -l"\n');
  });

  // --help and a mistyped flag answer before npm ci or a build would start:
  // the clone is left without node_modules.
  it.each([
    [['--help'], 0, 'Usage: ./install.sh'],
    [['-h'], 0, 'Usage: ./install.sh'],
    [['--dri', 'x'], 2, "install.sh: error: unknown option '--dri'"],
    [['--dir'], 2, 'install.sh: error: --dir needs a value'],
    [['--purge'], 2, 'install.sh: error: --purge goes with --uninstall'],
  ])('answers %j at once, before installing anything', async (args, code, text) => {
    const sb = makeSandbox({ linkShims: false });
    const { path, env } = clone(sb, join(sb.home, 'bin'));
    const r = await run(join(path, 'install.sh'), args, { cwd: sb.work, env });
    expect(r.code).toBe(code);
    expect(`${r.stdout}${r.stderr}`).toContain(text);
    expect(existsSync(join(path, 'node_modules'))).toBe(false);
  });
});
