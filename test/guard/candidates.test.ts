import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { findCandidates } from '../../src/guard/candidates.js';
import type { RunContext } from '../../src/hooks/types.js';
import { createLogger } from '../../src/log.js';
import { parseUvCommand } from '../../src/uv/command.js';
import { HookState } from '../../src/hooks/state.js';

// A uv data dir with two managed installations (3.11 with a libpython
// dylib, 3.12 without), laid out as python-build-standalone ships them.
function world() {
  const root = mkdtempSync(join(tmpdir(), 'uv-shim-candidates-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const pythons = join(root, 'pythons');
  const install = (name: string, minor: string, dylib: boolean) => {
    const bin = join(pythons, name, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, `python${minor}`), '');
    symlinkSync(`python${minor}`, join(bin, 'python3'));
    symlinkSync(`python${minor}`, join(bin, 'python'));
    if (dylib) {
      mkdirSync(join(pythons, name, 'lib'));
      writeFileSync(join(pythons, name, 'lib', `libpython${minor}.dylib`), '');
    }
    return join(bin, `python${minor}`);
  };
  const py311 = install('cpython-3.11.14-macos-aarch64-none', '3.11', true);
  const py312 = install('cpython-3.12.10-macos-aarch64-none', '3.12', false);
  mkdirSync(join(pythons, '.lock'));
  const work = join(root, 'work');
  mkdirSync(work);
  const env: NodeJS.ProcessEnv = { HOME: join(root, 'home'), UV_PYTHON_INSTALL_DIR: pythons, UV_TOOL_DIR: join(root, 'tools') };
  return { root, pythons, py311, py312, dylib311: join(pythons, 'cpython-3.11.14-macos-aarch64-none', 'lib', 'libpython3.11.dylib'), work, env };
}

function venv(dir: string, base: string, version = '3.11.14') {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'pyvenv.cfg'), `home = ${join(base, '..')}\nversion_info = ${version}\n`);
  symlinkSync(base, join(dir, 'bin', 'python'));
}

async function files(w: ReturnType<typeof world>, tool: 'uv' | 'uvx', args: string[], env: NodeJS.ProcessEnv = {}) {
  const ctx: RunContext = {
    tool, args, command: parseUvCommand(tool, args), realUv: '', env: { ...w.env, ...env }, cwd: w.work,
    platform: 'darwin', config: { ...DEFAULT_CONFIG }, log: createLogger('silent'), shared: new HookState(), attempt: 1,
  };
  return (await findCandidates(ctx)).map((c) => `${c.source} ${c.kind} ${c.file}`);
}

describe('findCandidates', () => {
  it('with no request: every managed installation, newest first, executables and dylibs', async () => {
    const w = world();
    expect(await files(w, 'uv', ['run', 'python'])).toEqual([
      `managed executable ${w.py312}`,
      `managed executable ${w.py311}`,
      `managed library ${w.dylib311}`,
    ]);
  });

  it('narrows by .python-version, and --python beats it', async () => {
    const w = world();
    writeFileSync(join(w.work, '.python-version'), '# pinned\n3.12\n');
    expect(await files(w, 'uv', ['run', 'python'])).toEqual([`managed executable ${w.py312}`]);
    expect(await files(w, 'uv', ['run', '-p', '3.11', 'python'])).toEqual([`managed executable ${w.py311}`, `managed library ${w.dylib311}`]);
    expect(await files(w, 'uv', ['run', 'python'], { UV_PYTHON: 'cpython@3.11' })).toHaveLength(2);
    expect(await files(w, 'uv', ['python', 'find', '3.11'])).toEqual([`managed executable ${w.py311}`, `managed library ${w.dylib311}`]);
  });

  it("reads the project's requires-python, walking up from --directory", async () => {
    const w = world();
    writeFileSync(join(w.work, 'pyproject.toml'), '[project]\nname = "x"\nrequires-python = ">=3.12"\n[tool.x]\nrequires-python = "==2.7"\n');
    mkdirSync(join(w.work, 'src', 'pkg'), { recursive: true });
    expect(await files(w, 'uv', ['--directory', 'src/pkg', 'sync'])).toEqual([`managed executable ${w.py312}`]);
  });

  it("follows the project's .venv to its base interpreter, once per real file", async () => {
    const w = world();
    writeFileSync(join(w.work, 'pyproject.toml'), '[project]\nname = "x"\nrequires-python = ">=3.11,<3.12"\n');
    venv(join(w.work, '.venv'), w.py311);
    expect(await files(w, 'uv', ['run', 'pytest'])).toEqual([`project-venv executable ${w.py311}`, `project-venv library ${w.dylib311}`]);
  });

  it('uses UV_PROJECT_ENVIRONMENT instead of .venv in a project, and then a Python that fits', async () => {
    const w = world();
    writeFileSync(join(w.work, 'pyproject.toml'), '[project]\nname = "x"\n');
    venv(join(w.root, 'elsewhere-env'), w.py312, '3.12.10');
    const found = await files(w, 'uv', ['run', 'python'], { UV_PROJECT_ENVIRONMENT: join(w.root, 'elsewhere-env'), UV_PYTHON: '3.11' });
    expect(found).toEqual([`project-venv executable ${w.py312}`, `managed executable ${w.py311}`, `managed library ${w.dylib311}`]);
  });

  it("for uvx NAME: the tool's environment, and pins do not apply", async () => {
    const w = world();
    writeFileSync(join(w.work, '.python-version'), '3.12\n');
    venv(join(w.root, 'tools', 'ruff'), w.py311);
    const found = await files(w, 'uvx', ['ruff@0.5.0', 'check']);
    expect(found[0]).toBe(`tool-venv executable ${w.py311}`);
    expect(found).toContain(`managed executable ${w.py312}`);
    expect(await files(w, 'uv', ['tool', 'run', '--from', 'Ruff_Tool[x]', 'ruff'])).not.toContain(`tool-venv executable ${w.py311}`);
  });

  it('an explicit path is the only candidate; only-system drops managed ones', async () => {
    const w = world();
    expect(await files(w, 'uv', ['run', '-p', w.py312, 'python'])).toEqual([`explicit executable ${w.py312}`]);
    expect(await files(w, 'uv', ['run', '--python-preference', 'only-system', 'python'])).toEqual([]);
    expect(await files(w, 'uv', ['run', '--no-managed-python', 'python'])).toEqual([]);
    expect(await files(w, 'uv', ['run', 'python'], { UV_NO_MANAGED_PYTHON: '1' })).toEqual([]);
    expect(await files(w, 'uv', ['run', 'python'], { UV_NO_MANAGED_PYTHON: 'false' })).toHaveLength(3);
  });
});
