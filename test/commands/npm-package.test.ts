import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { makeSandbox, REPO_ROOT, run, runReal } from '../helpers/sandbox.js';

// The npm way in, as a user meets it: `npm pack` of a fresh clone (which
// builds in prepack), `npm install -g` of that tarball into a prefix,
// `uv-shim install`, then uv through the shims.
describe('the npm package', () => {
  it('packs from a fresh clone, installs globally, installs the shims, and runs uv through them', { timeout: 600_000 }, async () => {
    const sb = makeSandbox({ linkShims: false });
    const clone = join(sb.root, 'clone');
    execFileSync('git', ['clone', '--quiet', REPO_ROOT, clone]);
    const nodeDir = join(process.execPath, '..');
    const env: NodeJS.ProcessEnv = { ...sb.env, PATH: [nodeDir, inject('python').dir, '/usr/local/bin', '/usr/bin', '/bin'].join(':') };
    for (const key of ['npm_config_cache', 'NODE_EXTRA_CA_CERTS', 'npm_config_cafile', 'SSL_CERT_FILE']) if (process.env[key]) env[key] = process.env[key];
    const npm = (args: string[], cwd: string) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env });

    expect((await npm(['ci'], clone)).code).toBe(0);
    const packed = await npm(['pack', '--pack-destination', sb.root], clone);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = join(sb.root, readdirSync(sb.root).find((f) => f.endsWith('.tgz'))!);

    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const file of ['package/LICENSE', 'package/dist/cli/uv-shim.cjs', 'package/dist/launch/shim.cjs', 'package/shims/uv', 'package/docs/guard.md']) {
      expect(listing).toContain(file);
    }
    // Only the bundles: tsc's per-file output is nobody's to run.
    expect(listing.filter((f) => f.startsWith('package/dist/bin/'))).toEqual([]);
    expect(listing.filter((f) => f.startsWith('package/src/'))).toEqual([]);

    const prefix = join(sb.root, 'prefix');
    const installed = await npm(['install', '--global', '--prefix', prefix, tarball], sb.work);
    expect(installed.code, installed.stderr).toBe(0);
    const uvShim = join(prefix, 'bin', 'uv-shim');
    expect(existsSync(uvShim)).toBe(true);
    // npm's `uv-shim` is the sh launcher, not the bundle: Node variables
    // meant for the user's own programs are set aside for it, as for uv.
    expect(realpathSync(uvShim)).toBe(realpathSync(join(prefix, 'lib', 'node_modules', 'uv-shim', 'shims', 'uv-shim')));
    const broken = await run(uvShim, ['--version'], { cwd: sb.work, env: { ...env, NODE_OPTIONS: '--require ./nonexistent.js' } });
    expect({ code: broken.code, stderr: broken.stderr }).toEqual({ code: 0, stderr: '' });

    const dir = join(sb.home, 'shims');
    const withShims = { ...env, PATH: [dir, join(prefix, 'bin'), sb.realUvDir, env.PATH].join(':') };
    const setup = await run(uvShim, ['install', '--dir', dir], { cwd: sb.work, env: withShims });
    expect(setup.code, setup.stderr).toBe(0);
    expect(realpathSync(join(dir, 'uv'))).toBe(realpathSync(join(prefix, 'lib', 'node_modules', 'uv-shim', 'shims', 'uv')));

    const viaShim = await run('uv', ['--version'], { cwd: sb.work, env: withShims });
    const direct = await runReal(sb, 'uv', ['--version']);
    expect({ code: viaShim.code, stdout: viaShim.stdout.toString(), stderr: viaShim.stderr }).toEqual({ code: 0, stdout: direct.stdout.toString(), stderr: '' });
    const ran = await run('uv', ['run', '--no-project', 'python', '-c', 'print(6 * 7)'], { cwd: sb.work, env: withShims });
    expect({ code: ran.code, stdout: ran.stdout.toString() }).toEqual({ code: 0, stdout: '42\n' });
  });
});
