import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REAL_PYTHON_MINOR } from '../helpers/fake-python.js';
import { makeSandbox, REPO_ROOT, type Sandbox } from '../helpers/sandbox.js';

export const DOUBLES_DIR = join(REPO_ROOT, 'test', 'doubles');

export interface GuardSandbox extends Sandbox {
  // A temporary UV_PYTHON_INSTALL_DIR.
  pythons: string;
  // One line per codesign/spctl call made through the sandbox's env.
  toolLog: string;
  // The shim's cache dir (verdicts.json, repairs.log, locks/).
  shimCache: string;
}

// Puts a logging wrapper in front of an Apple tool double, so tests count
// real invocations instead of trusting the shim's own account.
function loggingWrapper(dir: string, tool: string, log: string): string {
  const file = join(dir, tool);
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  // UV_SHIM_TEST_TOOL_DELAY (seconds) holds each call, to widen races.
  const body = `echo "${tool} $*" >> ${q(log)}\nsleep "\${UV_SHIM_TEST_TOOL_DELAY:-0}"\nexec ${q(join(DOUBLES_DIR, tool))} "$@"\n`;
  writeFileSync(file, `#!/bin/sh\n${body}`);
  chmodSync(file, 0o755);
  return file;
}

// A sandbox where macOS rules apply (UV_SHIM_PLATFORM=darwin), Apple's
// tools are the doubles behind logging wrappers, and uv's managed Pythons
// live in a temporary directory.
export function makeGuardSandbox(): GuardSandbox {
  const sb = makeSandbox();
  const pythons = join(sb.root, 'pythons');
  const wrappers = join(sb.root, 'apple-tools');
  mkdirSync(pythons, { recursive: true });
  mkdirSync(wrappers, { recursive: true });
  const toolLog = join(sb.root, 'apple-tools.log');
  sb.env.UV_SHIM_PLATFORM = 'darwin';
  sb.env.UV_PYTHON_INSTALL_DIR = pythons;
  sb.env.UV_SHIM_CODESIGN = loggingWrapper(wrappers, 'codesign', toolLog);
  sb.env.UV_SHIM_SPCTL = loggingWrapper(wrappers, 'spctl', toolLog);
  // The unified log of the simulated Mac: the exec gate's kills (test/gate/).
  sb.env.UV_SHIM_LOG_TOOL = join(DOUBLES_DIR, 'log');
  return { ...sb, pythons, toolLog, shimCache: join(sb.env.XDG_CACHE_HOME!, 'uv-shim') };
}

export function toolCalls(sb: GuardSandbox): string[] {
  return existsSync(sb.toolLog) ? readFileSync(sb.toolLog, 'utf8').split('\n').filter(Boolean) : [];
}

export function repairLogEntries(sb: GuardSandbox): Array<Record<string, unknown>> {
  const file = join(sb.shimCache, 'repairs.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

// A command that makes the real uv query the managed interpreter (and
// nothing else: --managed-python keeps it off the system's Python).
export const RUN_MANAGED = ['run', '--no-project', '--managed-python', '-p', REAL_PYTHON_MINOR, 'python', '-c', 'print("hello from python")'];
