import { execFileSync } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, REPO_ROOT, run, runReal } from '../helpers/sandbox.js';

// The README's first command on a fresh clone of the committed tree:
// npm ci, build, link the shims. Slow (a real npm ci), so it runs once.
describe('./install.sh on a fresh clone', () => {
  it('installs, is safe to run twice, puts a working uv on PATH, and uninstalls', { timeout: 600_000 }, async () => {
    const sb = makeSandbox({ linkShims: false });
    const clone = join(sb.root, 'clone');
    execFileSync('git', ['clone', '--quiet', REPO_ROOT, clone]);
    const dir = join(sb.home, 'bin');
    // node and npm from this machine; the real uv after the shim dir.
    const env = { ...sb.env, PATH: [dir, sb.realUvDir, join(process.execPath, '..'), '/usr/local/bin', '/usr/bin', '/bin'].join(':') };
    if (process.env.npm_config_cache) env.npm_config_cache = process.env.npm_config_cache;

    const first = await run(join(clone, 'install.sh'), ['--dir', dir], { cwd: sb.work, env });
    expect(first.code, first.stderr).toBe(0);
    expect(readlinkSync(join(dir, 'uv'))).toBe(join(clone, 'shims', 'uv'));
    expect(first.stdout.toString()).toContain(`PATH: ${dir} comes first`);

    // Again, with DIR relative to where the script is run, not to the clone.
    const second = await run(join(clone, 'install.sh'), ['--dir', 'bin'], { cwd: sb.home, env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.toString()).toContain(`already installed: ${join(dir, 'uv')}`);

    const viaShim = await run('uv', ['--version'], { cwd: sb.work, env });
    const direct = await runReal(sb, 'uv', ['--version']);
    expect({ code: viaShim.code, stdout: viaShim.stdout.toString(), stderr: viaShim.stderr }).toEqual({
      code: 0,
      stdout: direct.stdout.toString(),
      stderr: '',
    });

    const removed = await run(join(clone, 'install.sh'), ['--uninstall', '--dir', 'bin'], { cwd: sb.home, env });
    expect(removed.code, removed.stderr).toBe(0);
    expect(existsSync(join(dir, 'uv'))).toBe(false);
    expect(existsSync(join(dir, 'uvx'))).toBe(false);
  });
});
