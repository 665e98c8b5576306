import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { uvCacheDir, uvHome, uvPythonInstallDir, uvToolDir } from '../paths.js';
import { currentPlatform } from '../platform.js';
import { hasFlag, isSubcommand, optionValue, type UvCommand } from './command.js';
import {
  installationPython, installedInterpreters, virtualEnvironments,
  type InterpreterUse, type Preference,
} from './discovery.js';
import { findPinFile, type PinFile } from './pins.js';
import { parsePythonRequest, type PythonRequest } from './python-request.js';
import { readHead } from '../bounded-read.js';
import { toolEnvName, toolSpec } from './tool-name.js';
import { readVenv, type Venv } from './venv.js';
import { discoverProject, type ProjectFacts } from './workspace.js';
import { writesEnvironment } from './writes-environment.js';
import { expandTilde, realOrSelf } from '../common/fs.js';

export type { InterpreterUse, InterpreterSource, Preference } from './discovery.js';
export type { PinFile } from './pins.js';
export type { ProjectFacts } from './workspace.js';

// One model of what a uv command will use, worked out as uv works it out,
// without running uv or any Python: the project and its workspace, the
// Python requests in force, the environments it uses and the interpreters
// it starts. Plain data, for the guard, the first-run count, `uv-shim
// check`, `repair` and `doctor` alike.
export interface UvModel {
  // The directory uv runs in (after --directory).
  cwd: string;
  // The project uv finds (null: none, --no-project, or a command that looks for none).
  project: ProjectFacts | null;
  // The version file uv reads, if any.
  pinFile: PinFile | null;
  // The Python requests in force, strongest first; an interpreter satisfying
  // any of them may be the one uv picks (a superset where uv intersects).
  requests: PythonRequestUse[];
  preference: Preference;
  environments: EnvironmentUse[];
  // Every interpreter uv will start, in the order it would start them.
  interpreters: InterpreterUse[];
  // uv's cache (--cache-dir, UV_CACHE_DIR, else the default): where uv
  // unpacks each wheel once and links or copies files from.
  uvCache: string;
}

export interface PythonRequestUse {
  text: string;
  from: 'argument' | 'option' | 'env' | 'pin-file' | 'requires-python' | 'script';
}

export interface EnvironmentUse {
  // project: the project's (.venv or UV_PROJECT_ENVIRONMENT); active:
  // VIRTUAL_ENV with --active; tool: an installed tool's; pip: the one `uv
  // pip` acts on; target/prefix: `uv pip --target/--prefix`; venv: what `uv
  // venv` creates.
  role: 'project' | 'active' | 'tool' | 'pip' | 'target' | 'prefix' | 'venv';
  path: string;
  // It is an environment now (has a pyvenv.cfg; for target/prefix, the directory exists).
  exists: boolean;
  // The command may install into it.
  writes: boolean;
}

export interface ModelInput {
  // The command as uv parses it (`uvx …` parsed as `tool run …`).
  command: UvCommand;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const BOOL_TRUE = new Set(['1', 'true', 'yes', 'on', 'y', 't']);

function boolEnv(env: NodeJS.ProcessEnv, name: string): boolean {
  return BOOL_TRUE.has((env[name] ?? '').trim().toLowerCase());
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}


// --python-preference and its shorthands, flags before env vars.
function pythonPreference(command: UvCommand, env: NodeJS.ProcessEnv): Preference {
  if (hasFlag(command, '--managed-python')) return 'only-managed';
  if (hasFlag(command, '--no-managed-python')) return 'only-system';
  const named = optionValue(command, '--python-preference') ?? env.UV_PYTHON_PREFERENCE;
  if (named === 'only-managed' || named === 'managed' || named === 'system' || named === 'only-system') return named;
  if (boolEnv(env, 'UV_MANAGED_PYTHON')) return 'only-managed';
  if (boolEnv(env, 'UV_NO_MANAGED_PYTHON')) return 'only-system';
  return 'managed';
}

// --python (or -p), else UV_PYTHON.
function explicitRequest(command: UvCommand, env: NodeJS.ProcessEnv): PythonRequestUse | null {
  const option = optionValue(command, '--python');
  if (option) return { text: option, from: 'option' };
  return env.UV_PYTHON ? { text: env.UV_PYTHON, from: 'env' } : null;
}

function parsed(requests: PythonRequestUse[]): PythonRequest[] {
  return requests.length > 0 ? requests.map((r) => parsePythonRequest(r.text)) : [{ kind: 'any' }];
}

function versionNumbers(version: string | null): number[] | null {
  if (!version) return null;
  const nums = version.split('.').map((n) => Number.parseInt(n, 10));
  return nums.every((n) => !Number.isNaN(n)) ? nums : null;
}

// An existing environment's Python satisfies the request when its recorded
// version passes any request (unknown version: assume it does, as uv
// then keeps the environment after asking its interpreter).
function venvSatisfies(venv: Venv, requests: PythonRequest[]): boolean {
  const version = versionNumbers(venv.version);
  return requests.some((r) => r.kind === 'any' || (r.kind === 'version' && (version === null || r.test(version))));
}

interface Facts {
  command: UvCommand;
  env: NodeJS.ProcessEnv;
  cwd: string;
  preference: Preference;
  installDir: string;
  // uv's cache: uv looks for no workspace above a project inside it.
  uvCache: string;
  explicit: PythonRequestUse | null;
  noConfig: boolean;
  writes: boolean;
}

// The requests for a command in a project (or none): the explicit one,
// else the version file (searched from the workspace root, only there, or
// from the working directory up when there is no project), else the
// requires-python. A global version file uv ignores when it conflicts with
// requires-python: both stay in play.
function projectRequests(f: Facts, project: ProjectFacts | null): { requests: PythonRequestUse[]; pinFile: PinFile | null } {
  if (f.explicit) return { requests: [f.explicit], pinFile: null };
  const search = project
    ? { start: project.workspaceRoot, stopAt: project.workspaceRoot, localAllowed: true, env: f.env }
    : { start: f.cwd, stopAt: null, localAllowed: true, env: f.env };
  const pinFile = findPinFile(search, f.noConfig);
  const requiresPython: PythonRequestUse[] = (project?.requiresPython ?? []).map((text) => ({ text, from: 'requires-python' }));
  const pin = pinFile?.requests[0];
  if (pin === undefined) return { requests: requiresPython, pinFile };
  const pinned: PythonRequestUse = { text: pin, from: 'pin-file' };
  return { requests: pinFile!.global ? [pinned, ...requiresPython] : [pinned], pinFile };
}

// An explicit path (`--python .venv`, `-p /opt/py/bin/python3`): the
// environment's or installation's interpreter, or the file itself.
function explicitPath(f: Facts, request: PythonRequest): InterpreterUse | null {
  if (request.kind !== 'path') return null;
  const path = resolve(f.cwd, expandTilde(request.path, uvHome(f.env)));
  if (isDirectory(path)) {
    const venv = readVenv(path);
    const python = venv?.python ?? installationPython(path);
    return python ? { path: python, source: 'explicit', environment: venv ? path : null } : null;
  }
  return { path, source: 'explicit', environment: null };
}

// What uv starts to find a Python for a new environment (or none): an
// explicit path, else installed Pythons.
function installed(f: Facts, requests: PythonRequestUse[]): InterpreterUse[] {
  const reqs = parsed(requests);
  const paths = reqs.flatMap((r) => explicitPath(f, r) ?? []);
  if (paths.length > 0) return paths;
  return installedInterpreters(f.env, f.installDir, f.preference, reqs, requests.map((r) => r.text));
}

// Virtual environments first (the active one, conda's, the nearest .venv),
// each started until one satisfies, then installed Pythons: `uv python
// find`, `uv run` outside a project, `uv pip compile`.
function anyInterpreter(f: Facts, requests: PythonRequestUse[], first: Venv | null = null): InterpreterUse[] {
  const reqs = parsed(requests);
  const paths = reqs.flatMap((r) => explicitPath(f, r) ?? []);
  if (paths.length > 0) return paths;
  const out: InterpreterUse[] = [];
  const venvs = [...(first ? [first] : []), ...virtualEnvironments(f.cwd, f.env).flatMap((v) => v.venv ?? [])];
  const seen = new Set<string>();
  for (const venv of venvs) {
    if (seen.has(venv.dir)) continue;
    seen.add(venv.dir);
    out.push({ path: venv.python, source: 'environment', environment: venv.dir });
    if (venvSatisfies(venv, reqs)) return out;
  }
  return [...out, ...installed(f, requests)];
}

// A project uv works with: found, managed, and parsed.
function usable(found: ProjectFacts | null): ProjectFacts | null {
  return found?.managed && !found.invalid ? found : null;
}

function model(f: Facts, rest: Partial<UvModel>): UvModel {
  return { cwd: f.cwd, project: null, pinFile: null, requests: [], preference: f.preference, environments: [], interpreters: [], uvCache: f.uvCache, ...rest };
}

// uv's project environment: UV_PROJECT_ENVIRONMENT (absolute, or relative
// to the workspace root), else .venv at the workspace root.
function projectEnvironmentPath(project: ProjectFacts, env: NodeJS.ProcessEnv): string {
  const named = env.UV_PROJECT_ENVIRONMENT;
  if (!named) return join(project.workspaceRoot, '.venv');
  return isAbsolute(named) ? named : resolve(project.workspaceRoot, named);
}

// A script with inline metadata (PEP 723): `uv run --script x` or `uv run
// x.py` whose head has a `# /// script` block.
const SCRIPT_HEAD = 64 * 1024;

function scriptOf(f: Facts): { path: string; requiresPython: string | null } | null {
  const { command } = f;
  if (!isSubcommand(command, 'run')) return null;
  const forced = hasFlag(command, '--script');
  const target = command.program[0];
  if (!target || (!forced && !/\.pyw?$/.test(target))) return null;
  const path = resolve(f.cwd, target);
  const head = readHead(path, SCRIPT_HEAD)?.toString('utf8');
  if (head === undefined) return null;
  const block = /^# \/\/\/ script\r?\n((?:#.*\r?\n)*?)# \/\/\/\s*$/m.exec(head);
  if (!block && !forced) return null;
  const rp = block ? /^#\s*requires-python\s*=\s*["']([^"']*)["']/m.exec(block[1]!) : null;
  return { path, requiresPython: rp?.[1] ?? null };
}

async function projectCommand(f: Facts): Promise<UvModel> {
  const { command, env } = f;
  const script = scriptOf(f);
  if (script) {
    // A script's environment lives in uv's cache; its Python is found
    // among installed ones, from pins next to the script or its metadata.
    const pins = f.explicit ? null : findPinFile({ start: dirname(script.path), stopAt: null, localAllowed: true, env }, f.noConfig);
    const requests: PythonRequestUse[] = f.explicit
      ? [f.explicit]
      : pins?.requests[0] !== undefined
        ? [{ text: pins.requests[0], from: 'pin-file' }]
        : script.requiresPython ? [{ text: script.requiresPython, from: 'script' }] : [];
    return model(f, { pinFile: pins, requests, interpreters: installed(f, requests) });
  }
  const start = resolve(f.cwd, optionValue(command, '--project') ?? env.UV_PROJECT ?? '.');
  const noProject = hasFlag(command, '--no-project') || hasFlag(command, '--isolated');
  const found = noProject ? null : await discoverProject(start, f.uvCache);
  const project = found?.managed ? found : null;
  if (!project || project.invalid) {
    // Outside a project only `uv run` goes on, with whatever Python it finds.
    if (!isSubcommand(command, 'run')) return model(f, { project });
    const { requests, pinFile } = projectRequests(f, null);
    return model(f, { project, pinFile, requests, interpreters: anyInterpreter(f, requests) });
  }
  const { requests, pinFile } = projectRequests(f, project);
  const activeDir = hasFlag(command, '--active') && env.VIRTUAL_ENV ? resolve(f.cwd, env.VIRTUAL_ENV) : null;
  const path = activeDir ?? projectEnvironmentPath(project, env);
  const venv = readVenv(path);
  const interpreters: InterpreterUse[] = venv ? [{ path: venv.python, source: 'environment', environment: path }] : [];
  // No environment yet, or one whose Python no longer fits: uv finds
  // another Python and (re)creates the environment with it.
  if (!venv || !venvSatisfies(venv, parsed(requests))) interpreters.push(...installed(f, requests));
  const environments: EnvironmentUse[] = [{ role: activeDir ? 'active' : 'project', path, exists: venv !== null, writes: f.writes }];
  return model(f, { project, pinFile, requests, environments, interpreters });
}

function toolCommand(f: Facts): UvModel {
  const { command, env } = f;
  const spec = toolSpec(command);
  const name = spec ? toolEnvName(spec) : null;
  const path = name ? join(uvToolDir(env), name) : null;
  const venv = path ? readVenv(path) : null;
  // Tools ignore the project: only the global version file counts.
  const pinFile = f.explicit ? null : findPinFile({ start: f.cwd, stopAt: null, localAllowed: false, env }, f.noConfig);
  const requests: PythonRequestUse[] = f.explicit ? [f.explicit] : pinFile?.requests[0] ? [{ text: pinFile.requests[0], from: 'pin-file' }] : [];
  const interpreters: InterpreterUse[] = venv ? [{ path: venv.python, source: 'environment', environment: path }] : [];
  const run = isSubcommand(command, 'tool', 'run');
  // `uvx ruff@0.5`, `--with`, `--python`: uv may build an environment in
  // its cache instead of using the installed one, from an installed Python.
  const mayBuild = !venv || f.explicit !== null || hasFlag(command, '--with') || /[@=<>~!]/.test(spec ?? '') || !run;
  if (mayBuild && !(isSubcommand(command, 'tool', 'upgrade') && venv)) interpreters.push(...installed(f, requests));
  const environments: EnvironmentUse[] = path && (venv || !run) ? [{ role: 'tool', path, exists: venv !== null, writes: f.writes }] : [];
  return model(f, { pinFile, requests, environments, interpreters });
}

// The environment of a `--python` path for `uv pip`: the directory holding
// pyvenv.cfg (the path itself, or two levels above bin/python).
function environmentOfPython(path: string): Venv | null {
  return readVenv(path) ?? readVenv(dirname(dirname(path)));
}

function pipCommand(f: Facts): UvModel {
  const { command, env } = f;
  const environments: EnvironmentUse[] = [];
  for (const role of ['target', 'prefix'] as const) {
    const dir = optionValue(command, `--${role}`);
    if (dir) {
      const path = resolve(f.cwd, dir);
      environments.push({ role, path, exists: isDirectory(path), writes: f.writes });
    }
  }
  const system = hasFlag(command, '--system') || boolEnv(env, 'UV_SYSTEM_PYTHON');
  const requests = f.explicit ? [f.explicit] : [];
  let interpreters: InterpreterUse[];
  const request = f.explicit ? parsePythonRequest(f.explicit.text) : null;
  if (request?.kind === 'path') {
    const use = explicitPath(f, request);
    const venv = use ? environmentOfPython(use.path) : null;
    if (venv && environments.length === 0) environments.push({ role: 'pip', path: venv.dir, exists: true, writes: f.writes });
    interpreters = use ? [use] : [];
  } else if (system) {
    interpreters = installed(f, requests);
  } else {
    // VIRTUAL_ENV, CONDA_PREFIX, then the nearest .venv; `uv pip` stops
    // with an error when there is none (`compile` falls back to a system Python).
    const found = virtualEnvironments(f.cwd, env).find((v) => v.venv !== null)?.venv ?? null;
    if (found && environments.length === 0) environments.push({ role: 'pip', path: found.dir, exists: true, writes: f.writes });
    interpreters = found || isSubcommand(command, 'pip', 'compile') ? anyInterpreter(f, requests, found) : [];
  }
  return model(f, { requests, environments, interpreters });
}

// `uv python find`: the project gives only the request; the interpreter is
// the first virtual environment (not the project's own, even under
// UV_PROJECT_ENVIRONMENT) or installed Python that fits; --system skips
// the environments.
async function pythonFind(f: Facts): Promise<UvModel> {
  const { command, env } = f;
  const positional = command.positionals[0];
  const start = resolve(f.cwd, optionValue(command, '--project') ?? env.UV_PROJECT ?? '.');
  const found = hasFlag(command, '--no-project') ? null : await discoverProject(start, f.uvCache);
  const project = usable(found);
  const base = positional ? { requests: [{ text: positional, from: 'argument' as const }], pinFile: null } : projectRequests(f, project);
  const interpreters = hasFlag(command, '--system') ? installed(f, base.requests) : anyInterpreter(f, base.requests);
  return model(f, { project, ...base, interpreters });
}

async function venvCommand(f: Facts): Promise<UvModel> {
  const { command, env } = f;
  const start = resolve(f.cwd, optionValue(command, '--project') ?? env.UV_PROJECT ?? '.');
  const found = hasFlag(command, '--no-project') ? null : await discoverProject(start, f.uvCache);
  const project = usable(found);
  const named = command.positionals[0];
  const path = named
    ? resolve(f.cwd, named)
    : project && project.workspaceRoot === start
      ? projectEnvironmentPath(project, env)
      : join(f.cwd, '.venv');
  const { requests, pinFile } = projectRequests(f, project);
  const environments: EnvironmentUse[] = [{ role: 'venv', path, exists: readVenv(path) !== null, writes: true }];
  return model(f, { project, pinFile, requests, environments, interpreters: installed(f, requests) });
}

// `uv init`, `uv build`: a Python found among installed ones, with the project's requests.
async function findsPython(f: Facts): Promise<UvModel> {
  const start = resolve(f.cwd, optionValue(f.command, '--project') ?? f.env.UV_PROJECT ?? '.');
  const found = isSubcommand(f.command, 'init') ? null : await discoverProject(start, f.uvCache);
  const project = usable(found);
  const { requests, pinFile } = projectRequests(f, project);
  return model(f, { project, pinFile, requests, interpreters: installed(f, requests) });
}

// Project commands: they find the project and use (or create) its environment.
const PROJECT_COMMANDS = new Set(['run', 'sync', 'lock', 'add', 'remove', 'tree', 'export']);

// `uv version` reads or writes pyproject.toml; only a version change
// (--bump, or a new version given) locks and syncs the project.
function versionSyncs(command: UvCommand): boolean {
  return (hasFlag(command, '--bump') || command.positionals.length > 0) && !hasFlag(command, '--frozen') && !hasFlag(command, '--no-sync');
}

// The model of one uv command line, as uv would resolve it in `cwd` with `env`.
export async function modelCommand({ command, cwd, env }: ModelInput): Promise<UvModel> {
  const directory = optionValue(command, '--directory') ?? env.UV_WORKING_DIR;
  // uv changes into --directory and then works from the real path.
  const base = directory ? realOrSelf(resolve(cwd, directory)) : cwd;
  const f: Facts = {
    command, env, cwd: base,
    preference: pythonPreference(command, env),
    installDir: uvPythonInstallDir(env),
    uvCache: resolve(base, optionValue(command, '--cache-dir') ?? uvCacheDir(env, currentPlatform(env))),
    explicit: explicitRequest(command, env),
    noConfig: hasFlag(command, '--no-config') || boolEnv(env, 'UV_NO_CONFIG'),
    writes: writesEnvironment(command),
  };
  const [first, second] = command.subcommand;
  if (command.informational || first === undefined) return model(f, {});
  if (PROJECT_COMMANDS.has(first) || (first === 'version' && versionSyncs(command))) return projectCommand(f);
  if (first === 'tool' && (second === 'run' || second === 'install' || second === 'upgrade')) return toolCommand(f);
  if (first === 'pip') return pipCommand(f);
  if (first === 'python' && (second === 'find' || second === 'pin')) return pythonFind(f);
  if (first === 'venv') return venvCommand(f);
  if (first === 'init' || first === 'build') return findsPython(f);
  return model(f, {});
}

// One model per run: the guard, the first-run count and the explanation all
// ask about the same command line; the first answer is kept for the others.
const perCommand = new WeakMap<UvCommand, { cwd: string; env: NodeJS.ProcessEnv; model: Promise<UvModel> }>();

export function modelOf(input: ModelInput): Promise<UvModel> {
  const kept = perCommand.get(input.command);
  if (kept && kept.cwd === input.cwd && kept.env === input.env) return kept.model;
  const model = modelCommand(input);
  perCommand.set(input.command, { cwd: input.cwd, env: input.env, model });
  return model;
}
