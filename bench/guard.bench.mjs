// What the interpreter guard costs. Warm: a command that uses a managed
// Python whose verdict is cached, through the shim with the guard on and
// off (interleaved, so machine load skews both alike), and the guard's own
// in-process work (read the cache, stat the files). Cold: one full check of
// a file nobody has checked (xattrs, signature, one interpreter probe).
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// A uv-managed-looking installation whose interpreter is the tests' Python.
function fakeInstallation(dir, python) {
  const arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
  const bin = join(dir, `cpython-${python.version}-linux-${arch}-gnu`, 'bin');
  const exe = `python${python.minor}`;
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, exe), `#!/bin/sh\nexec '${python.executable}' "$@"\n`);
  chmodSync(join(bin, exe), 0o755);
  symlinkSync(exe, join(bin, 'python3'));
  symlinkSync(exe, join(bin, 'python'));
  return join(bin, exe);
}

// What the guard found, for a failed expectation: each file, its state and
// whether it came from the cache.
function found(verdicts) {
  if (verdicts.length === 0) return 'no interpreter at all';
  return verdicts.map((v) => `${v.file}: ${v.state}${v.cached ? ' (cached)' : ` (not cached: ${v.reason})`}`).join('; ');
}

export default async function guardBench(h) {
  const sb = h.sandbox();
  const pythons = join(sb.root, 'pythons');
  const managedPython = fakeInstallation(pythons, h.python);
  const env = {
    ...sb.env,
    UV_SHIM_PLATFORM: 'darwin',
    UV_PYTHON_INSTALL_DIR: pythons,
    UV_SHIM_CODESIGN: join(h.repoRoot, 'test', 'doubles', 'codesign'),
    UV_SHIM_SPCTL: join(h.repoRoot, 'test', 'doubles', 'spctl'),
  };
  const uv = join(sb.shimBin, 'uv');
  const find = ['python', 'find', '--managed-python', h.python.minor];
  const t = await h.timeAll(
    [
      { label: 'uv python find (guard on, warm cache)', file: uv, args: find, env },
      { label: 'uv python find (guard off)', file: uv, args: find, env: { ...env, UV_SHIM_GUARD: '0' } },
      { label: 'uv python find (direct)', file: join(h.realUvDir, 'uv'), args: find, env },
    ],
    { runs: 30, cwd: sb.work },
  );
  h.row('guard on − guard off (warm, whole command)', t['uv python find (guard on, warm cache)'] - t['uv python find (guard off)'], '', 'ms');

  const dist = (p) => import(pathToFileURL(join(h.repoRoot, 'dist', p)).href);
  const { findCandidates } = await dist('guard/candidates.js');
  const { checkCandidate } = await dist('guard/check.js');
  const { forgetVerdicts, verdictCachePath } = await dist('guard/verdict-cache.js');
  const { parseUvCommand } = await dist('uv/command.js');
  const { createLogger } = await dist('log.js');
  const { DEFAULT_CONFIG } = await dist('config/types.js');
  const args = ['run', '--managed-python', '-p', h.python.minor, 'python'];
  const ctx = {
    tool: 'uv', args, command: parseUvCommand('uv', args), realUv: '', env, cwd: sb.work, platform: 'darwin',
    config: { ...DEFAULT_CONFIG }, log: createLogger('silent'), shared: new Map(), attempt: 1,
  };
  const opts = { env, platform: 'darwin', config: ctx.config, log: ctx.log, useCache: true };
  const cachePath = verdictCachePath(env, 'darwin');
  await h.median('guard warm path in-process (find + cache read + stat)', async () => {
    forgetVerdicts(cachePath);
    // A fresh command line each time: the model is kept per command within a run.
    const candidates = await findCandidates({ ...ctx, command: parseUvCommand('uv', args) });
    const verdicts = await Promise.all(candidates.map((c) => checkCandidate(c, opts)));
    if (!verdicts.every((v) => v.cached)) throw new Error(`expected a warm cache, got ${found(verdicts)}`);
  }, 200);

  // The same in a workspace member: two pyproject.toml files read, the
  // root's .venv found, its interpreter checked from the cache. The .venv
  // links to the stand-in named after the tests' own Python: a link to a
  // fixed version (3.11.2, as this once had) finds no interpreter wherever
  // the tests' Python is another, and the check below failed with "expected
  // one cached interpreter".
  const root = join(sb.work, 'ws');
  const member = join(root, 'packages', 'a');
  mkdirSync(join(root, '.venv', 'bin'), { recursive: true });
  mkdirSync(member, { recursive: true });
  writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "root"\nversion = "0"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n');
  writeFileSync(join(member, 'pyproject.toml'), `[project]\nname = "a"\nversion = "0"\nrequires-python = ">=${h.python.minor}"\n`);
  writeFileSync(join(root, '.venv', 'pyvenv.cfg'), `home = ${h.python.dir}\nversion_info = ${h.python.version}\n`);
  symlinkSync(managedPython, join(root, '.venv', 'bin', 'python'));
  const runArgs = ['run', 'python'];
  const memberCtx = { ...ctx, args: runArgs, command: parseUvCommand('uv', runArgs), cwd: member };
  await Promise.all((await findCandidates(memberCtx)).map((c) => checkCandidate(c, opts)));
  await h.median('guard warm path in-process, workspace member (model + cache read + stat)', async () => {
    forgetVerdicts(cachePath);
    const candidates = await findCandidates({ ...memberCtx, command: parseUvCommand('uv', runArgs) });
    const verdicts = await Promise.all(candidates.map((c) => checkCandidate(c, opts)));
    if (candidates.length !== 1 || !verdicts.every((v) => v.cached)) throw new Error(`expected one cached interpreter, got ${found(verdicts)}`);
  }, 200);

  const [candidate] = await findCandidates(ctx);
  await h.median('one cold check (xattrs, signature, probe)', async () => {
    const v = await checkCandidate(candidate, { ...opts, useCache: false });
    if (v.cached || !v.probe) throw new Error('expected a fresh check with a probe');
  }, 20);
}
