import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunContext } from '../hooks/types.js';
import { uvPythonInstallDir, uvToolDir } from '../paths.js';
import { optionValue, hasFlag, isSubcommand, type UvCommand } from '../uv/command.js';
import { installationFiles, interpreterFiles, listInstallations, realpathOrNull, uniqueByFile, type CandidateScope } from './installation.js';
import { readProjectHints, type ProjectHints } from './project.js';
import { installationMatches, parsePythonRequest, type PythonRequest } from './request.js';
import type { Candidate } from './types.js';
import { readVenv } from './venv.js';
import { toolEnvName } from '../uv/tool-name.js';

// Commands that run in (or sync) the project's environment.
const PROJECT_COMMANDS = new Set(['run', 'sync', 'lock', 'add', 'remove', 'tree', 'export', 'build', 'version', 'pip']);

function isToolCommand(command: UvCommand): boolean {
  return isSubcommand(command, 'tool');
}

// The Python requests that apply, strongest first: --python, UV_PYTHON, then
// (not for tools, which ignore the project) the pin files, then requires-python.
function pythonRequests(ctx: RunContext, hints: ProjectHints | null): PythonRequest[] {
  // `uv python find 3.12` / `uv python pin 3.12`: the request is positional.
  const positional = isSubcommand(ctx.command, 'python') ? ctx.command.positionals[0] : undefined;
  const explicit = positional ?? optionValue(ctx.command, '--python') ?? (ctx.env.UV_PYTHON || undefined);
  if (explicit) return [parsePythonRequest(explicit)];
  if (!hints) return [{ kind: 'any' }];
  if (hints.pinned.length > 0) return hints.pinned.map(parsePythonRequest);
  if (hints.requiresPython) return [parsePythonRequest(hints.requiresPython)];
  return [{ kind: 'any' }];
}

// uv skips its managed Pythons under only-system or --no-managed-python.
function managedAllowed(ctx: RunContext): boolean {
  const pref = optionValue(ctx.command, '--python-preference') ?? ctx.env.UV_PYTHON_PREFERENCE;
  if (pref === 'only-system') return false;
  const envOff = ['1', 'true', 'yes', 'on'].includes((ctx.env.UV_NO_MANAGED_PYTHON ?? '').toLowerCase());
  return !hasFlag(ctx.command, '--no-managed-python') && !envOff;
}

function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  return path.startsWith('~/') ? join(env.HOME || homedir(), path.slice(2)) : path;
}

// uv normalizes tool names like package names (PEP 503).
function toolEnvironment(ctx: RunContext): string | null {
  const { command } = ctx;
  let spec: string | undefined;
  if (isSubcommand(command, 'tool', 'run')) spec = optionValue(command, '--from') ?? command.program[0];
  else if (isSubcommand(command, 'tool', 'install') || isSubcommand(command, 'tool', 'upgrade')) spec = command.positionals[0];
  const name = spec ? toolEnvName(spec) : null;
  return name ? join(uvToolDir(ctx.env), name) : null;
}

// Environments uv may run this command in: the tool's, or the project's
// (UV_PROJECT_ENVIRONMENT, else .venv at the project root) and VIRTUAL_ENV.
function environments(ctx: RunContext, base: string, root: string): { dir: string; source: Candidate['source'] }[] {
  const sub = ctx.command.subcommand[0] ?? '';
  if (isToolCommand(ctx.command)) {
    const dir = toolEnvironment(ctx);
    return dir ? [{ dir, source: 'tool-venv' }] : [];
  }
  if (!PROJECT_COMMANDS.has(sub)) return [];
  const out: { dir: string; source: Candidate['source'] }[] = [];
  if (ctx.env.VIRTUAL_ENV) out.push({ dir: resolve(base, ctx.env.VIRTUAL_ENV), source: 'project-venv' });
  const projectEnv = ctx.env.UV_PROJECT_ENVIRONMENT;
  out.push({ dir: projectEnv ? resolve(root, projectEnv) : join(root, '.venv'), source: 'project-venv' });
  return out;
}

// Works out, without running uv or Python, the interpreter files this uv
// command can use. Nothing here reads a binary; it lists dirs and follows links.
export async function findCandidates(ctx: RunContext): Promise<Candidate[]> {
  const base = resolve(ctx.cwd, optionValue(ctx.command, '--directory') ?? '.');
  const projectStart = resolve(base, optionValue(ctx.command, '--project') ?? ctx.env.UV_PROJECT ?? '.');
  const installDir = uvPythonInstallDir(ctx.env);
  const scope: CandidateScope = { managedRoot: realpathOrNull(installDir) };
  const found: Candidate[] = [];
  const hints = isToolCommand(ctx.command) ? null : readProjectHints(projectStart);
  const requests = pythonRequests(ctx, hints);

  for (const request of requests) {
    if (request.kind !== 'path') continue;
    const path = resolve(base, expandHome(request.path, ctx.env));
    const venv = readVenv(path);
    if (venv) found.push(...interpreterFiles(venv.link, 'explicit', scope));
    else found.push(...interpreterFiles(path, 'explicit', scope), ...installationFiles(path, 'explicit', scope));
  }
  for (const { dir, source } of environments(ctx, base, hints?.root ?? projectStart)) {
    const venv = readVenv(dir);
    if (!venv) continue;
    found.push(...interpreterFiles(venv.link, source, scope));
    if (venv.base) found.push(...interpreterFiles(venv.base, source, scope));
  }
  if (managedAllowed(ctx) && !requests.every((r) => r.kind === 'path')) found.push(...managedFiles(installDir, requests, scope));
  return uniqueByFile(found);
}

function managedFiles(installDir: string, requests: PythonRequest[], scope: CandidateScope): Candidate[] {
  return listInstallations(installDir)
    .filter((name) => requests.some((r) => installationMatches(name, r)))
    .flatMap((name) => installationFiles(join(installDir, name), 'managed', scope));
}

// uv's managed installations matching any of `requests` (all when none):
// what `uv python install 3.12 3.13` may just have created.
export function findManagedCandidates(env: NodeJS.ProcessEnv, requests: string[]): Candidate[] {
  const installDir = uvPythonInstallDir(env);
  const parsed = requests.length > 0 ? requests.map(parsePythonRequest) : [{ kind: 'any' } as const];
  return uniqueByFile(managedFiles(installDir, parsed, { managedRoot: realpathOrNull(installDir) }));
}
