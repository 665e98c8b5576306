import { execFileSync } from 'node:child_process';
import { readProcStat } from '../common/proc-stat.js';

export interface CpuTimes {
  userMs: number;
  sysMs: number;
}

export type CpuMethod = 'proc' | 'perl';

// How the children's CPU time is read on this kernel: /proc on Linux; the
// perl wrapper elsewhere (macOS), where Node has no way to ask for it
// (`uv-shim time` only: commands/time/children-cpu-perl.ts).
export function cpuMethodFor(platform: NodeJS.Platform = process.platform): CpuMethod {
  return platform === 'linux' ? 'proc' : 'perl';
}

let ticksPerSecond: number | undefined;

// USER_HZ, the unit of /proc's times: 100 on every Linux architecture in use,
// asked of getconf once to be sure.
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

// Linux only: the CPU time of this process's waited-for children and all
// their waited-for descendants (fields cutime and cstime of /proc/self/stat,
// which the kernel adds to when a child is reaped). Node reaps its children
// itself, so the difference across one child's run is that child's whole
// tree. Descendants left running or never waited for are not in it, exactly
// as with getrusage(RUSAGE_CHILDREN) and time(1).
export function childrenCpuFromProc(): CpuTimes {
  // getconf is itself a child: ask before reading, so its CPU time lands
  // before the first reading, never between two.
  clockTicks();
  const field = readProcStat('self');
  const toMs = (ticks: number) => (ticks * 1000) / clockTicks();
  return { userMs: toMs(field(16)), sysMs: toMs(field(17)) };
}

export function cpuSince(before: CpuTimes, after: CpuTimes): CpuTimes {
  return { userMs: after.userMs - before.userMs, sysMs: after.sysMs - before.sysMs };
}
