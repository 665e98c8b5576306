import { readFileSync } from 'node:fs';

// One line of /proc/PID/stat (Linux only), by field number as proc(5)
// numbers them: 1 pid, 2 comm, 3 state, 4 ppid, 5 pgrp, 6 session,
// 7 tty_nr, 8 tpgid, … 16 cutime, 17 cstime. comm may hold spaces and
// parentheses, so the line is split after the last ')'; the numeric fields
// (every one but comm) are returned. Throws when the file cannot be read
// (no /proc, the process is gone).
export function readProcStat(pid: number | 'self' = 'self'): (field: number) => number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const close = stat.lastIndexOf(')');
  const rest = stat.slice(close + 2).split(' ');
  // rest[0] is field 3.
  return (field) => (field === 1 ? Number(stat.slice(0, stat.indexOf(' '))) : field === 2 ? NaN : Number(rest[field - 3]));
}
