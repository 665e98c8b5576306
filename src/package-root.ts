import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ancestors } from './common/fs.js';

// Where this package is installed, and its version.
export interface OwnPackage {
  root: string;
  version: string;
}

let found: OwnPackage | undefined;

// This package's root: the nearest directory above this module whose
// package.json is uv-shim's. Walked up to rather than named as '../..',
// because the same code runs at different depths: from src/ under the
// tests, from dist/ as tsc emits it and from the bundle in dist/cli/.
export function ownPackage(): OwnPackage {
  if (found) return found;
  const start = dirname(fileURLToPath(import.meta.url));
  for (const dir of ancestors(start)) {
    const pkg = readPackageJson(join(dir, 'package.json'));
    if (pkg?.name === 'uv-shim') {
      found = { root: dir, version: String(pkg.version) };
      return found;
    }
  }
  throw new Error(`no package.json of uv-shim in ${start} or any directory above it; reinstall uv-shim`);
}

function readPackageJson(path: string): { name?: unknown; version?: unknown } | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return null;
  }
}
