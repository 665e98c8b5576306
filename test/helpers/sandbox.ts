import { spawn, type SpawnOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject, onTestFinished } from 'vitest';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const SHIMS_DIR = join(REPO_ROOT, 'shims');

export interface Sandbox {
  root: string;
  home: string;
  // Holds symlinks `uv` and `uvx` to the launchers in shims/.
  shimBin: string;
  // Directory of the real, pinned uv.
  realUvDir: string;
  realUv: string;
  // A clean environment: shims first, then real uv, then the system.
  env: NodeJS.ProcessEnv;
  // A fresh directory to run commands in.
  work: string;
}

// The system Python uv may use in tests (uv cannot download one here).
export const SYSTEM_PYTHON_DIRS = ['/usr/local/bin', '/usr/bin', '/bin'];

// A temporary world for one test: its own HOME, XDG dirs, uv cache and shim
// directory, removed when the test ends.
export function makeSandbox(options: { linkShims?: boolean } = {}): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'uv-shim-test-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const home = join(root, 'home');
  const shimBin = join(root, 'shim-bin');
  const work = join(root, 'work');
  for (const d of [home, shimBin, work]) mkdirSync(d, { recursive: true });
  if (options.linkShims !== false) {
    symlinkSync(join(SHIMS_DIR, 'uv'), join(shimBin, 'uv'));
    symlinkSync(join(SHIMS_DIR, 'uvx'), join(shimBin, 'uvx'));
  }
  const realUvDir = inject('realUvDir');
  const env: NodeJS.ProcessEnv = {
    PATH: [shimBin, realUvDir, dirOfNode(), ...SYSTEM_PYTHON_DIRS].join(':'),
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    UV_CACHE_DIR: join(root, 'uv-cache'),
    UV_PYTHON_DOWNLOADS: 'never',
    UV_NO_PROGRESS: '1',
    LANG: 'C.UTF-8',
    TMPDIR: tmpdir(),
  };
  if (process.env.SSL_CERT_FILE) env.SSL_CERT_FILE = process.env.SSL_CERT_FILE;
  return { root, home, shimBin, realUvDir, realUv: join(realUvDir, 'uv'), env, work };
}

function dirOfNode(): string {
  return resolve(process.execPath, '..');
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  pid: number;
}

// Runs a command to completion and collects everything it wrote.
export function run(
  file: string,
  args: string[],
  options: SpawnOptions & { input?: string | Buffer; onSpawn?: (pid: number) => void } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('spawn', () => options.onSpawn?.(child.pid!));
    if (options.input !== undefined) child.stdin!.end(options.input);
    else child.stdin!.end();
    child.on('close', (code, signal) =>
      resolvePromise({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), pid: child.pid! }),
    );
  });
}

// Runs `uv …` (or `uvx …`) through the sandbox's shim directory.
export function runShim(sb: Sandbox, tool: 'uv' | 'uvx', args: string[], options: Parameters<typeof run>[2] = {}) {
  return run(join(sb.shimBin, tool), args, { cwd: sb.work, env: sb.env, ...options });
}

// Runs the real uv directly, with the same environment minus the shims.
export function runReal(sb: Sandbox, tool: 'uv' | 'uvx', args: string[], options: Parameters<typeof run>[2] = {}) {
  return run(join(sb.realUvDir, tool), args, { cwd: sb.work, env: sb.env, ...options });
}
