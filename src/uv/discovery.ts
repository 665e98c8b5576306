import { accessSync, constants, lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, delimiter, join, resolve } from 'node:path';
import { installationMatches, type PythonRequest } from './python-request.js';
import { isRegularFile } from '../bounded-read.js';
import { readVenv, type Venv } from './venv.js';
import { ancestors, realpathOrNull } from '../common/fs.js';

// How uv finds a Python when no environment decides it (uv-python's
// discovery.rs): virtual environments first where the command allows them,
// then installed Pythons (uv's managed ones and PATH, in the order the
// Python preference gives).

// --python-preference, or what --managed-python / --no-managed-python mean.
export type Preference = 'only-managed' | 'managed' | 'system' | 'only-system';

export type InterpreterSource = 'explicit' | 'environment' | 'managed' | 'search-path';

// One interpreter uv starts (to query it, or to run the command).
export interface InterpreterUse {
  // The file uv starts, as uv names it: bin/python inside an environment,
  // bin/python3 of a managed installation, the PATH entry.
  path: string;
  source: InterpreterSource;
  // The environment it belongs to (source "environment").
  environment: string | null;
}

// The names uv keeps next to installations in its Python dir.
const NOT_INSTALLATIONS = new Set(['.lock', '.cache', '.temp', '.gitignore', 'bin']);

// Installation directory names under uv's managed Python dir, newest first
// (uv tries them in that order). Minor-version links (cpython-3.12-…) are
// listed too: they lead to the same files.
export function listInstallations(installDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(installDir).filter((n) => !n.startsWith('.') && !NOT_INSTALLATIONS.has(n));
  } catch {
    return [];
  }
  const version = (n: string) => (/-(\d+)\.(\d+)(?:\.(\d+))?/.exec(n) ?? []).slice(1).map((x) => Number(x ?? 0));
  return names.sort((a, b) => {
    const [va, vb] = [version(a), version(b)];
    for (let i = 0; i < 3; i++) if ((vb[i] ?? 0) !== (va[i] ?? 0)) return (vb[i] ?? 0) - (va[i] ?? 0);
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

// The interpreter of an installation root: bin/python3, else bin/python.
export function installationPython(root: string): string | null {
  for (const name of ['python3', 'python']) {
    const file = join(root, 'bin', name);
    if (isRegularFile(file)) return file;
  }
  return null;
}

// uv's managed installations that may satisfy any of `requests`.
export function managedInterpreters(installDir: string, requests: PythonRequest[]): InterpreterUse[] {
  const out: InterpreterUse[] = [];
  for (const name of listInstallations(installDir)) {
    if (!requests.some((r) => installationMatches(name, r))) continue;
    const path = installationPython(join(installDir, name));
    if (path) out.push({ path, source: 'managed', environment: null });
  }
  return out;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// The version a PATH entry's real name tells (python3.11 → [3, 11]), if any.
function versionByName(path: string): number[] | null {
  const real = realpathOrNull(path);
  if (real === null) return null;
  const m = /^python(\d+)\.(\d+)$/.exec(basename(real)) ?? /^python(\d+)\.(\d+)$/.exec(basename(path));
  return m ? [Number(m[1]), Number(m[2])] : null;
}

// Whether an interpreter of this version may satisfy a request (unknown
// patch: any patch will do).
function mayMatch(version: number[] | null, requests: PythonRequest[]): boolean {
  if (!version) return true;
  return requests.some((r) => {
    if (r.kind !== 'version') return true;
    return [0, 99].some((patch) => r.test([...version.slice(0, 2), patch]));
  });
}

// Executable names uv looks for in each PATH directory: python3.X first
// for a request naming a minor version, then python3 and python; with no
// version asked for, python before python3 (uv 0.13.9 in a directory holding
// python, python3 and python3.11: `uv python find` names python, `find 3`
// python3, `find 3.11` python3.11).
function executableNames(rawRequests: string[]): string[] {
  const minors = rawRequests.flatMap((t) => /^(?:cpython@|python|cpython|@)?(3\.\d+)(?:\.\d+)?$/.exec(t.trim())?.[1] ?? []);
  const versioned = rawRequests.some((t) => /\d/.test(t));
  return [...new Set(minors.map((m) => `python${m}`)), ...(versioned ? ['python3', 'python'] : ['python', 'python3'])];
}

// The PATH interpreters uv queries in turn until one satisfies: each is
// started (uv asks it its version), so each counts; the search stops at the
// first whose name does not rule it out. UV_PYTHON_SEARCH_PATH replaces PATH.
export function searchPathInterpreters(env: NodeJS.ProcessEnv, requests: PythonRequest[], rawRequests: string[]): InterpreterUse[] {
  const searchPath = env.UV_PYTHON_SEARCH_PATH ?? env.PATH ?? '';
  const names = executableNames(rawRequests);
  const out: InterpreterUse[] = [];
  const seen = new Set<string>();
  for (const dir of searchPath.split(delimiter)) {
    // A directory reached twice (repeated, or through a link: /bin → /usr/bin) is searched once.
    const real = dir === '' ? null : realpathOrNull(dir);
    if (real === null || seen.has(real)) continue;
    seen.add(real);
    for (const path of names.map((n) => join(dir, n)).filter(isExecutableFile)) {
      // uv skips a python3.X whose name rules it out without starting it;
      // python3 and python it starts to learn their version.
      const named = /^python(\d+)\.(\d+)$/.exec(basename(path));
      if (named && !mayMatch([Number(named[1]), Number(named[2])], requests)) continue;
      out.push({ path, source: 'search-path', environment: null });
      if (mayMatch(versionByName(path), requests)) return out;
    }
    // Then every python3.X there whose name fits (uv's find_all_minor):
    // python3 may be 3.11 where the request wants 3.12.
    const minor = minorVersionFiles(dir, names).find((path) => mayMatch(versionByName(path), requests));
    if (minor) return [...out, { path: minor, source: 'search-path', environment: null }];
  }
  return out;
}

function minorVersionFiles(dir: string, skip: string[]): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .filter((n) => /^python3\.\d+$/.test(n) && !skip.includes(n))
    .sort((a, b) => Number(b.slice(8)) - Number(a.slice(8)))
    .map((n) => join(dir, n))
    .filter(isExecutableFile);
}

// Installed Pythons in the order the preference gives, cut where uv would
// stop: a managed match ends the search under "managed", a PATH match
// under "system".
export function installedInterpreters(
  env: NodeJS.ProcessEnv,
  installDir: string,
  preference: Preference,
  requests: PythonRequest[],
  rawRequests: string[],
): InterpreterUse[] {
  const managed = () => (preference === 'only-system' ? [] : managedInterpreters(installDir, requests));
  const system = () => (preference === 'only-managed' ? [] : searchPathInterpreters(env, requests, rawRequests));
  if (preference === 'system' || preference === 'only-system') {
    const found = system();
    return found.length > 0 || preference === 'only-system' ? found : managed();
  }
  const found = managed();
  return found.length > 0 ? found : system();
}

// A virtual environment uv finds without being told: the active one
// (VIRTUAL_ENV), a conda environment (CONDA_PREFIX), then the directory
// the command runs in if it is one, or the nearest `.venv` above it.
export interface FoundVenv {
  dir: string;
  source: 'active' | 'conda' | 'discovered';
  venv: Venv | null;
}

export function virtualEnvironments(cwd: string, env: NodeJS.ProcessEnv): FoundVenv[] {
  const out: FoundVenv[] = [];
  if (env.VIRTUAL_ENV) {
    const dir = resolve(cwd, env.VIRTUAL_ENV);
    out.push({ dir, source: 'active', venv: readVenv(dir) });
  }
  if (env.CONDA_PREFIX && env.CONDA_DEFAULT_ENV !== 'base') {
    const dir = resolve(cwd, env.CONDA_PREFIX);
    out.push({ dir, source: 'conda', venv: readVenv(dir) });
  }
  for (const dir of ancestors(cwd)) {
    const here = readVenv(dir);
    if (here) {
      out.push({ dir, source: 'discovered', venv: here });
      break;
    }
    const dotVenv = join(dir, '.venv');
    let st;
    try {
      st = lstatSync(dotVenv, { throwIfNoEntry: false });
    } catch {
      st = undefined;
    }
    if (st && (st.isDirectory() || st.isSymbolicLink())) {
      out.push({ dir: dotVenv, source: 'discovered', venv: readVenv(dotVenv) });
      break;
    }
  }
  return out;
}
