import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './sandbox.js';

// A Node binary to run the shim on (UV_SHIM_NODE): the one running the
// tests, and the pinned LTS lines that .ci/node-lts unpacks into .cache/.
export interface NodeLine {
  label: string;
  // As in `node --version`, without the v; the line alone when absent.
  version: string;
  // undefined: not on this machine; `skip` says how to get it.
  path: string | undefined;
  skip?: string;
  // Whether this Node has process.execve (22.15+, 23.11+, 24+).
  execve: boolean;
}

export function hasExecve(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major >= 24 || (major === 23 && minor >= 11) || (major === 22 && minor >= 15);
}

// This Node, then Node 22 and 24 as CI pins them.
export function nodeLines(): NodeLine[] {
  const lines: NodeLine[] = [
    { label: `this node (${process.version})`, version: process.versions.node, path: process.execPath, execve: hasExecve(process.version) },
  ];
  const cache = join(REPO_ROOT, '.cache');
  const dirs = existsSync(cache) ? readdirSync(cache) : [];
  for (const major of ['22', '24']) {
    const dir = dirs.find((d) => d.startsWith(`node-${major}.`) && existsSync(join(cache, d, 'bin', 'node')));
    const version = dir?.split('-')[1];
    lines.push(
      dir && version
        ? { label: `node ${version}`, version, path: join(cache, dir, 'bin', 'node'), execve: hasExecve(version) }
        : { label: `node ${major}`, version: major, path: undefined, skip: `no Node ${major} in .cache/: run .ci/node-lts ${major}`, execve: true },
    );
  }
  return lines;
}
