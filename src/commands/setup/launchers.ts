import { lstatSync, mkdirSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ownPackage } from '../../package-root.js';
import { isShimFile } from '../../shim/resolve-uv.js';
import { realpathOrNull } from '../../common/fs.js';
import { ShimError } from '../../errors.js';

// The uv and uvx stand-ins, and the uv-shim command itself.
export const TOOLS = ['uv', 'uvx', 'uv-shim'] as const;

// This package's shims/ directory, found from the package root: the code
// runs from dist/commands/setup/ and from the bundle in dist/cli/ alike.
export function packageShimsDir(): string {
  return join(ownPackage().root, 'shims');
}

export type Existing = 'absent' | 'ours' | 'launcher' | 'foreign';

// What is at DIR/tool now: nothing, a link to this package's launcher, some
// other uv-shim launcher (an older checkout), or something that is not ours
// (the real uv: never touched).
export function existingAt(path: string, target: string): Existing {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return 'absent';
  }
  if (st.isSymbolicLink() && resolve(path, '..', readlinkSync(path)) === target) return 'ours';
  const real = realpathOrNull(path);
  if (real && isShimFile(real)) return 'launcher';
  // A dangling link into a removed uv-shim checkout is still ours to replace.
  if (st.isSymbolicLink() && !real && readlinkSync(path).includes('/shims/')) return 'launcher';
  return 'foreign';
}

// Throws when DIR holds any tool that is not a uv-shim launcher: install
// checks every one before it links the first, so a refusal leaves DIR as it was.
export function refuseForeign(dir: string): void {
  const foreign = TOOLS.filter((tool) => existingAt(join(dir, tool), join(packageShimsDir(), tool)) === 'foreign');
  if (foreign.length === 0) return;
  throw new ShimError({ kind: 'install-refused', dir, tools: foreign });
}

// Points DIR/tool at the package's launcher; refuses to replace what is not
// a uv-shim launcher. Returns what it did, for the report.
export function linkLauncher(dir: string, tool: string): 'unchanged' | 'linked' | 'replaced' {
  const path = join(dir, tool);
  const target = join(packageShimsDir(), tool);
  const existing = existingAt(path, target);
  if (existing === 'ours') return 'unchanged';
  if (existing === 'foreign') refuseForeign(dir);
  mkdirSync(dir, { recursive: true });
  if (existing === 'launcher') unlinkSync(path);
  symlinkSync(target, path);
  return existing === 'launcher' ? 'replaced' : 'linked';
}

// Removes DIR/tool only when it is a uv-shim launcher (link or copy).
export function unlinkLauncher(dir: string, tool: string): 'removed' | 'absent' | 'kept' {
  const path = join(dir, tool);
  const existing = existingAt(path, join(packageShimsDir(), tool));
  if (existing === 'absent') return 'absent';
  if (existing === 'foreign') return 'kept';
  unlinkSync(path);
  return 'removed';
}
