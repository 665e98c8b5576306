import type { RunContext } from '../hooks/types.js';
import { uvPythonInstallDir } from '../paths.js';
import { managedInterpreters } from '../uv/discovery.js';
import { modelOf, type InterpreterUse, type UvModel } from '../uv/model.js';
import { parsePythonRequest } from '../uv/python-request.js';
import { interpreterFiles, uniqueByFile, type CandidateScope } from './installation.js';
import type { Candidate, CandidateSource } from './types.js';
import { realpathOrNull } from '../common/fs.js';

function sourceOf(use: InterpreterUse, model: UvModel): CandidateSource {
  if (use.source !== 'environment') return use.source;
  return model.environments.some((e) => e.role === 'tool' && e.path === use.environment) ? 'tool-venv' : 'project-venv';
}

// The files macOS validates for the interpreters a model says uv starts:
// each one's real executable and, next to it, its libpython.
export function candidatesOf(model: UvModel, env: NodeJS.ProcessEnv): Candidate[] {
  const scope: CandidateScope = { managedRoot: realpathOrNull(uvPythonInstallDir(env)) };
  return uniqueByFile(model.interpreters.flatMap((use) => interpreterFiles(use.path, sourceOf(use, model), scope)));
}

// The interpreter files this uv command will start, from the one model of
// uv's project, environments and interpreters. Nothing here runs uv or Python.
export async function findCandidates(ctx: RunContext): Promise<Candidate[]> {
  const model = await modelOf({ command: ctx.command, cwd: ctx.cwd, env: ctx.env });
  return candidatesOf(model, ctx.env);
}

// uv's managed installations matching any of `requests` (all when none):
// what `uv python install 3.12 3.13` may just have created.
export function findManagedCandidates(env: NodeJS.ProcessEnv, requests: string[]): Candidate[] {
  const installDir = uvPythonInstallDir(env);
  const parsed = requests.length > 0 ? requests.map(parsePythonRequest) : [{ kind: 'any' } as const];
  const scope: CandidateScope = { managedRoot: realpathOrNull(installDir) };
  return uniqueByFile(managedInterpreters(installDir, parsed).flatMap((use) => interpreterFiles(use.path, 'managed', scope)));
}

