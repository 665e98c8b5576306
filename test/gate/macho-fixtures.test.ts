import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureGateFixtures, llvmTools, MACHO_SPECS, type MachOName } from './macho-fixtures.js';

// llvm-objdump, an independent reader, says what the builder made.
function loadCommands(file: string): string {
  const objdump = llvmTools().mc.replace(/llvm-mc(-\d+)?$/, 'llvm-objdump$1');
  return execFileSync(objdump, ['--macho', '--private-headers', '--arch=all', file], { encoding: 'utf8' });
}

describe('the Mach-O fixtures made here', () => {
  const dir = ensureGateFixtures();

  it.each(Object.keys(MACHO_SPECS) as MachOName[])('%s has the architectures, kind and signature asked for', (name) => {
    const spec = MACHO_SPECS[name];
    const text = loadCommands(join(dir, name));
    const archs = [...text.matchAll(/^(?:.*\(architecture (\w+)\):|.*:)$/gm)].map((m) => m[1]).filter(Boolean);
    if (spec.archs.length > 1) expect(archs.sort()).toEqual([...spec.archs].sort());
    expect(text.match(/LC_CODE_SIGNATURE/g)?.length ?? 0).toBe(spec.signed ? spec.archs.length : 0);
    expect(text).toContain(spec.kind === 'dylib' ? 'LC_ID_DYLIB' : 'BUNDLE');
  });
});
