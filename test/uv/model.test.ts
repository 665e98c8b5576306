import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { makeSandbox, run, runReal, type Sandbox } from '../helpers/sandbox.js';
import { parseUvCommand } from '../../src/uv/command.js';
import { modelCommand } from '../../src/uv/model.js';
import { makeToolWheel } from './tool-wheel.js';

// The real uv is the oracle: for each tree, what the model says a command
// uses must be what uv really uses there, on the real file system.

const SHOW = 'import sys; print(sys.executable); print(sys.prefix)';

async function model(sb: Sandbox, tool: 'uv' | 'uvx', args: string[], cwd = sb.work, env: NodeJS.ProcessEnv = {}) {
  return modelCommand({ command: parseUvCommand(tool, args), cwd, env: { ...sb.env, ...env } });
}

// What `uv … run --no-sync python -c SHOW` says it runs: sys.executable, sys.prefix.
async function uvRuns(sb: Sandbox, args: string[], cwd = sb.work, env: NodeJS.ProcessEnv = {}) {
  const r = await runReal(sb, 'uv', [...args, 'python', '-c', SHOW], { cwd, env: { ...sb.env, ...env } });
  expect(r.stderr).not.toMatch(/^error/m);
  const [executable, prefix] = r.stdout.toString().trim().split('\n');
  return { executable: executable!, prefix: prefix! };
}

async function real(sb: Sandbox, args: string[], cwd = sb.work, env: NodeJS.ProcessEnv = {}) {
  const r = await runReal(sb, 'uv', args, { cwd, env: { ...sb.env, ...env } });
  expect(r.code, r.stderr).toBe(0);
  return r;
}

function write(path: string, text: string) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

// A workspace: the root project, members under packages/ (b excluded),
// and nested projects that are no members (examples/demo; packages/group/c,
// which `packages/*` does not reach).
function workspace(sb: Sandbox) {
  const root = join(sb.work, 'ws');
  write(join(root, 'pyproject.toml'), [
    '[project]', 'name = "root"', 'version = "0"', 'requires-python = ">=3.8"', '',
    '[tool.uv.workspace]', 'members = ["packages/*"]', "exclude = ['packages/b', 'packages/group']", '',
  ].join('\n'));
  for (const name of ['a', 'b']) {
    write(join(root, 'packages', name, 'pyproject.toml'), `[project]\nname = "${name}"\nversion = "0"\n`);
  }
  write(join(root, 'examples', 'demo', 'pyproject.toml'), '[project]\nname = "demo"\nversion = "0"\n');
  write(join(root, 'packages', 'group', 'c', 'pyproject.toml'), '[project]\nname = "c"\nversion = "0"\n');
  return {
    root, a: join(root, 'packages', 'a'), b: join(root, 'packages', 'b'),
    demo: join(root, 'examples', 'demo'), c: join(root, 'packages', 'group', 'c'),
  };
}

describe('the uv model against the real uv', () => {
  it('a plain project: uv sync creates the environment the model names, and uv run uses it from a subdirectory', async () => {
    const sb = makeSandbox();
    const root = join(sb.work, 'proj');
    write(join(root, 'pyproject.toml'), '[project]\nname = "proj"\nversion = "0"\n');
    mkdirSync(join(root, 'src', 'proj'), { recursive: true });
    const before = await model(sb, 'uv', ['sync'], join(root, 'src', 'proj'));
    expect(before.project).toMatchObject({ root, workspaceRoot: root, kind: 'project' });
    expect(before.environments).toEqual([{ role: 'project', path: join(root, '.venv'), exists: false, writes: true }]);

    await real(sb, ['sync', '--offline'], join(root, 'src', 'proj'));
    expect(existsSync(join(before.environments[0]!.path, 'pyvenv.cfg'))).toBe(true);

    const after = await model(sb, 'uv', ['run', '--no-sync', 'python'], join(root, 'src', 'proj'));
    const uv = await uvRuns(sb, ['run', '--no-sync'], join(root, 'src', 'proj'));
    expect(after.environments[0]!.path).toBe(uv.prefix);
    expect(after.interpreters).toEqual([{ path: uv.executable, source: 'environment', environment: uv.prefix }]);
  });

  it('a workspace member run from packages/a uses the root .venv; an excluded one and a non-member use their own', async () => {
    const sb = makeSandbox();
    const w = workspace(sb);
    const m = await model(sb, 'uv', ['sync'], w.a);
    expect(m.project).toMatchObject({ root: w.a, workspaceRoot: w.root, kind: 'project' });
    await real(sb, ['sync', '--offline'], w.a);
    expect(existsSync(join(w.root, '.venv', 'pyvenv.cfg'))).toBe(true);
    expect(m.environments[0]!.path).toBe(join(w.root, '.venv'));
    const uv = await uvRuns(sb, ['run', '--no-sync'], w.a);
    expect((await model(sb, 'uv', ['run', '--no-sync', 'python'], w.a)).interpreters).toEqual([
      { path: uv.executable, source: 'environment', environment: uv.prefix },
    ]);
    expect(uv.prefix).toBe(join(w.root, '.venv'));

    for (const own of [w.b, w.demo, w.c]) {
      const mo = await model(sb, 'uv', ['sync'], own);
      expect(mo.project).toMatchObject({ root: own, workspaceRoot: own });
      await real(sb, ['sync', '--offline'], own);
      expect(mo.environments[0]!.path).toBe(join(own, '.venv'));
      expect(existsSync(join(own, '.venv', 'pyvenv.cfg'))).toBe(true);
    }
  });

  it('UV_PROJECT_ENVIRONMENT, absolute and relative (to the workspace root, not the member)', async () => {
    const sb = makeSandbox();
    const w = workspace(sb);
    for (const value of ['envs/dev', join(sb.root, 'elsewhere')]) {
      const env = { UV_PROJECT_ENVIRONMENT: value };
      const m = await model(sb, 'uv', ['sync'], w.a, env);
      const expected = value.startsWith('/') ? value : join(w.root, value);
      expect(m.environments[0]!.path).toBe(expected);
      await real(sb, ['sync', '--offline'], w.a, env);
      expect(existsSync(join(expected, 'pyvenv.cfg'))).toBe(true);
      const uv = await uvRuns(sb, ['run', '--no-sync'], w.a, env);
      expect(uv.prefix).toBe(expected);
      expect((await model(sb, 'uv', ['run', '--no-sync', 'python'], w.a, env)).interpreters[0]!.path).toBe(uv.executable);
      // uv python find looks for virtual environments, not the project's.
      const found = (await real(sb, ['python', 'find'], w.a, env)).stdout.toString().trim();
      expect((await model(sb, 'uv', ['python', 'find'], w.a, env)).interpreters.at(-1)?.path).toBe(found);
    }
  });

  it('--directory and --project: the project is found from there', async () => {
    const sb = makeSandbox();
    const w = workspace(sb);
    await real(sb, ['sync', '--offline'], w.a);
    for (const args of [['--directory', 'ws/packages/a', 'run', '--no-sync'], ['run', '--no-sync', '--project', 'ws/packages/a']]) {
      const uv = await uvRuns(sb, args);
      const m = await model(sb, 'uv', [...args, 'python']);
      expect(m.project?.root).toBe(w.a);
      expect(m.interpreters).toEqual([{ path: uv.executable, source: 'environment', environment: uv.prefix }]);
    }
    expect((await model(sb, 'uv', ['--directory', 'ws/packages/a', 'run', 'python'])).cwd).toBe(w.a);
  });

  it('VIRTUAL_ENV: ignored by uv run without --active, honoured with it and by uv pip', async () => {
    const sb = makeSandbox();
    const w = workspace(sb);
    await real(sb, ['sync', '--offline'], w.a);
    const other = join(sb.work, 'other');
    await real(sb, ['venv', '--offline', other]);
    const env = { VIRTUAL_ENV: other };

    const plain = await uvRuns(sb, ['run', '--no-sync'], w.a, env);
    expect((await model(sb, 'uv', ['run', '--no-sync', 'python'], w.a, env)).interpreters[0]!.path).toBe(plain.executable);
    expect(plain.prefix).toBe(join(w.root, '.venv'));

    const active = await uvRuns(sb, ['run', '--no-sync', '--active'], w.a, env);
    const m = await model(sb, 'uv', ['run', '--no-sync', '--active', 'python'], w.a, env);
    expect(m.environments[0]).toMatchObject({ role: 'active', path: active.prefix });
    expect(m.interpreters[0]!.path).toBe(active.executable);

    for (const e of [env, {}]) {
      const pip = await real(sb, ['pip', 'list', '-v', '--offline'], w.a, e);
      const said = /environment at: (.*)$/m.exec(pip.stderr)?.[1];
      expect((await model(sb, 'uv', ['pip', 'list'], w.a, e)).environments[0]!.path).toBe(said);
    }
  });

  it('pins: only the workspace root\'s version file counts, .python-version before .python-versions', async () => {
    const sb = makeSandbox();
    const w = workspace(sb);
    const minor = pythonMinor();
    const sync = (cwd: string) => runReal(sb, 'uv', ['sync', '--offline'], { cwd, env: sb.env });
    // In the member: uv does not read it (3.99 exists nowhere, and sync works).
    write(join(w.a, '.python-version'), '3.99\n');
    expect((await sync(w.a)).code).toBe(0);
    expect((await model(sb, 'uv', ['sync'], w.a)).pinFile).toBeNull();
    // At the root: .python-version wins over .python-versions ...
    write(join(w.root, '.python-versions'), '3.99\n');
    write(join(w.root, '.python-version'), `# pinned\n${minor}\n`);
    expect((await sync(w.a)).code).toBe(0);
    const both = await model(sb, 'uv', ['sync'], w.a);
    expect(both.pinFile?.file).toBe(join(w.root, '.python-version'));
    expect(both.requests).toEqual([{ text: minor, from: 'pin-file' }]);
    // ... and without it, .python-versions is read.
    rmSync(join(w.root, '.python-version'));
    const r = await sync(w.a);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('3.99');
    expect((await model(sb, 'uv', ['sync'], w.a)).requests).toEqual([{ text: '3.99', from: 'pin-file' }]);
  });

  it('outside a project: the interpreter uv python find picks, for any Python and for a version', async () => {
    const sb = makeSandbox();
    for (const request of [[], ['3'], [pythonMinor()]]) {
      const found = (await real(sb, ['python', 'find', ...request])).stdout.toString().trim();
      const m = await model(sb, 'uv', ['python', 'find', ...request]);
      expect(m.interpreters.at(-1)?.path).toBe(found);
      const run = await model(sb, 'uv', ['run', ...(request.length ? ['-p', request[0]!] : []), 'python']);
      expect(run.interpreters.at(-1)?.path).toBe(found);
    }
  });

  it('a script with inline metadata runs in an environment of the Python the model names', async () => {
    const sb = makeSandbox();
    const script = join(sb.work, 'tool.py');
    write(script, `# /// script\n# requires-python = ">=3.8"\n# dependencies = []\n# ///\n${SHOW}\n`);
    const m = await model(sb, 'uv', ['run', 'tool.py']);
    expect(m.requests).toEqual([{ text: '>=3.8', from: 'script' }]);
    const r = await real(sb, ['run', '--offline', 'tool.py']);
    const [executable] = r.stdout.toString().trim().split('\n');
    expect(realpathSync(executable!)).toBe(realpathSync(m.interpreters.at(-1)!.path));
  });

  it('uv pip: --python names the environment, --target and --prefix where it installs', async () => {
    const sb = makeSandbox();
    const wheels = makeToolWheel(join(sb.root, 'wheels'), 'Shim_Probe_Tool', SHOW);
    const venv = join(sb.work, 'env');
    await real(sb, ['venv', '--offline', venv]);
    const listed = await real(sb, ['pip', 'list', '-v', '--offline', '--python', join(venv, 'bin', 'python')]);
    const m = await model(sb, 'uv', ['pip', 'list', '--python', join(venv, 'bin', 'python')]);
    // uv shows the path relative to the working directory when it is below it.
    const said = resolve(sb.work, /environment at: (.*)$/m.exec(listed.stderr)?.[1] ?? '');
    expect(m.environments).toEqual([{ role: 'pip', path: said, exists: true, writes: false }]);
    expect(m.interpreters).toEqual([{ path: join(venv, 'bin', 'python'), source: 'explicit', environment: null }]);

    for (const role of ['target', 'prefix'] as const) {
      const args = ['pip', 'install', `--${role}`, role, '--python', venv, 'shim-probe-tool'];
      const mi = await model(sb, 'uv', args);
      expect(mi.environments).toEqual([{ role, path: join(sb.work, role), exists: false, writes: true }]);
      await real(sb, [...args.slice(0, -1), '--offline', '--no-index', '--find-links', wheels, 'shim-probe-tool']);
      const installed = execFileSync('find', [mi.environments[0]!.path, '-name', '__init__.py', '-path', '*shim_probe_tool*'], { encoding: 'utf8' });
      expect(installed.trim()).not.toBe('');
    }
  });

  it("uv tool install creates the tool environment the model names, and uvx then runs in it", async () => {
    const sb = makeSandbox();
    const wheels = makeToolWheel(join(sb.root, 'wheels'), 'Shim_Probe_Tool', SHOW);
    const install = await model(sb, 'uv', ['tool', 'install', 'Shim_Probe_Tool']);
    expect(install.environments).toEqual([
      { role: 'tool', path: join(sb.env.XDG_DATA_HOME!, 'uv', 'tools', 'shim-probe-tool'), exists: false, writes: true },
    ]);
    await real(sb, ['tool', 'install', '--offline', '--find-links', wheels, 'Shim_Probe_Tool']);
    expect(existsSync(join(install.environments[0]!.path, 'pyvenv.cfg'))).toBe(true);

    // uvx checks the installed tool against the index it names: the same links, offline.
    const args = ['--offline', '--find-links', wheels, 'shim-probe-tool'];
    const run = await model(sb, 'uvx', args);
    const r = await runReal(sb, 'uvx', args, { env: sb.env });
    expect(r.code, r.stderr).toBe(0);
    const [executable, prefix] = r.stdout.toString().trim().split('\n');
    expect(run.environments).toEqual([{ role: 'tool', path: prefix, exists: true, writes: false }]);
    expect(run.interpreters[0]).toEqual({ path: executable, source: 'environment', environment: prefix });
  });
});

// uv's own account of which interpreters it starts, where strace exists:
// with uv's cache off it starts every interpreter it considers.
const strace = (() => {
  try {
    execFileSync('strace', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// The Python uv finds on the sandbox's PATH: the tests' own.
function pythonMinor(): string {
  return inject('python').minor;
}

// Every file uv execs successfully while running `args`, in order.
async function straceExecs(sb: Sandbox, args: string[], cwd: string): Promise<string[]> {
  const log = join(sb.root, 'strace.log');
  const env = { ...sb.env, UV_NO_CACHE: '1' };
  await run('strace', ['-f', '-qq', '-e', 'trace=execve', '-e', 'signal=none', '-o', log, join(sb.realUvDir, 'uv'), ...args], { cwd, env });
  return readFileSync(log, 'utf8')
    .split('\n')
    .flatMap((line) => /execve\("([^"]+)".*= 0$/.exec(line)?.[1] ?? []);
}

describe.skipIf(!strace)('the interpreters uv starts (strace)', () => {
  it('uv version starts none; run, sync, lock and python find start exactly the ones the model names', async () => {
    const sb = makeSandbox();
    const w = workspace(sb);
    await real(sb, ['sync', '--offline'], w.a);
    for (const args of [['version'], ['run', '--no-sync', 'python', '-c', ''], ['sync', '--offline'], ['lock', '--offline'], ['python', 'find']]) {
      const m = await model(sb, 'uv', args, w.a);
      const started = (await straceExecs(sb, args, w.a)).filter((f) => f !== join(sb.realUvDir, 'uv') && !f.includes('/ld-linux'));
      expect([...new Set(started)], args.join(' ')).toEqual([...new Set(m.interpreters.map((i) => i.path))]);
    }
  });
});
