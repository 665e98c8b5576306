import { closeSync, lstatSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Sandbox } from '../helpers/sandbox.js';
import { regularFilesUnder } from '../helpers/walk.js';

// Small pinned wheels with compiled extensions (markupsafe: 1 library,
// pyyaml: 1, charset-normalizer: 2 on CPython 3.11).
export const NATIVE_DEPENDENCIES = ['markupsafe==3.0.3', 'pyyaml==6.0.3', 'charset-normalizer==3.5.2'];

// A uv project depending on them, with uv-shim settings in .uv-shimrc.json.
export function makeNativeProject(sb: Sandbox, name: string, shimConfig: Record<string, unknown> = {}): string {
  const dir = join(sb.work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'pyproject.toml'),
    [
      '[project]',
      `name = "${name}"`,
      'version = "0.1.0"',
      'requires-python = ">=3.11"',
      `dependencies = [${NATIVE_DEPENDENCIES.map((d) => JSON.stringify(d)).join(', ')}]`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, '.uv-shimrc.json'), JSON.stringify(shimConfig));
  return dir;
}

// The sandbox's environment plus the machine's package index settings and
// the macOS seam.
export function darwinEnv(sb: Sandbox, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...sb.env, ...inject('uvIndexEnv'), UV_SHIM_PLATFORM: 'darwin', ...extra };
}

const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const MACHO_64 = Buffer.from([0xcf, 0xfa, 0xed, 0xfe]);

export interface FoundLibrary {
  path: string;
  ino: number;
  nlink: number;
}

// The test's own, independent walk: regular files (never symlinks) whose
// first bytes are ELF or 64-bit Mach-O.
export function nativeFilesIn(root: string, magic: 'elf' | 'macho'): FoundLibrary[] {
  const want = magic === 'elf' ? ELF : MACHO_64;
  const out: FoundLibrary[] = [];
  for (const path of regularFilesUnder(root)) {
    const head = Buffer.alloc(4);
    const fd = openSync(path, 'r');
    const n = readSync(fd, head, 0, 4, 0);
    closeSync(fd);
    if (n === 4 && head.equals(want)) {
      const st = lstatSync(path);
      out.push({ path, ino: st.ino, nlink: st.nlink });
    }
  }
  return out;
}
