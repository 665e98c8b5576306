import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, lstatSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGateFixtures } from '../gate/macho-fixtures.js';
import { makeFakePython, REAL_PYTHON, REAL_PYTHON_MINOR } from '../helpers/fake-python.js';
import { regularFilesUnder } from '../helpers/walk.js';
import { makeGuardSandbox, type GuardSandbox } from '../guard/guard-sandbox.js';

const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const MACHO_64 = Buffer.from([0xcf, 0xfa, 0xed, 0xfe]);
const MACHO_FAT = Buffer.from([0xca, 0xfe, 0xba, 0xbe]);

export interface FoundLibrary {
  path: string;
  ino: number;
  nlink: number;
}

// The test's own, independent walk: regular files (never symlinks) whose
// first bytes are ELF, or 64-bit or universal Mach-O.
export function nativeFilesIn(root: string, magic: 'elf' | 'macho'): FoundLibrary[] {
  const want = magic === 'elf' ? [ELF] : [MACHO_64, MACHO_FAT];
  const out: FoundLibrary[] = [];
  for (const path of regularFilesUnder(root)) {
    const head = Buffer.alloc(4);
    const fd = openSync(path, 'r');
    const n = readSync(fd, head, 0, 4, 0);
    closeSync(fd);
    if (n === 4 && want.some((w) => head.equals(w))) {
      const st = lstatSync(path);
      out.push({ path, ino: st.ino, nlink: st.nlink });
    }
  }
  return out;
}

// --- The same on the simulated Mac (test/gate/): real Mach-O libraries ---

// A uv project on the simulated Mac: its interpreter a uv-managed stand-in
// checked by the exec gate, its dependencies real macOS arm64 wheels from
// a local directory: Pillow 11.3.0 (pinned by sha256 in
// test/gate/macho-fixtures.ts: 26 Mach-O extensions and bundled .dylibs)
// and `gatedemo`, a one-library wheel made here around one of the gate's
// Mach-O bundles.
export interface MacProject {
  sb: GuardSandbox;
  // The interpreter stand-in, uv-managed (in sb.pythons).
  python: string;
  env: NodeJS.ProcessEnv;
  wheels: string;
}

export function makeMacWorld(): MacProject {
  const sb = makeGuardSandbox();
  const python = makeFakePython(sb.pythons).executable;
  const wheels = join(sb.root, 'wheels');
  mkdirSync(wheels);
  const fixtures = ensureGateFixtures();
  copyFileSync(join(fixtures, 'pillow-11.3.0-cp311-cp311-macosx_11_0_arm64.whl'), join(wheels, 'pillow-11.3.0-cp311-cp311-macosx_11_0_arm64.whl'));
  buildGatedemoWheel(join(fixtures, '_gatedemo.cpython-311-darwin.so'), wheels);
  // uv's default target for aarch64-apple-darwin is macOS 13: ask for 14, as the Mac does.
  return { sb, python, wheels, env: { ...sb.env, UV_SHIM_ARCH: 'arm64', MACOSX_DEPLOYMENT_TARGET: '14.0' } };
}

// The arguments that make the real uv on Linux install for that Mac, from that directory only.
export function macSync(world: MacProject): string[] {
  return ['--managed-python', '-p', REAL_PYTHON_MINOR, '--python-platform', 'aarch64-apple-darwin', '--no-index', '--find-links', world.wheels];
}

export function makeMacProject(world: MacProject, name: string, shimConfig: Record<string, unknown> = {}): string {
  const dir = join(world.sb.work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'pyproject.toml'),
    `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = "==3.11.*"\ndependencies = ["pillow==11.3.0", "gatedemo==1.0"]\n`,
  );
  writeFileSync(join(dir, '.uv-shimrc.json'), JSON.stringify(shimConfig));
  return dir;
}

// gatedemo 1.0 for CPython 3.11 on macOS arm64: one Mach-O extension module.
function buildGatedemoWheel(so: string, dir: string): void {
  const script = `
import base64, hashlib, sys, zipfile
so, out = sys.argv[1:3]
files = {"_gatedemo.cpython-311-darwin.so": open(so, "rb").read(),
         "gatedemo-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\\nName: gatedemo\\nVersion: 1.0\\n",
         "gatedemo-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\\nGenerator: uv-shim tests\\nRoot-Is-Purelib: false\\nTag: cp311-cp311-macosx_11_0_arm64\\n",
         "gatedemo-1.0.dist-info/top_level.txt": b"_gatedemo\\n"}
record = "".join("%s,sha256=%s,%d\\n" % (n, base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b"=").decode(), len(d)) for n, d in files.items())
with zipfile.ZipFile(out, "w") as z:
    for n, d in files.items():
        z.writestr(n, d)
    z.writestr("gatedemo-1.0.dist-info/RECORD", record + "gatedemo-1.0.dist-info/RECORD,,\\n")
`;
  execFileSync(REAL_PYTHON, ['-I', '-S', '-c', script, so, join(dir, 'gatedemo-1.0-cp311-cp311-macosx_11_0_arm64.whl')]);
}
