import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { ShimConfig } from '../config/types.js';
import type { Logger } from '../log.js';
import { shimCacheDir } from '../paths.js';
import type { Platform } from '../platform.js';
import { fingerprintOf, sameFingerprint } from '../common/fingerprint.js';
import type { FileReport } from '../darwin/types.js';
import type { VerdictState } from '../guard/types.js';
import { readVerdicts, writeVerdicts, type VerdictEntries } from '../guard/verdict-cache.js';
import { findNativeFiles, isNativeFile } from '../first-run/native-files.js';
import { macArch } from './arch.js';
import { judgeNative, type NativeRole } from './judge-native.js';

// One native file a command can run or map.
export interface NativeTarget {
  path: string;
  role: NativeRole;
}

// What the check found for one file.
export interface NativeVerdict {
  file: string;
  role: NativeRole;
  state: VerdictState;
  reason: string;
  // Served from the verdict store: the very same file version was checked before.
  cached: boolean;
  report?: FileReport;
}

export interface NativeCheckOptions {
  env: NodeJS.ProcessEnv;
  platform: Platform;
  config: ShimConfig;
  log: Logger;
  // false: check every file again (after a kill: a cached "ok" was wrong).
  useCache: boolean;
}

// Every Mach-O of an environment: extensions, a wheel's .dylibs/ and *.libs/
// in site-packages, and the Mach-O executables in bin/ (what `uvx ruff` or a
// console script runs). Links are never followed: bin/python is a link to
// the interpreter, which the guard checks.
export function environmentTargets(environment: string): NativeTarget[] {
  const bin = join(environment, 'bin') + sep;
  return findNativeFiles(environment, true).map((f) => ({ path: f.path, role: f.path.startsWith(bin) ? 'executable' : 'library' }));
}

// Every Mach-O an interpreter installation maps besides its executable:
// the files directly in lib/ (libpython, Tcl/Tk's dylibs) and the
// extensions in lib/python3.X/lib-dynload (python-build-standalone links
// libpython into the executable since its PR 1105; these stay separate
// files). Not the rest of lib/: site-packages is an environment's, and the
// stdlib is Python source. Nothing under a system or package-manager tree
// (the system Python's /usr is not uv's to check or repair).
export function installationTargets(installation: string): NativeTarget[] {
  if (SYSTEM_TREES.some((t) => installation === t || installation.startsWith(`${t}/`))) return [];
  const lib = join(installation, 'lib');
  const dirs = [lib];
  try {
    for (const name of readdirSync(lib)) if (/^python\d+\.\d+t?$/.test(name)) dirs.push(join(lib, name, 'lib-dynload'));
  } catch {
    return [];
  }
  return dirs.flatMap((dir) => machOFilesIn(dir)).map((path) => ({ path, role: 'library' }));
}

// The Mach-O executables directly in an environment's bin/ (what `uvx
// NAME` or a console script execs); links are not followed (bin/python).
export function binTargets(environment: string): NativeTarget[] {
  return machOFilesIn(join(environment, 'bin')).map((path) => ({ path, role: 'executable' }));
}

const SYSTEM_TREES = ['/usr', '/System', '/Library', '/bin', '/sbin', '/opt/homebrew', '/nix'];

// The regular Mach-O files directly in `dir` (no descent, links not followed).
function machOFilesIn(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile() && isNativeFile(join(dir, e.name), true)).map((e) => join(dir, e.name));
}

// Where the verdicts on native files are kept: apart from the interpreter
// guard's, so that hundreds of libraries never slow its warm-path read.
export function nativeVerdictPath(env: NodeJS.ProcessEnv, platform: Platform): string {
  return join(shimCacheDir(env, platform), 'native-verdicts.json');
}

// Checks each file the way macOS will: its quarantine and provenance, and
// the slice this Mac runs, every page re-hashed. A file whose fingerprint
// (device, inode, size, mtime, ctime) matches a stored verdict is not read
// again; new verdicts are stored in one write. Never throws.
export async function checkNativeFiles(targets: NativeTarget[], opts: NativeCheckOptions): Promise<NativeVerdict[]> {
  if (targets.length === 0) return [];
  const store = nativeVerdictPath(opts.env, opts.platform);
  const known = readVerdicts(store);
  const arch = macArch(opts.env);
  // The macOS reader loads only when a file must be read: an all-known
  // list (a warm `uvx`) stats and looks up, nothing more.
  let reader: typeof import('../darwin/inspect.js') | undefined;
  const out: NativeVerdict[] = [];
  const updates: VerdictEntries = {};
  for (const { path, role } of targets) {
    const fp = fingerprintOf(path);
    if (!fp) continue;
    const previous = known[path];
    if (opts.useCache && previous && sameFingerprint(previous.fp, fp)) {
      out.push({ file: path, role, state: previous.state, reason: previous.reason, cached: true });
      continue;
    }
    reader ??= await import('../darwin/inspect.js');
    const report = await reader.inspectFile(path, { env: opts.env });
    const { state, reason } = judgeNative(report, role, arch);
    out.push({ file: path, role, state, reason, cached: false, report });
    // A file that changed while it was read has no single verdict.
    const after = fingerprintOf(path);
    if (state !== 'unreadable' && after && sameFingerprint(after, fp)) updates[path] = { fp, state, reason, at: Date.now() };
  }
  if (Object.keys(updates).length > 0) {
    await writeVerdicts(store, updates).catch((error: unknown) => opts.log.debug(`native verdicts not written (${String(error)})`));
  }
  return out;
}

// States that get a process killed now: a page that does not match, unsigned
// arm64 code, an executable Gatekeeper refuses.
export function isRefused(state: VerdictState): boolean {
  return state === 'bad-signature' || state === 'killed';
}
