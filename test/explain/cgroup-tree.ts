import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProcCgroup } from '../../src/explain/cgroup.js';

// A fake /sys/fs/cgroup for UV_SHIM_CGROUP_ROOT, laid out at the path this
// process (and so the shim it spawns) is in, with the files and formats the
// kernel uses. v2 when /proc/self/cgroup has a "0::" line, else v1.
export interface FakeCgroup {
  root: string;
  version: 1 | 2;
  // The file holding the OOM counter (memory.events or memory.oom_control).
  counterFile: string;
  // The file's content with oom_kill set to n, as the kernel writes it.
  counterText(n: number): string;
}

export function makeFakeCgroup(root: string, limits: { max: number; peak: number }): FakeCgroup {
  const { v2, v1Memory } = parseProcCgroup(readFileSync('/proc/self/cgroup', 'utf8'));
  if (v2 !== null) {
    const dir = join(root, v2);
    mkdirSync(dir, { recursive: true });
    const counterText = (n: number) => `low 0\nhigh 0\nmax ${n}\noom ${n}\noom_kill ${n}\noom_group_kill 0\n`;
    writeFileSync(join(dir, 'memory.max'), `${limits.max}\n`);
    writeFileSync(join(dir, 'memory.peak'), `${limits.peak}\n`);
    writeFileSync(join(dir, 'memory.events'), counterText(0));
    return { root, version: 2, counterFile: join(dir, 'memory.events'), counterText };
  }
  const dir = join(root, 'memory', v1Memory ?? '/');
  mkdirSync(dir, { recursive: true });
  const counterText = (n: number) => `oom_kill_disable 0\nunder_oom 0\noom_kill ${n}\n`;
  writeFileSync(join(dir, 'memory.limit_in_bytes'), `${limits.max}\n`);
  writeFileSync(join(dir, 'memory.max_usage_in_bytes'), `${limits.peak}\n`);
  writeFileSync(join(dir, 'memory.oom_control'), counterText(0));
  return { root, version: 1, counterFile: join(dir, 'memory.oom_control'), counterText };
}
