import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REAL_PYTHON } from '../helpers/fake-python.js';
import { run } from '../helpers/sandbox.js';
import { TOOL_CACHE } from '../setup/real-uv.js';
import { GATE_PY, SIMULATED_MAC } from './paths.js';

// Executing a real Mach-O on Linux: the exec gate as the kernel's handler
// for Mach-O files, in a private user and mount namespace.
//
// Linux cannot run a Mach-O, but binfmt_misc lets the kernel hand any file
// whose first bytes match a magic to an interpreter of our choosing, in the
// same process (same pid, same parent, same file descriptors). Since Linux
// 6.7 ("binfmt_misc: enable sandboxed mounts", Christian Brauner) each user
// namespace can mount its own binfmt_misc instance and register handlers
// that exist only there. So a command started here (the shim, the real uv)
// and every process it starts see every exec of a Mach-O, by anyone (uv's
// Rust exec of a tool environment's bin/ruff, a console script), go to the
// gate, which decides as macOS would (test/gate/gate.py, exec_macho).
//
// Registration (Documentation/admin-guide/binfmt-misc.rst):
// `:name:M:offset:magic:mask:interpreter:flags`, the magic hex-escaped.
// - M at offset 0: the thin 64-bit Mach-O magic as stored on disk (MH_MAGIC_64
//   0xfeedfacf little-endian: cf fa ed fe) and the universal header (FAT_MAGIC
//   ca fe ba be, big-endian; Java class files share it, which does not matter
//   in a namespace that runs no Java).
// - flag P (preserve-argv0): the interpreter gets the file's full path, then
//   the original argv[0] and arguments.
// - no F: the interpreter's path is opened at exec time, in the exec'ing
//   process's mount namespace, which is this one. No O or C: the gate reads
//   the file by its path, and nothing here is setuid.
// The host's /proc/sys/fs/binfmt_misc is never touched: the mount and the
// entries live and die with the namespace of one command.

export type BinfmtSupport = { available: true } | { available: false; reason: string };

const UNSHARE = ['/usr/bin/unshare', '/bin/unshare'].find((p) => existsSync(p));
const MAGICS = { macho64: '\\xcf\\xfa\\xed\\xfe', machofat: '\\xca\\xfe\\xba\\xbe' };

// The shell that runs first inside the namespace: mounts binfmt_misc,
// registers the gate for both magics, then becomes the command ($2…).
const SETUP = [
  'set -e',
  'mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc',
  ...Object.entries(MAGICS).map(([name, magic]) => `printf '%s' ':${name}:M:0:${magic}::'"$1"':P' > /proc/sys/fs/binfmt_misc/register`),
  'shift',
  'exec "$@"',
].join('\n');

// The interpreter binfmt_misc runs: a script that runs the gate with the
// tests' Python (a handler takes no arguments of its own, and PATH inside
// a `uv run` leads to an environment's python). Written once into .cache/.
function handler(): string {
  const body = `#!/bin/sh\n# The simulated Mac's Mach-O exec handler (test/gate/binfmt.ts).\nexec '${REAL_PYTHON}' -I -S '${GATE_PY}' binfmt "$@"\n`;
  const file = join(TOOL_CACHE, `gate-binfmt-${createHash('sha256').update(body).digest('hex').slice(0, 12)}`);
  if (existsSync(file)) return file;
  mkdirSync(TOOL_CACHE, { recursive: true });
  const staging = `${file}.tmp-${process.pid}`;
  writeFileSync(staging, body);
  chmodSync(staging, 0o755);
  renameSync(staging, file);
  return file;
}

// The argv that runs `file args…` with the gate registered for Mach-O.
export function inMacExec(file: string, args: string[]): [string, string[]] {
  if (!UNSHARE) throw new Error('unshare (util-linux) is not installed');
  return [UNSHARE, ['--user', '--map-root-user', '--mount', '--', '/bin/sh', '-c', SETUP, 'binfmt-setup', handler(), file, ...args]];
}

let support: BinfmtSupport | undefined;

// Whether this machine lets a process mount binfmt_misc in a user namespace
// of its own and register a handler there, found once: kernels before 6.7,
// user namespaces switched off (kernel.unprivileged_userns_clone=0,
// AppArmor's restriction on Ubuntu 24.04) or a seccomp filter in a
// container each say no, and the tests that need it are skipped with why.
export function binfmtSupport(): BinfmtSupport {
  support ??= detect();
  return support;
}

function detect(): BinfmtSupport {
  if (!SIMULATED_MAC) return { available: false, reason: 'a real Mac executes its Mach-O files itself' };
  if (!UNSHARE) return { available: false, reason: 'unshare (util-linux) is not installed' };
  const [cmd, args] = inMacExec('/bin/cat', ['/proc/sys/fs/binfmt_misc/macho64']);
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.status === 0 && r.stdout.includes('magic cffaedfe')) return { available: true };
  const said = `${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim().split('\n').at(-1) ?? '';
  return {
    available: false,
    reason: `this kernel does not let a user namespace mount and register its own binfmt_misc (Linux 6.7+ with user namespaces allowed): ${said || `exit ${r.status}`}`,
  };
}

// Runs `file args…` (the shim, the real uv) where every exec of a Mach-O
// goes through the gate. Same result shape as run().
export function runWithMacExec(file: string, args: string[], options: Parameters<typeof run>[2] = {}) {
  const [cmd, full] = inMacExec(file, args);
  return run(cmd, full, options);
}
