import { readProcStat } from '../common/proc-stat.js';

// Is this process in the foreground process group of its controlling
// terminal? When it is, a SIGINT is almost certainly the terminal's Ctrl-C,
// which the kernel delivers to the whole foreground group: uv (and the Python
// under it) got their own copy at the same moment.
export function inForegroundOfTerminal(pid: number = process.pid): boolean {
  if (process.platform === 'linux') {
    try {
      const field = readProcStat(pid);
      const pgrp = field(5);
      const ttyNr = field(7);
      const tpgid = field(8);
      return ttyNr !== 0 && tpgid > 0 && tpgid === pgrp;
    } catch {
      return false;
    }
  }
  // No /proc on macOS: ask ps for the same two numbers. This runs only when a
  // SIGINT arrives, never on the everyday path.
  const { spawnSync } = process.getBuiltinModule('node:child_process');
  const out = spawnSync('ps', ['-o', 'tpgid=', '-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
  const [tpgid, pgid] = (out.stdout ?? '').trim().split(/\s+/).map(Number);
  return out.status === 0 && tpgid !== undefined && tpgid > 0 && tpgid === pgid;
}
