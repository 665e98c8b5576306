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

// The explanation alone: from its first line ("uv-shim: uv exited …" or
// "uv-shim: uv was killed …") to the end. uv's error and the guard's own
// line before it are asserted separately, in their owners' words.
export function explanationOf(stderr: string): string {
  const lines = stderr.split('\n');
  const first = lines.findIndex((l) => /^uv-shim: uv (exited|was killed)/.test(l));
  return first === -1 ? '' : lines.slice(first).join('\n');
}
