import { spawn } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, REPO_ROOT, run } from '../helpers/sandbox.js';

// install.sh rebuilds while `uv` keeps being called (a CI image, a second
// terminal). Each call must see a whole build, the old or the new one.
describe('rebuilding while uv runs', () => {
  it('never fails a uv call: the new build is swapped in whole', async () => {
    const sb = makeSandbox({ linkShims: false });
    // A copy of the package: tsc's output, the bundler config, the launchers.
    const pkg = join(sb.root, 'pkg');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    for (const entry of readdirSync(join(REPO_ROOT, 'dist'))) {
      if (!entry.startsWith('launch')) cpSync(join(REPO_ROOT, 'dist', entry), join(pkg, 'dist', entry), { recursive: true });
    }
    for (const file of ['package.json', 'rolldown.config.mjs', 'shims']) cpSync(join(REPO_ROOT, file), join(pkg, file), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(pkg, 'node_modules'));
    symlinkSync(join(pkg, 'shims', 'uv'), join(sb.shimBin, 'uv'));
    const build = () =>
      new Promise<number | null>((resolve) =>
        spawn(process.execPath, [join(REPO_ROOT, 'node_modules', 'rolldown', 'bin', 'cli.mjs'), '-c'], { cwd: pkg, stdio: 'ignore' }).on('exit', resolve),
      );
    expect(await build()).toBe(0);

    let building = true;
    const builds = (async () => {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push(await build());
      building = false;
      return codes;
    })();
    const failures: string[] = [];
    let calls = 0;
    while (building) {
      const r = await run(join(sb.shimBin, 'uv'), ['--version'], { cwd: sb.work, env: sb.env });
      calls++;
      if (r.code !== 0 || !/^uv \d/.test(r.stdout.toString()) || r.stderr !== '') failures.push(`exit ${r.code}: ${r.stderr}`);
    }
    expect(await builds).toEqual([0, 0, 0, 0]);
    expect(calls).toBeGreaterThan(4);
    expect(failures).toEqual([]);
    // One build, a real directory (npm packs no symlinks); none left over.
    expect(lstatSync(join(pkg, 'dist', 'launch')).isDirectory()).toBe(true);
    expect(readdirSync(join(pkg, 'dist')).filter((d) => d.startsWith('launch.'))).toEqual([]);
  });
});
