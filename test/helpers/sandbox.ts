import { spawn, type SpawnOptions } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inject, onTestFinished } from 'vitest';
import { makeWorld } from './world.mjs';

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

// A temporary world for one test (see world.mjs), removed when the test ends.
export function makeSandbox(options: { linkShims?: boolean } = {}): Sandbox {
  const realUvDir = inject('realUvDir');
  const pythonDir = inject('python').dir;
  const world = makeWorld({ prefix: 'uv-shim-test-', realUvDir, pythonDir, shimsDir: SHIMS_DIR, linkShims: options.linkShims });
  onTestFinished(() => rmSync(world.root, { recursive: true, force: true }));
  return { ...world, realUvDir, realUv: join(realUvDir, 'uv') };
}

// Writes an executable (a stand-in node, uv, …) into a fresh directory of the sandbox.
export function writeExecutable(sb: Sandbox, dir: string, name: string, text: string): string {
  const d = join(sb.root, dir);
  mkdirSync(d, { recursive: true });
  const file = join(d, name);
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return file;
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
