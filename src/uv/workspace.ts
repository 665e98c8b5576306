import { dirname, join, sep } from 'node:path';
import { workspaceGlobMatches } from './glob.js';
import { isRegularFile } from '../bounded-read.js';
import { readPyproject, type PyprojectFacts } from './pyproject.js';
import { ancestors } from '../common/fs.js';

// The project around a directory and the workspace it belongs to, found as
// uv finds them (uv-workspace's ProjectWorkspace / VirtualProject discover).
export interface ProjectFacts {
  // The directory of the nearest pyproject.toml.
  root: string;
  // The workspace root (uv's install path): where the project's .venv lives.
  workspaceRoot: string;
  // project: a [project] table; workspace: a root with only
  // [tool.uv.workspace]; pyproject: neither (uv still treats the file's
  // directory as the workspace root).
  kind: 'project' | 'workspace' | 'pyproject';
  // tool.uv.managed = false: uv runs such a project as if it had none.
  managed: boolean;
  // The nearest pyproject.toml does not parse: uv stops with an error.
  invalid: boolean;
  // The requires-python of the project and of the workspace root. uv
  // intersects every member's; these two are a superset of that answer.
  requiresPython: string[];
}

// The nearest directory at or above `start` holding a pyproject.toml file.
export function nearestPyprojectDir(start: string): string | null {
  for (const dir of ancestors(start)) if (isRegularFile(join(dir, 'pyproject.toml'))) return dir;
  return null;
}

function included(facts: PyprojectFacts, workspaceRoot: string, project: string): boolean {
  const ws = facts.workspace!;
  return (
    ws.members.some((g) => workspaceGlobMatches(g, workspaceRoot, project)) &&
    !ws.exclude.some((g) => workspaceGlobMatches(g, workspaceRoot, project))
  );
}

// uv's find_workspace: only the first pyproject.toml above the project
// decides. A workspace root that includes (and does not exclude) the
// project is its workspace; anything else (another project, a bare file,
// a workspace that leaves it out) means the project is its own root.
async function enclosingWorkspace(project: string): Promise<{ root: string; facts: PyprojectFacts } | null> {
  const parent = dirname(project);
  if (parent === project) return null;
  const root = nearestPyprojectDir(parent);
  if (!root) return null;
  const facts = await readPyproject(join(root, 'pyproject.toml'));
  if (!facts?.workspace || !included(facts, root, project)) return null;
  return { root, facts };
}

// The project uv finds from `start` (an absolute directory), or null when
// there is no pyproject.toml at or above it. `uvCache`: uv never looks for
// a workspace above a project inside its own cache.
export async function discoverProject(start: string, uvCache: string | null): Promise<ProjectFacts | null> {
  const root = nearestPyprojectDir(start);
  if (!root) return null;
  const facts = (await readPyproject(join(root, 'pyproject.toml'))) ?? {
    hasProject: false, requiresPython: null, workspace: null, managed: true, invalid: false,
  };
  const own = facts.requiresPython ? [facts.requiresPython] : [];
  const base = { root, workspaceRoot: root, managed: facts.managed, invalid: facts.invalid, requiresPython: own };
  if (facts.invalid) return { ...base, kind: 'pyproject' };
  if (!facts.hasProject) return { ...base, kind: facts.workspace ? 'workspace' : 'pyproject' };
  if (facts.workspace || !facts.managed) return { ...base, kind: 'project' };
  const inCache = uvCache !== null && (root === uvCache || root.startsWith(uvCache.endsWith(sep) ? uvCache : uvCache + sep));
  const ws = inCache ? null : await enclosingWorkspace(root);
  if (!ws) return { ...base, kind: 'project' };
  const rootRp = ws.facts.requiresPython;
  return { ...base, kind: 'project', workspaceRoot: ws.root, requiresPython: rootRp && !own.includes(rootRp) ? [...own, rootRp] : own };
}
