import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { TOOL_CACHE } from '../setup/real-uv.js';
import { ensureGateFixtures } from '../gate/macho-fixtures.js';

// A macOS wheel that delivers a Mach-O executable (bin/ruff), pinned by
// sha256 and fetched once with pip (the index settings pip already has).
export const RUFF_WHEEL = {
  file: 'ruff-0.8.0-py3-none-macosx_11_0_arm64.whl',
  spec: 'ruff==0.8.0',
  sha256: '7b1f1c76b47c18fa92ee78b60d2d20d7e866c55ee603e7d19c1e991fad933a9a',
};

export function ruffWheel(): string {
  const dir = join(TOOL_CACHE, 'native-wheels-v1');
  const path = join(dir, RUFF_WHEEL.file);
  if (existsSync(path)) return path;
  const staging = `${dir}.tmp-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  execFileSync(
    process.env.PYTHON ?? 'python3',
    ['-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:', '--platform', 'macosx_11_0_arm64',
      '--python-version', '3.11', '--implementation', 'cp', RUFF_WHEEL.spec, '-d', staging],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const sum = createHash('sha256').update(readFileSync(join(staging, RUFF_WHEEL.file))).digest('hex');
  if (sum !== RUFF_WHEEL.sha256) throw new Error(`${RUFF_WHEEL.file}: sha256 ${sum} is not the pinned ${RUFF_WHEEL.sha256}`);
  mkdirSync(dir, { recursive: true });
  renameSync(join(staging, RUFF_WHEEL.file), path);
  return path;
}

// The real numpy 2.2.6 wheel for macOS arm64 (linker-signed .so files).
export function numpyWheel(): string {
  return join(ensureGateFixtures(), 'numpy-2.2.6-cp311-cp311-macosx_14_0_arm64.whl');
}

export const CORRUPTED_SO = 'numpy/_core/_multiarray_umath.cpython-311-darwin.so';

// The numpy wheel with one byte of one code page of _multiarray_umath
// flipped, as a bad `strip` or `install_name_tool` after signing leaves it.
export function corruptedNumpyWheel(dir: string): string {
  const out = join(dir, 'numpy-2.2.6-cp311-cp311-macosx_14_0_arm64.whl');
  const script = `
import sys, zipfile
src, dst, name = sys.argv[1:4]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info)
        if info.filename == name:
            b = bytearray(data); b[3 * 16384 + 100] ^= 0xff; data = bytes(b)
        zout.writestr(info, data)
`;
  execFileSync(process.env.PYTHON ?? 'python3', ['-c', script, numpyWheel(), out, CORRUPTED_SO]);
  return out;
}
