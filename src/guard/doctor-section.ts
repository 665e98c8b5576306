import { READ_LIMITS, readBoundedText } from '../bounded-read.js';
import type { DoctorContext } from '../commands/doctor-sections.js';
import { WARNING } from '../commands/doctor-sections.js';
import { loadConfig } from '../config/load.js';
import { shimCacheDir, uvPythonInstallDir } from '../paths.js';
import { currentPlatform } from '../platform.js';
import type { RepairStatus } from './repair-outcome.js';
import { repairsLogPath } from './repairs-log.js';

// What doctor shows of a repairs.log line.
type RepairLogEntry = { time: string; file: string; status?: RepairStatus };
import { readVerdicts, verdictCachePath } from './verdict-cache.js';

const SHOWN = 5;

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
// refused (warnings), and its last repairs (uv issue 16726).
export async function lines(ctx: DoctorContext): Promise<string[]> {
  const platform = currentPlatform(ctx.env);
  const { config } = await loadConfig(ctx.cwd, ctx.env);
  const cacheDir = shimCacheDir(ctx.env, platform);
  const out = [
    `guard: ${config.guard ? 'on' : 'off (guard = false / UV_SHIM_GUARD=0)'}; repair: ${config.repair}${platform === 'darwin' ? '' : ' (nothing to repair off macOS)'}`,
    `repairs allowed in: ${[uvPythonInstallDir(ctx.env), ...config.repairAllow].join(', ')}`,
  ];
  const verdicts = Object.entries(readVerdicts(verdictCachePath(ctx.env, platform)));
  out.push(`verdict cache: ${verdicts.length} file(s) in ${verdictCachePath(ctx.env, platform)}`);
  for (const [file, v] of verdicts) {
    if (v.state === 'killed' || v.state === 'bad-signature' || v.state === 'blocked') out.push(`${WARNING}${file}: ${v.state}: ${v.reason}`);
  }
  const repairs = recentRepairs(cacheDir);
  if (repairs.length === 0) out.push(`no repairs yet (${repairsLogPath(cacheDir)})`);
  else out.push(`last repairs (${repairsLogPath(cacheDir)}):`);
  for (const r of repairs) out.push(`  ${r.time} ${r.file}: ${r.status ?? 'unknown'}`);
  out.push(await here(ctx));
  return out;
}

// What `uv run` would use in this directory, from the one uv model.
async function here(ctx: DoctorContext): Promise<string> {
  const { modelCommand } = await import('../uv/model.js');
  const { parseUvCommand } = await import('../uv/command.js');
  const m = await modelCommand({ command: parseUvCommand('uv', ['run', 'python']), cwd: ctx.cwd, env: ctx.env });
  const p = m.project;
  const project = p ? `project ${p.root}${p.workspaceRoot === p.root ? '' : ` (workspace ${p.workspaceRoot})`}` : 'no project';
  const e = m.environments[0];
  const environment = e ? `, environment ${e.path}${e.exists ? '' : ' (not created yet)'}` : '';
  const starts = m.interpreters.map((i) => i.path).join(', ') || 'no interpreter found';
  return `here, uv run: ${project}${environment}; starts ${starts}`;
}
