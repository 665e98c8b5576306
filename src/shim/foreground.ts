import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

// Is this process in the foreground process group of its controlling
// terminal? When it is, a SIGINT is almost certainly the terminal's Ctrl-C,
// which the kernel delivers to the whole foreground group: uv (and the Python
// under it) got their own copy at the same moment.
export function inForegroundOfTerminal(pid: number = process.pid): boolean {
  if (process.platform === 'linux') {
    try {
      // /proc/PID/stat: "pid (comm) state ppid pgrp session tty_nr tpgid …".
      // comm may contain spaces and parentheses, so split after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pgrp = Number(fields[2]);
      const ttyNr = Number(fields[4]);
      const tpgid = Number(fields[5]);
      return ttyNr !== 0 && tpgid > 0 && tpgid === pgrp;
    } catch {
      return false;
    }
  }
  // No /proc on macOS: ask ps for the same two numbers. This runs only when a
  // SIGINT arrives, never on the everyday path.
  const out = spawnSync('ps', ['-o', 'tpgid=', '-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
  const [tpgid, pgid] = (out.stdout ?? '').trim().split(/\s+/).map(Number);
  return out.status === 0 && tpgid !== undefined && tpgid > 0 && tpgid === pgid;
}
