import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REAL_PYTHON } from '../helpers/fake-python.js';
import { run } from '../helpers/sandbox.js';
import { GATE_DIR, SIMULATED_MAC } from './paths.js';

// Runs a command (the shim, a tool) whose every process has its removal of
// an extended attribute refused by the kernel (EPERM), as macOS refuses the
// removal of a protected com.apple.provenance: see test/gate/protect.py.
// Pair it with the gate's `provenanceProtected` switch.
export const PROTECT_PY = join(GATE_DIR, 'protect.py');

export function runProtected(file: string, args: string[], options: Parameters<typeof run>[2] = {}) {
  return run(REAL_PYTHON, ['-I', '-S', PROTECT_PY, file, ...args], options);
}

let support: { available: true } | { available: false; reason: string } | undefined;

// Whether this kernel lets an unprivileged process install a seccomp
// filter (a container's own seccomp profile may forbid it), found once.
export function protectionSupport(): { available: true } | { available: false; reason: string } {
  support ??= detect();
  return support;
}

function detect(): { available: true } | { available: false; reason: string } {
  if (!SIMULATED_MAC) return { available: false, reason: 'a real Mac protects its attributes itself' };
  const r = spawnSync(REAL_PYTHON, ['-I', '-S', PROTECT_PY, '/bin/true'], { encoding: 'utf8', timeout: 30_000 });
  if (r.status === 0) return { available: true };
  return { available: false, reason: (r.stderr || `exit ${r.status}`).trim() };
}
