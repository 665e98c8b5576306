import { readFileSync } from 'node:fs';
import { parseProcCgroup } from '../../src/explain/cgroup.js';
import { REAL_PYTHON_MINOR, REAL_PYTHON_VERSION } from '../helpers/fake-python.js';

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

// The tests' Python named by placeholders: its version names the fake
// installation (cpython-<version>-linux-<arch>-gnu) and its executable.
export function pythonPlaceholders(text: string): string {
  return text
    .replace(/cpython-[^/]+-linux-[^/]+-gnu/g, 'cpython-<X.Y.Z>-<platform>')
    .split(`python${REAL_PYTHON_MINOR}`).join('python<X.Y>')
    .split(REAL_PYTHON_VERSION).join('<X.Y.Z>');
}

// The explanation alone: from its first line ("uv-shim: uv exited …" or
// "uv-shim: uv was killed …") to the end. uv's error and the guard's own
// line before it are asserted separately, in their owners' words.
export function explanationOf(stderr: string): string {
  const lines = stderr.split('\n');
  const first = lines.findIndex((l) => /^uv-shim: uv (exited|was killed)/.test(l));
  return first === -1 ? '' : lines.slice(first).join('\n');
}
