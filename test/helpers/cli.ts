import { join } from 'node:path';
import { REPO_ROOT, run, type Sandbox } from './sandbox.js';

export const CLI = join(REPO_ROOT, 'dist', 'bin', 'uv-shim.js');

// Runs the built `uv-shim` command in the sandbox (bash as the login shell).
export function uvShim(sb: Sandbox, args: string[], env: NodeJS.ProcessEnv = sb.env) {
  return run(process.execPath, [CLI, ...args], { cwd: sb.work, env: { ...env, SHELL: '/bin/bash' } });
}
