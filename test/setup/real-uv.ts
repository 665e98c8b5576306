import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The uv every integration test runs against: a real release from PyPI,
// pinned so that its messages and behaviour are what the tests expect.
export const UV_VERSION = '0.13.9';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const TOOL_CACHE = join(REPO_ROOT, '.cache');

// Installs the pinned uv with pip into .cache/uv-<version> (once) and returns
// the directory holding `uv` and `uvx`, with `python` (the tests' Python)
// running pip. UV_SHIM_TEST_UV_DIR points at another directory holding that
// same version, for machines without pip.
export function ensureRealUv(python: string): string {
  const preset = process.env.UV_SHIM_TEST_UV_DIR;
  if (preset) return preset;
  const target = join(TOOL_CACHE, `uv-${UV_VERSION}`);
  const bin = join(target, 'bin');
  if (!existsSync(join(bin, 'uv'))) {
    execFileSync(
      python,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--target', target, `uv==${UV_VERSION}`],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
  }
  const version = execFileSync(join(bin, 'uv'), ['--version'], { encoding: 'utf8' });
  if (!version.startsWith(`uv ${UV_VERSION}`)) {
    throw new Error(`expected uv ${UV_VERSION} in ${bin}, found: ${version.trim()}`);
  }
  return bin;
}
