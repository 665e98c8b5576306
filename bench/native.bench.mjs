// What checking every native file costs (uv issue 12's budget: the warm path
// of a `uv run` in a project with 300 native libraries stays within 2 ms of
// the shim before the check existed).
//
// Warm: `uv run python -c pass` in a synced project with 300+ native
// libraries (numpy, scipy, pandas, pillow, scikit-learn, matplotlib, lxml), under
// macOS rules, through this shim and through the shim built from the commit
// before src/native/ existed (interleaved, so machine load skews both alike).
// Cold: the native check of an environment of real macOS wheels (installed
// with `uv pip install --python-platform aarch64-apple-darwin`): the first
// check, which hashes every page, and the next one, which finds every
// verdict by fingerprint.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeWorld } from '../test/helpers/world.mjs';

const DEPENDENCIES = ['numpy==2.2.6', 'scipy==1.15.3', 'pandas==2.2.3', 'pillow==11.3.0', 'scikit-learn==1.6.1', 'matplotlib==3.10.3', 'lxml==5.4.0'];

// The shim as it was before the native check: the parent of the commit that
// added src/native/native-check.ts, built once into .cache/.
function baselineShims(h) {
  const git = (...args) => execFileSync('git', ['-C', h.repoRoot, ...args], { encoding: 'utf8' }).trim();
  const added = git('log', '--diff-filter=A', '--format=%H', '--', 'src/native/native-check.ts').split('\n').pop();
  const rev = git('rev-parse', `${added}^`);
  const dir = join(h.repoRoot, '.cache', `bench-baseline-${rev.slice(0, 12)}`);
  if (!existsSync(join(dir, 'dist', 'launch', 'shim.cjs'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git -C '${h.repoRoot}' archive ${rev} src shims tsconfig.json rolldown.config.mjs package.json package-lock.json | tar -x -C '${dir}'`]);
    // Its own dependencies, as its lock file pinned them (packages it used
    // may since have left this project's).
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' });
    execFileSync(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: dir, stdio: 'inherit' });
    execFileSync(join(dir, 'node_modules', '.bin', 'rolldown'), ['-c', 'rolldown.config.mjs'], { cwd: dir, stdio: 'ignore' });
  }
  return { rev, shims: join(dir, 'shims') };
}

function countNative(dir) {
  let n = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.isFile() && /\.(so|dylib)$|\.so\./.test(e.name)) n++;
    }
  };
  walk(dir);
  return n;
}

export default async function nativeBench(h) {
  const uvCache = join(h.repoRoot, '.cache', 'bench-uv-cache');
  const current = h.sandbox();
  const { rev, shims } = baselineShims(h);
  const before = makeWorld({ prefix: 'uv-shim-bench-', realUvDir: h.realUvDir, pythonDir: h.python.dir, shimsDir: shims });
  const uv = join(h.realUvDir, 'uv');
  const darwin = (env) => ({ ...env, UV_SHIM_PLATFORM: 'darwin', UV_CACHE_DIR: uvCache, MACOSX_DEPLOYMENT_TARGET: '14.0' });

  // A synced project (the machine's wheels: what `uv run` keeps in sync here).
  const project = join(current.root, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'pyproject.toml'), `[project]\nname = "bench"\nversion = "0"\nrequires-python = ">=3.11"\ndependencies = ${JSON.stringify(DEPENDENCIES)}\n`);
  execFileSync(uv, ['sync', '--quiet', '--python', h.python.executable], { cwd: project, env: darwin(current.env), stdio: 'inherit' });
  const libraries = countNative(join(project, '.venv'));
  const run = ['run', 'python', '-c', 'pass'];
  const t = await h.timeAll(
    [
      { label: `uv run, ${libraries} native libraries (this shim)`, file: join(current.shimBin, 'uv'), args: run, env: darwin(current.env) },
      { label: `uv run, ${libraries} native libraries (before, ${rev.slice(0, 8)})`, file: join(before.shimBin, 'uv'), args: run, env: darwin(before.env) },
    ],
    { runs: 30, cwd: project },
  );
  const [now, then] = Object.values(t);
  h.row('warm uv run: this shim − before (budget: 2 ms)', now - then, '', 'ms');

  // Real macOS wheels in a uv venv: the files the check reads.
  const macVenv = join(current.root, 'mac-venv');
  execFileSync(uv, ['venv', '--quiet', '--python', h.python.executable, macVenv], { env: darwin(current.env) });
  execFileSync(uv, ['pip', 'install', '--quiet', '--python', join(macVenv, 'bin', 'python'), '--python-platform', 'aarch64-apple-darwin',
    '--python-version', h.python.minor, ...DEPENDENCIES], { env: darwin(current.env), stdio: 'inherit' });
  const dist = (p) => import(pathToFileURL(join(h.repoRoot, 'dist', p)).href);
  const { checkNativeFiles, environmentTargets, nativeVerdictPath } = await dist('native/native-check.js');
  const { forgetVerdicts } = await dist('guard/verdict-cache.js');
  const { createLogger } = await dist('log.js');
  const { DEFAULT_CONFIG } = await dist('config/types.js');
  const env = { ...darwin(current.env), UV_SHIM_ARCH: 'arm64' };
  const opts = { env, platform: 'darwin', config: DEFAULT_CONFIG, log: createLogger('silent'), useCache: true };
  const targets = environmentTargets(macVenv);
  const store = nativeVerdictPath(env, 'darwin');
  // Cold is seconds of hashing: three runs, the median reported.
  const cold = [];
  for (let i = 0; i < 3; i++) {
    rmSync(store, { force: true });
    forgetVerdicts(store);
    const t0 = process.hrtime.bigint();
    await checkNativeFiles(targets, opts);
    cold.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  h.row(`native check, ${targets.length} Mach-O files, cold (every page hashed)`, cold.sort((a, b) => a - b)[1], '', 'ms (median of 3)');
  await h.median(`native check, ${targets.length} Mach-O files, unchanged (by fingerprint)`, async () => {
    forgetVerdicts(store);
    const verdicts = await checkNativeFiles(targets, opts);
    if (!verdicts.every((v) => v.cached)) throw new Error('expected every verdict from the store');
  }, 20);
  rmSync(before.root, { recursive: true, force: true });
}
