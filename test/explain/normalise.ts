import { readFileSync } from 'node:fs';
import { parseProcCgroup } from '../../src/explain/cgroup.js';

// Makes stderr comparable across machines: the sandbox's temp dir, the
// cgroup this test runs in, and whatever else the caller names.
export function normalise(stderr: string, replacements: Record<string, string> = {}): string {
  let text = stderr;
  for (const [from, to] of Object.entries(replacements)) text = text.split(from).join(to);
  const { v2, v1Memory } = parseProcCgroup(readFileSync('/proc/self/cgroup', 'utf8'));
  for (const path of [v1Memory, v2]) {
    if (path && path !== '/') text = text.split(`cgroup ${path}`).join('cgroup <cgroup>');
  }
  return text.trimEnd();
}
