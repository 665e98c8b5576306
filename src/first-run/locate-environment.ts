import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { uvToolDir } from '../paths.js';
import { isSubcommand, optionValue, type UvCommand } from '../uv/command.js';
import { toolEnvName } from '../uv/tool-name.js';

// The environment a command writes, found the way uv finds it, or undefined
// when the shim cannot tell (uv pip --system, ephemeral environments in
// uv's cache, `uv tool upgrade --all`).
export function environmentOf(command: UvCommand, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  const base = resolve(cwd, optionValue(command, '--directory') ?? '.');
  if (command.subcommand[0] === 'pip') return pipEnvironment(command, base, env);
  if (isSubcommand(command, 'venv')) return resolve(base, command.positionals[0] ?? projectEnvName(env) ?? '.venv');
  if (command.subcommand[0] === 'tool') {
    const spec = optionValue(command, '--from') ?? command.positionals[0];
    const name = spec ? toolEnvName(spec) : null;
    return name ? join(uvToolDir(env), name) : undefined;
  }
  return projectEnvironment(resolve(base, optionValue(command, '--project') ?? '.'), env);
}

function projectEnvName(env: NodeJS.ProcessEnv): string | undefined {
  return env.UV_PROJECT_ENVIRONMENT || undefined;
}

// uv's project environment: UV_PROJECT_ENVIRONMENT, else .venv at the
// workspace root (the nearest pyproject.toml, or an ancestor whose
// pyproject.toml declares [tool.uv.workspace]).
function projectEnvironment(start: string, env: NodeJS.ProcessEnv): string | undefined {
  const project = nearestWith(start, 'pyproject.toml');
  if (!project) return undefined;
  let root = project;
  for (let dir = dirname(project); dir !== dirname(dir); dir = dirname(dir)) {
    if (declaresWorkspace(join(dir, 'pyproject.toml'))) root = dir;
  }
  const name = projectEnvName(env);
  if (name) return isAbsolute(name) ? name : resolve(root, name);
  return join(root, '.venv');
}

function declaresWorkspace(pyproject: string): boolean {
  try {
    return /^\s*\[tool\.uv\.workspace\]/m.test(readFileSync(pyproject, 'utf8'));
  } catch {
    return false;
  }
}

// uv pip: --target and --prefix name the tree; --python may name an
// environment or its interpreter; then VIRTUAL_ENV, then .venv upwards.
function pipEnvironment(command: UvCommand, base: string, env: NodeJS.ProcessEnv): string | undefined {
  const tree = optionValue(command, '--target') ?? optionValue(command, '--prefix');
  if (tree) return resolve(base, tree);
  if (command.options.has('--system')) return undefined;
  const python = optionValue(command, '--python') ?? env.UV_PYTHON;
  if (python && python.includes('/')) return environmentOfPython(resolve(base, python));
  if (python) return undefined;
  if (env.VIRTUAL_ENV) return resolve(base, env.VIRTUAL_ENV);
  const holder = nearestWith(base, join('.venv', 'pyvenv.cfg'));
  return holder ? join(holder, '.venv') : undefined;
}

function environmentOfPython(path: string): string | undefined {
  if (existsSync(join(path, 'pyvenv.cfg'))) return path;
  const root = dirname(dirname(path));
  return existsSync(join(root, 'pyvenv.cfg')) ? root : undefined;
}

function nearestWith(start: string, entry: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, entry))) return dir;
    if (dir === dirname(dir)) return undefined;
  }
}

// Directories whose change means packages were added or removed: each
// lib/pythonX.Y/site-packages (lib64 is a link to lib in a venv), else the
// tree itself (a --target or --prefix directory).
export function packageDirs(environment: string): string[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(join(environment, 'lib'));
  } catch {
    return [environment];
  }
  const dirs = entries
    .filter((e) => e.startsWith('python'))
    .map((e) => join(environment, 'lib', e, 'site-packages'))
    .filter((d) => existsSync(d));
  return dirs.length > 0 ? dirs : [environment];
}
