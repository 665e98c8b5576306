import { existsSync } from 'node:fs';
import { READ_LIMITS, readBoundedText } from '../../bounded-read.js';
import type { RepairStatus } from '../../guard/repair-outcome.js';
import { repairsLogPath } from '../../guard/repairs-log.js';
import { readVerdicts, verdictCachePath } from '../../guard/verdict-cache.js';
import { shimCacheDir, uvPythonInstallDir } from '../../paths.js';
import { info, item, warning, type DoctorContext, type Finding } from './finding.js';

const SHOWN = 5;

// What doctor shows of a repairs.log line.
type RepairLogEntry = { time: string; file: string; status?: RepairStatus };

function recentRepairs(cacheDir: string): RepairLogEntry[] {
  // The log grows forever: only its tail is read.
  const text = readBoundedText(repairsLogPath(cacheDir), READ_LIMITS.repairsLogTail, { tail: true });
  if (text === null) return [];
  const entries: RepairLogEntry[] = [];
  for (const line of text.split('\n')) {
    try {
      if (line.trim()) entries.push(JSON.parse(line) as RepairLogEntry);
    } catch {
      // A torn or hand-edited line is skipped, not fatal.
    }
  }
  return entries.slice(-SHOWN).reverse();
}

// The guard's settings, where it remembers verdicts, the files it last found
// refused (warnings; an interpreter that no longer exists is not one), and
// its last repairs (uv issue 16726).
export async function findings(ctx: DoctorContext): Promise<Finding[]> {
  const { config } = ctx.loaded;
  const cacheDir = shimCacheDir(ctx.env, ctx.platform);
  const allowed = [uvPythonInstallDir(ctx.env), ...config.repairAllow];
  const out = [
    info(
      `guard: ${config.guard ? 'on' : 'off (guard = false / UV_SHIM_GUARD=0)'}; repair: ${config.repair}${ctx.platform === 'darwin' ? '' : ' (nothing to repair off macOS)'}`,
      { guard: config.guard, repair: config.repair, platform: ctx.platform },
    ),
    info(`repairs allowed in: ${allowed.join(', ')}`, { repairsAllowedIn: allowed }),
  ];
  const cachePath = verdictCachePath(ctx.env, ctx.platform);
  const verdicts = Object.entries(readVerdicts(cachePath));
  const gone = verdicts.filter(([file]) => !existsSync(file)).length;
  out.push(
    info(`verdict cache: ${verdicts.length} file(s) in ${cachePath}${gone ? `, ${gone} of them gone` : ''}`, {
      verdictCache: cachePath,
      files: verdicts.length,
      gone,
    }),
  );
  for (const [file, v] of verdicts) {
    if (v.state !== 'killed' && v.state !== 'bad-signature' && v.state !== 'blocked') continue;
    if (!existsSync(file)) continue;
    out.push(warning(`${file}: ${v.state}: ${v.reason}`, { file, state: v.state, reason: v.reason }));
  }
  const log = repairsLogPath(cacheDir);
  const repairs = recentRepairs(cacheDir);
  out.push(repairs.length === 0 ? info(`no repairs yet (${log})`, { repairsLog: log, repairs: 0 }) : info(`last repairs (${log}):`, { repairsLog: log }));
  for (const r of repairs) {
    const status = r.status ?? 'unknown';
    out.push(item(`${r.time} ${r.file}: ${status}`, { time: r.time, file: r.file, status }));
  }
  out.push(await here(ctx));
  return out;
}

// What `uv run` would use in this directory, from the one uv model.
async function here(ctx: DoctorContext): Promise<Finding> {
  const { modelCommand } = await import('../../uv/model.js');
  const { parseUvCommand } = await import('../../uv/command.js');
  const m = await modelCommand({ command: parseUvCommand('uv', ['run', 'python']), cwd: ctx.cwd, env: ctx.env });
  const p = m.project;
  const project = p ? `project ${p.root}${p.workspaceRoot === p.root ? '' : ` (workspace ${p.workspaceRoot})`}` : 'no project';
  const e = m.environments[0];
  const environment = e ? `, environment ${e.path}${e.exists ? '' : ' (not created yet)'}` : '';
  const starts = m.interpreters.map((i) => i.path);
  return info(`here, uv run: ${project}${environment}; starts ${starts.join(', ') || 'no interpreter found'}`, {
    project: p ? { root: p.root, workspaceRoot: p.workspaceRoot } : null,
    environment: e ? { path: e.path, exists: e.exists } : null,
    interpreters: starts,
  });
}
