import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Where the exec gate lives and keeps its memory.
export const GATE_DIR = resolve(import.meta.dirname);
export const GATE_PY = join(GATE_DIR, 'gate.py');

// CS_ADHOC | CS_LINKER_SIGNED: how linkers sign (python-build-standalone's
// interpreters and every arm64 wheel's .so files).
export const LINKER_SIGNED_ADHOC = 0x20002;

export function gateStateDir(home: string): string {
  return join(home, '.macos-gate');
}

export function crashReportsDir(home: string): string {
  return join(home, 'Library', 'Logs', 'DiagnosticReports');
}

export interface CrashReport {
  file: string;
  header: Record<string, unknown>;
  body: { procName: string; procPath: string; pid: number; parentProc: string; exception: Record<string, unknown>; termination: Record<string, unknown> };
}

// The .ips files the gate wrote under `home`, oldest first: a JSON header
// line, then the JSON body.
export function readCrashReports(home: string): CrashReport[] {
  const dir = crashReportsDir(home);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ips'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const nl = text.indexOf('\n');
      return { file: f, header: JSON.parse(text.slice(0, nl)), body: JSON.parse(text.slice(nl + 1)) };
    });
}

export interface GateSwitches {
  // A removed com.apple.provenance comes back when the file is next run or mapped.
  provenanceReturns?: boolean;
  // As provenanceReturns, and the xattr double's removal fails with EPERM (SIP);
  // run the command with runProtected (protect.ts) so the kernel refuses
  // every other process's removexattr(2) too, the shim's own included.
  provenanceProtected?: boolean;
  // The Mac being simulated: Apple Silicon (default) or Intel.
  arch?: 'arm64' | 'x86_64';
}

// Turns the simulated Mac's switches on or off for everything run with this HOME.
export function setGateSwitches(home: string, switches: GateSwitches): void {
  mkdirSync(gateStateDir(home), { recursive: true });
  writeFileSync(join(gateStateDir(home), 'switches.json'), JSON.stringify(switches));
}

// Whether macOS is simulated (Linux, the gate and the doubles) or real. On
// a Mac the real kernel and Apple's tools replace them: the tests built on
// the Linux stand-in interpreter and `user.` xattrs are skipped there, and
// test/gate/real-mac.test.ts and test/darwin/real-apple.test.ts run instead.
export const SIMULATED_MAC = process.platform !== 'darwin';
