import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { READ_LIMITS, readBoundedText } from '../bounded-read.js';
import type { RunContext } from '../hooks/types.js';
import { uvPythonInstallDir, uvToolDir } from '../paths.js';
import type { RepairOutcome } from '../guard/repair-outcome.js';
import type { Candidate, Verdict } from '../guard/types.js';
import { realpathOrNull } from '../common/fs.js';
import { isInside } from '../guard/installation.js';
import { commandLineTools } from './clt.js';
import { cacheNameOf } from '../uv/cache-archives.js';
import { modelOf } from '../uv/model.js';
import { checkNativeFiles, environmentTargets, installationTargets, isRefused, type NativeTarget, type NativeVerdict } from './native-check.js';

// What checking an environment's native files came to.
export interface NativeGuardResult {
  verdicts: NativeVerdict[];
  repairs: RepairOutcome[];
  // Set when files needed re-signing and codesign cannot run here.
  missingTools: string | null;
}

// True when uv made this environment (its pyvenv.cfg has a `uv = <version>`
// line, or it is one of uv's tool environments): then it is an allowed tree
// for repairs, like uv's Python dir.
export function madeByUv(environment: string, env: NodeJS.ProcessEnv): boolean {
  const real = realpathOrNull(environment);
  const tools = realpathOrNull(uvToolDir(env));
  if (real && tools && isInside(real, tools)) return true;
  // A pyvenv.cfg may be a FIFO or /dev/zero: read bounded, regular files only.
  return /^\s*uv\s*=/m.test(readBoundedText(join(environment, 'pyvenv.cfg'), READ_LIMITS.pyvenvCfg, { follow: true }) ?? '');
}

// The installation root of the interpreter an environment runs: its
// bin/python followed to the real file (…/bin/python3.X → …), or null.
export function baseInstallation(environment: string): string | null {
  try {
    const bin = dirname(realpathSync(join(environment, 'bin', 'python')));
    return basename(bin) === 'bin' ? dirname(bin) : null;
  } catch {
    return null;
  }
}

// Checks the native files of an environment the command wrote (and of the
// interpreter it was made from), then repairs per policy those macOS will
// kill: the guard's repair (containment, lock, log), with the environment
// as an allowed tree when uv made it. Runs after the environment is written
// and after a kill, never on the warm path.
export async function guardNativeFiles(
  ctx: RunContext,
  environment: string | null,
  targets: NativeTarget[],
  options: { useCache: boolean; withInstallation?: boolean },
): Promise<NativeGuardResult> {
  const installation = environment && options.withInstallation !== false ? baseInstallation(environment) : null;
  const all = [...targets, ...(installation ? installationTargets(installation) : [])];
  const opts = { env: ctx.env, platform: ctx.platform, config: ctx.config, log: ctx.log, useCache: options.useCache };
  const verdicts = await checkNativeFiles(all, opts);
  const refused = verdicts.filter((v) => isRefused(v.state));
  const result: NativeGuardResult = { verdicts, repairs: [], missingTools: null };
  if (refused.length === 0) return result;
  for (const v of refused) ctx.log.debug(`native: ${v.file}: ${v.state} (${v.reason})`);
  if (ctx.config.repair === 'off') {
    ctx.log.warn(`${refused.length} native file(s) macOS will kill, e.g. ${refused[0]!.file}: ${refused[0]!.reason}. Repairs are off; run \`uv-shim repair ${refused[0]!.file}\`.`);
    return result;
  }
  const tools = await commandLineTools(ctx.env);
  if (!tools.present) {
    result.missingTools = tools.hint;
    ctx.log.warn(`${refused.length} native file(s) macOS will kill, e.g. ${refused[0]!.file}: ${refused[0]!.reason}; ${tools.hint}, then run the command again.`);
    return result;
  }
  result.repairs = await repairNativeFiles(ctx, environment, refused);
  // A repaired file is a new file version (often a new inode): judged and
  // stored now, while it is being worked on, so the next run's look is a
  // stat and a lookup.
  const repaired = new Set(result.repairs.filter((r) => r.status === 'repaired').map((r) => r.file));
  const again = refused.filter((v) => repaired.has(v.file)).map((v) => ({ path: v.file, role: v.role }));
  if (again.length > 0) await checkNativeFiles(again, { ...opts, useCache: false });
  return result;
}

// Repairs these refused files per policy, through the guard's repair, with
// `environment` as an allowed tree when uv made it.
export async function repairNativeFiles(ctx: RunContext, environment: string | null, refused: NativeVerdict[]): Promise<RepairOutcome[]> {
  const opts = { env: ctx.env, platform: ctx.platform, config: ctx.config, log: ctx.log, useCache: true };
  const repairs: RepairOutcome[] = [];
  const { repairCandidate } = await import('../guard/repair.js');
  const { skippedOutcome } = await import('../guard/repair-outcome.js');
  const { inspectFile } = await import('../darwin/inspect.js');
  const extra = environment && madeByUv(environment, ctx.env) ? [environment] : [];
  const config = { ...ctx.config, repairAllow: [...ctx.config.repairAllow, ...extra] };
  const managedRoot = realpathOrNull(uvPythonInstallDir(ctx.env));
  const uvCache = (await modelOf({ command: ctx.command, cwd: ctx.cwd, env: ctx.env })).uvCache;
  for (const v of refused) {
    // A file hard-linked from uv's cache is uv's, wherever the environment
    // came from: allowed, this name only. The repair breaks the link (a
    // signed copy on a new inode, as codesign itself does), so the cache's
    // bytes stay what the wheel holds (RECORD hashes) and uv's other
    // environments are not changed behind its back.
    const fromCache = extra.length === 0 ? cacheNameOf(v.file, uvCache) : null;
    if (fromCache) ctx.log.debug(`native: ${v.file} is a hard link of ${fromCache} in uv's cache`);
    const allowed = fromCache ? { ...config, repairAllow: [...config.repairAllow, v.file] } : config;
    // 'library': the guard's check must not start it as an interpreter probe.
    const candidate: Candidate = {
      file: v.file, via: v.file, kind: 'library', source: 'project-venv', installation: environment ?? dirname(v.file),
      managed: managedRoot !== null && isInside(v.file, managedRoot),
    };
    // The file as this check found it (a quarantined executable is killed,
    // whatever the guard's judge makes of it), with the report it was
    // judged from: the guard's repair compares its own look under its lock
    // with its own judgement of that report.
    const report = v.report ?? (await inspectFile(v.file, { env: ctx.env }));
    const verdict: Verdict = { file: v.file, state: v.state, reason: v.reason, cached: false, report };
    // guard = false: what is found is still said (after a kill, as
    // evidence), but nothing is changed, as for an interpreter.
    if (!ctx.config.guard) repairs.push(skippedOutcome(candidate, verdict, { kind: 'guard-off' }));
    else repairs.push(await repairCandidate(candidate, verdict, { ...opts, config: allowed, interactive: false }));
  }
  return repairs;
}

// After `uv python install`/`upgrade`: the installations it may have
// created (their lib/ and lib-dynload Mach-O files; the executables are the
// interpreter guard's, with its probe), checked and repaired per policy
// before anything runs them. Unchanged files are answered by fingerprint.
export async function guardInstallations(ctx: RunContext, installations: string[]): Promise<NativeGuardResult> {
  const targets = [...new Set(installations)].flatMap((i) => installationTargets(i));
  return await guardNativeFiles(ctx, null, targets, { useCache: true });
}

// The environment a file lies in: the nearest directory above it with a
// pyvenv.cfg, or null.
export function environmentOfFile(file: string): string | null {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'pyvenv.cfg'))) return dir;
  }
  return null;
}

// What a re-check of a command's native files found after a kill.
export interface RecheckResult {
  // Files macOS refuses as they are now, with their verdicts (reports read
  // before any repair).
  refused: NativeVerdict[];
  repairs: RepairOutcome[];
  missingTools: string | null;
}

// After a kill macOS wrote no report for: every native file the command
// may run or map (its environments' and its interpreters' installations'),
// checked again by fingerprint, so that a file changed since its last
// check is read and judged; an unchanged one is answered from the store
// (cheap: one stat each). What macOS refuses now is repaired per policy.
export async function recheckCommand(ctx: RunContext, environments: string[], installations: string[]): Promise<RecheckResult> {
  const targets = [
    ...environments.flatMap((e) => environmentTargets(e)),
    ...[...new Set([...installations, ...environments.flatMap((e) => baseInstallation(e) ?? [])])].flatMap((i) => installationTargets(i)),
  ];
  const unique = [...new Map(targets.map((t) => [t.path, t])).values()];
  const opts = { env: ctx.env, platform: ctx.platform, config: ctx.config, log: ctx.log, useCache: true };
  const refused = (await checkNativeFiles(unique, opts)).filter((v) => isRefused(v.state));
  // Each as it is before anything repairs it (a stored verdict has no report).
  const { inspectFile } = await import('../darwin/inspect.js');
  for (const v of refused) v.report ??= await inspectFile(v.file, { env: ctx.env });
  const result: RecheckResult = { refused, repairs: [], missingTools: null };
  if (refused.length === 0) return result;
  const tools = ctx.config.repair === 'off' ? null : await commandLineTools(ctx.env);
  if (tools && !tools.present) {
    result.missingTools = tools.hint;
    return result;
  }
  for (const v of refused) result.repairs.push(...(await repairNativeFiles(ctx, environmentOfFile(v.file), [v])));
  return result;
}
