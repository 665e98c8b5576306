import type { ShimConfig } from '../config/types.js';
import type { Logger } from '../log.js';
import type { Platform } from '../platform.js';
import { StateFileError } from '../state-file.js';
import { fingerprintOf, sameFingerprint } from '../common/fingerprint.js';
import { judge } from './judge.js';
import type { Candidate, Verdict } from './types.js';
import { readVerdicts, verdictCachePath, writeVerdicts } from './verdict-cache.js';

// What a check needs from the run: the child's env, the rules in force, config and log.
export interface CheckOptions {
  env: NodeJS.ProcessEnv;
  platform: Platform;
  config: ShimConfig;
  log: Logger;
  // false: ignore the cache (a post-mortem after uv died, `uv-shim repair`).
  useCache: boolean;
}

// The guard's decision for one file. Warm: one stat and a cache lookup, no
// file content read, nothing spawned. Cold: on macOS the xattrs and the code
// signature, then (executables) a probe; on Linux the probe only.
export async function checkCandidate(candidate: Candidate, opts: CheckOptions): Promise<Verdict> {
  const fp = fingerprintOf(candidate.file);
  if (!fp) return { file: candidate.file, state: 'unreadable', reason: 'it is missing or cannot be read', cached: false };
  const cachePath = verdictCachePath(opts.env, opts.platform);
  const previous = readVerdicts(cachePath)[candidate.file];
  const sameFile = previous !== undefined && sameFingerprint(previous.fp, fp);
  if (opts.useCache && sameFile) {
    return { file: candidate.file, state: previous.state, reason: previous.reason, cached: true };
  }

  const verdict = await freshVerdict(candidate, opts);
  // A timed-out probe proves nothing either way, and a file that changed
  // while it was checked (another shim repairing it) has no single verdict:
  // ask again next time. An unreadable or malformed file is remembered like
  // any other: reading 100 MB of it again on every run would change nothing
  // until the file changes (and then its fingerprint does).
  const after = fingerprintOf(candidate.file);
  if (!verdict.probe?.timedOut && after && sameFingerprint(after, fp)) {
    const entry = { fp, state: verdict.state, reason: verdict.reason, at: Date.now(), ...(sameFile && previous.noRepair ? { noRepair: true } : {}) };
    await writeVerdicts(cachePath, { [candidate.file]: entry }).catch((error: unknown) => noteCacheProblem(error, opts));
  }
  return verdict;
}

// The cold path: its modules (probe, macOS reader) load only when needed.
async function freshVerdict(candidate: Candidate, opts: CheckOptions): Promise<Verdict> {
  let report;
  if (opts.platform === 'darwin') {
    const { inspectFile } = await import('../darwin/inspect.js');
    report = await inspectFile(candidate.file, { env: opts.env });
  }
  let probe;
  if (candidate.kind === 'executable') {
    const { probeInterpreter } = await import('./probe.js');
    probe = await probeInterpreter(candidate.file, opts.env);
  }
  const { state, reason } = judge(report, probe);
  opts.log.debug(`checked ${candidate.file}: ${state} (${reason})`);
  return { file: candidate.file, state, reason, cached: false, report, probe };
}

// Whether a repair of this exact file version already failed.
export function repairAlreadyFailed(file: string, env: NodeJS.ProcessEnv, platform: Platform): boolean {
  const fp = fingerprintOf(file);
  const entry = readVerdicts(verdictCachePath(env, platform))[file];
  return fp !== null && entry !== undefined && sameFingerprint(entry.fp, fp) && entry.noRepair === true;
}

let toldCacheProblem = false;

// A cache dir that cannot be used (another user's, writable by others, a
// file or /dev/null in its place, read-only) is said once per run; the
// guard goes on without remembering, and repairs still run.
export function noteCacheProblem(error: unknown, opts: Pick<CheckOptions, 'log'>): void {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof StateFileError && !toldCacheProblem) {
    toldCacheProblem = true;
    opts.log.warn(`not using the cache dir: ${message}; verdicts are not remembered (set UV_SHIM_CACHE_DIR to a directory of yours).`);
  } else {
    opts.log.debug(`verdict cache not written (${message})`);
  }
}
