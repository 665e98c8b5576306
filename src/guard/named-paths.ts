import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { uvPythonInstallDir } from '../paths.js';
import { listInstallations } from '../uv/discovery.js';
import { readVenv } from '../uv/venv.js';
import { installationFiles, interpreterFiles, uniqueByFile, type CandidateScope } from './installation.js';
import type { Candidate } from './types.js';
import { realpathOrNull } from '../common/fs.js';

// `uv-shim repair PATH…`: each PATH may be an interpreter, an installation
// root, a virtual environment, or uv's managed Python dir itself.
export function candidatesForPaths(paths: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): { candidates: Candidate[]; unknown: string[] } {
  const installDir = uvPythonInstallDir(env);
  const scope: CandidateScope = { managedRoot: realpathOrNull(installDir) };
  const candidates: Candidate[] = [];
  const unknown: string[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    const found = filesFor(path, scope);
    if (found.length === 0) unknown.push(given);
    candidates.push(...found);
  }
  return { candidates: uniqueByFile(candidates), unknown };
}

// An environment is repaired through the interpreter uv runs in it
// (bin/python, followed to its real file), never pyvenv.cfg's `home`.
function filesFor(path: string, scope: CandidateScope): Candidate[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return [];
  }
  if (!isDir) return interpreterFiles(path, 'explicit', scope);
  const venv = readVenv(path);
  if (venv) return interpreterFiles(venv.python, 'explicit', scope);
  const own = installationFiles(path, 'explicit', scope);
  if (own.length > 0) return own;
  if (realpathOrNull(path) === scope.managedRoot) {
    return listInstallations(path).flatMap((name) => installationFiles(resolve(path, name), 'managed', scope));
  }
  return [];
}
