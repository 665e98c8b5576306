import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uvShim } from '../helpers/cli.js';
import { makeSandbox, run, SHIMS_DIR, type Sandbox } from '../helpers/sandbox.js';
import { CREATED_MARKER } from '../../src/commands/setup/profile.js';

// PATH without the sandbox's own shim dir: the real uv, node, the system.
function pathWithout(sb: Sandbox, ...first: string[]): NodeJS.ProcessEnv {
  return { ...sb.env, PATH: [...first, ...sb.env.PATH!.split(':').slice(1)].join(':') };
}

describe('uv-shim install', () => {
  it('links uv and uvx to the launchers in DIR and reports that DIR comes first', async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'bin');
    const r = await uvShim(sb, ['install', '--dir', dir], pathWithout(sb, dir));
    expect(r.code).toBe(0);
    for (const tool of ['uv', 'uvx', 'uv-shim']) {
      expect(lstatSync(join(dir, tool)).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(dir, tool))).toBe(join(SHIMS_DIR, tool));
    }
    expect(r.stdout.toString()).toContain(`PATH: ${dir} comes first`);
    // And the installed shim and command work.
    const v = await run(join(dir, 'uv'), ['--version'], { cwd: sb.work, env: pathWithout(sb, dir) });
    expect({ code: v.code, stderr: v.stderr }).toEqual({ code: 0, stderr: '' });
    const cli = await run(join(dir, 'uv-shim'), ['--version'], { cwd: sb.work, env: pathWithout(sb, dir) });
    expect({ code: cli.code, stdout: cli.stdout.toString() }).toEqual({ code: 0, stdout: expect.stringMatching(/^uv-shim \d+\.\d+\.\d+\n$/) });
  });

  it('is idempotent', async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'bin');
    await uvShim(sb, ['install', '--dir', dir], pathWithout(sb, dir));
    const again = await uvShim(sb, ['install', '--dir', dir], pathWithout(sb, dir));
    expect(again.code).toBe(0);
    expect(again.stdout.toString()).toContain(`already installed: ${join(dir, 'uv')}`);
  });

  it('refuses to replace a uv that is not a launcher (the real uv in ~/.local/bin)', async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, '.local', 'bin');
    mkdirSync(dir, { recursive: true });
    symlinkSync(sb.realUv, join(dir, 'uv'));
    const r = await uvShim(sb, ['install'], pathWithout(sb, dir));
    expect({ code: r.code, stdout: r.stdout.length }).toEqual({ code: 1, stdout: 0 });
    expect(readlinkSync(join(dir, 'uv'))).toBe(sb.realUv);
    expect(r.stderr).toBe(
      `uv-shim install: error: ${join(dir, 'uv')} exists and is not a uv-shim launcher (probably the real uv); nothing in ${dir} was changed.\n\n` +
        'Install the shims in a directory of their own, e.g. `uv-shim install --dir ~/.local/share/uv-shim/bin`.\n',
    );
  });

  it('says what the system refused when DIR cannot be made, and exits 1, not as a bug', async () => {
    const sb = makeSandbox({ linkShims: false });
    const file = join(sb.root, 'a-file');
    writeFileSync(file, '');
    const r = await uvShim(sb, ['install', '--dir', join(file, 'bin')], pathWithout(sb));
    expect({ code: r.code, stdout: r.stdout.length }).toEqual({ code: 1, stdout: 0 });
    expect(r.stderr).toBe(
      `uv-shim install: error: ENOTDIR: not a directory, mkdir '${join(file, 'bin')}'.\n\n` +
        'The operating system refused the operation named above; fix what it names and run the command again.\n',
    );
  });

  it('changes nothing when any one of the tools is not a launcher (a real uvx, no uv)', async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'bin');
    mkdirSync(dir);
    symlinkSync(join(sb.realUvDir, 'uvx'), join(dir, 'uvx'));
    const r = await uvShim(sb, ['install', '--dir', dir], pathWithout(sb, dir));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'uvx')} exists and is not a uv-shim launcher`);
    expect(existsSync(join(dir, 'uv'))).toBe(false);
    expect(existsSync(join(dir, 'uv-shim'))).toBe(false);
    expect(readlinkSync(join(dir, 'uvx'))).toBe(join(sb.realUvDir, 'uvx'));
  });

  it('replaces a link to an older checkout\'s launcher', async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'bin');
    mkdirSync(dir);
    symlinkSync('/nonexistent/old-checkout/shims/uv', join(dir, 'uv'));
    const r = await uvShim(sb, ['install', '--dir', dir], pathWithout(sb, dir));
    expect(r.code).toBe(0);
    expect(readlinkSync(join(dir, 'uv'))).toBe(join(SHIMS_DIR, 'uv'));
    expect(r.stdout.toString()).toContain(`replaced: ${join(dir, 'uv')}`);
  });

  it.each([
    ['bash', '.bashrc', (d: string) => `export PATH='${d}'":$PATH"  # added by uv-shim install`],
    ['zsh', '.zshrc', (d: string) => `export PATH='${d}'":$PATH"  # added by uv-shim install`],
    ['fish', '.config/fish/config.fish', (d: string) => `fish_add_path --global --move --path '${d}'  # added by uv-shim install`],
  ])('prints the %s line when DIR is not first on PATH, and appends it once with --profile', async (shell, file, line) => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'shim bin');
    const env = pathWithout(sb);
    const printed = await uvShim(sb, ['install', '--dir', dir, '--shell', shell], env);
    expect(printed.code).toBe(0);
    expect(printed.stdout.toString()).toContain(`PATH: ${dir} is not on PATH.`);
    expect(printed.stdout.toString()).toContain(`  ${line(dir)}\n`);
    expect(existsSync(join(sb.home, file))).toBe(false);
    for (let i = 0; i < 2; i++) expect((await uvShim(sb, ['install', '--dir', dir, '--shell', shell, '--profile'], env)).code).toBe(0);
    // install created the file, so it says so on its first line, for uninstall.
    expect(readFileSync(join(sb.home, file), 'utf8')).toBe(`${CREATED_MARKER}\n${line(dir)}\n`);
  });

  it('puts the line that works into a real bash: the shim comes first afterwards', async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'shim bin');
    const env = pathWithout(sb);
    await uvShim(sb, ['install', '--dir', dir, '--profile'], env);
    const r = await run('bash', ['-c', `source ${join(sb.home, '.bashrc')}; command -v uv`], { cwd: sb.work, env });
    expect(r.stdout.toString().trim()).toBe(join(dir, 'uv'));
  });

  it.each([['', 'as written'], ['/', 'with a trailing slash']])('says when DIR comes after the real uv (its PATH entry %j: %s)', async (slash) => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'bin');
    const env = { ...sb.env, PATH: [sb.realUvDir + slash, dir, '/usr/bin', '/bin'].join(':') };
    const r = await uvShim(sb, ['install', '--dir', dir], env);
    expect(r.stdout.toString()).toContain(`PATH: ${dir} comes after the real uv (${sb.realUv}) on PATH.`);
  });

  it.each([
    [['install', '--shell', 'tcsh'], '--shell must be one of bash, zsh, fish'],
    [['install', '--dir'], '--dir needs a value'],
    [['install', '--frobnicate'], 'unknown option "--frobnicate"'],
    [['install', '--dri', '/x'], 'unknown option "--dri"; did you mean --dir?'],
    [['install', 'extra'], 'unexpected argument "extra"'],
  ])('rejects %j with exit 2 and the usage line', async (args, message) => {
    const sb = makeSandbox({ linkShims: false });
    const r = await uvShim(sb, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('Usage: uv-shim install [--dir DIR] [--shell bash|zsh|fish] [--profile]\nRun `uv-shim help install` for more.\n');
    expect(r.stdout.length).toBe(0);
  });

  it('leaves files that are not shims alone on uninstall', async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'bin');
    mkdirSync(dir);
    writeFileSync(join(dir, 'uv'), '#!/bin/sh\necho not ours\n', { mode: 0o755 });
    const r = await uvShim(sb, ['uninstall', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'uv'), 'utf8')).toContain('not ours');
    expect(r.stderr).toContain('is not a uv-shim launcher; left alone');
  });

  // One ownership rule (common/ownership.ts) for the state dir as for every
  // other: one others can write could change under the removal, and
  // another user's is theirs to remove.
  it('--purge leaves a state dir others can write, or another user\'s, alone and says why', async () => {
    const sb = makeSandbox({ linkShims: false });
    const state = join(sb.root, 'state');
    mkdirSync(state);
    writeFileSync(join(state, 'repairs.log'), '{}\n');
    chmodSync(state, 0o777);
    const env = { ...sb.env, UV_SHIM_CACHE_DIR: state };
    const open = await uvShim(sb, ['uninstall', '--dir', join(sb.home, 'bin'), '--purge'], env);
    expect(open.stderr).toContain(`uv-shim uninstall: ${state} can be written by other users; left alone (run \`chmod go-w ${state}\`, then uninstall again).`);
    expect(existsSync(join(state, 'repairs.log'))).toBe(true);
    if (process.getuid?.() !== 0) return;
    // Root can give it away: then it is another user's (nobody's).
    chmodSync(state, 0o700);
    chownSync(state, 65534, 65534);
    const theirs = await uvShim(sb, ['uninstall', '--dir', join(sb.home, 'bin'), '--purge'], env);
    expect(theirs.stderr).toContain(`uv-shim uninstall: ${state} belongs to another user (uid 65534); left alone (that user can remove it).`);
    expect(existsSync(join(state, 'repairs.log'))).toBe(true);
    // Made safe, it is removed.
    chownSync(state, 0, 0);
    const mine = await uvShim(sb, ['uninstall', '--dir', join(sb.home, 'bin'), '--purge'], env);
    expect(mine.stdout.toString()).toContain(`removed state: ${state}`);
    expect(existsSync(state)).toBe(false);
  });
});
