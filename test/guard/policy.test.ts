import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_CONFIG, type RepairPolicy } from '../../src/config/types.js';
import { repairPermission } from '../../src/guard/policy.js';
import { skipText } from '../../src/guard/repair-text.js';
import type { Candidate } from '../../src/guard/types.js';

// Real directories and links: containment is decided on real paths.
function world() {
  const root = mkdtempSync(join(tmpdir(), 'uv-shim-policy-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const managed = join(root, 'pythons');
  const allowed = join(root, 'allowed');
  const other = join(root, 'other');
  for (const d of [join(managed, 'cpython-3.12.1', 'bin'), allowed, other]) mkdirSync(d, { recursive: true });
  const file = (dir: string) => {
    const f = join(dir, 'python3.12');
    writeFileSync(f, '');
    return f;
  };
  const inManaged = file(join(managed, 'cpython-3.12.1', 'bin'));
  const inAllowed = file(allowed);
  const outside = file(other);
  // A link inside the managed dir pointing out of it.
  const escaping = join(managed, 'cpython-3.12.1', 'bin', 'python3');
  symlinkSync(outside, escaping);
  return { env: { UV_PYTHON_INSTALL_DIR: managed } as NodeJS.ProcessEnv, allowed, inManaged, inAllowed, outside, escaping };
}

const candidate = (file: string): Candidate => ({ file, via: file, kind: 'executable', source: 'managed', installation: '', managed: false });

function decide(w: ReturnType<typeof world>, file: string, repair: RepairPolicy, interactive: boolean, explicit = false) {
  const config = { ...DEFAULT_CONFIG, repair, repairAllow: [w.allowed] };
  const p = repairPermission(candidate(file), config, w.env, 'darwin', { interactive, explicit });
  return p.allowed ? p.how : `refused: ${skipText(p.reason, realpathSync(file)).why}`;
}

describe('repairPermission', () => {
  it('repairs in the managed dir and repairAllow trees as configured', () => {
    const w = world();
    expect(decide(w, w.inManaged, 'auto', false)).toBe('auto');
    expect(decide(w, w.inAllowed, 'auto', false)).toBe('auto');
    expect(decide(w, w.inManaged, 'prompt', true)).toBe('prompt');
    expect(decide(w, w.inManaged, 'prompt', false)).toMatch(/^refused: repair = "prompt" and there is no terminal/);
    expect(decide(w, w.inManaged, 'off', true)).toMatch(/^refused: repairs are off/);
    expect(decide(w, w.inManaged, 'off', false, true)).toBe('auto');
  });

  it('judges a link by its target, and asks (on a terminal only) outside the trees', () => {
    const w = world();
    expect(decide(w, w.escaping, 'auto', false)).toMatch(/lies outside uv's managed Python dir and the repairAllow trees$/);
    expect(decide(w, w.outside, 'auto', false)).toMatch(/^refused: .* lies outside/);
    expect(decide(w, w.outside, 'auto', true)).toBe('prompt');
  });

  it('never touches system or package-manager files, and nothing off macOS', () => {
    const w = world();
    expect(decide(w, '/usr/bin/env', 'auto', true)).toBe('refused: /usr/bin/env is in /usr, a system or package-manager tree');
    const linux = repairPermission(candidate(w.inManaged), { ...DEFAULT_CONFIG }, w.env, 'linux', { interactive: true });
    expect(linux.allowed).toBe(false);
  });

  // uv's Python dir set to / (or a repairAllow entry of /) contains every
  // system tree: the protected trees are refused whatever the roots say.
  it('refuses the protected trees even when an allowed root contains them', () => {
    const w = world();
    for (const roots of [{ env: { UV_PYTHON_INSTALL_DIR: '/' }, allow: [] }, { env: w.env, allow: ['/'] }]) {
      const config = { ...DEFAULT_CONFIG, repair: 'auto' as const, repairAllow: roots.allow };
      const p = repairPermission(candidate('/usr/bin/env'), config, roots.env, 'darwin', { interactive: false, explicit: true });
      expect(p).toEqual({ allowed: false, reason: { kind: 'protected', tree: '/usr' } });
      // A file outside the protected trees under the same root is allowed, so the refusal is the tree's.
      expect(repairPermission(candidate(w.outside), config, roots.env, 'darwin', { interactive: false }).allowed).toBe(true);
    }
  });
});
