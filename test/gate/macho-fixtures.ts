import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOL_CACHE } from '../setup/real-uv.js';

// Real Mach-O files for the simulated Mac, made here from assembly with
// LLVM's Mach-O tools (Debian: `lld` has ld64.lld, `llvm` has llvm-mc and
// llvm-lipo), and real macOS wheels from PyPI pinned by sha256. Built once
// into .cache/ (git-ignored) and copied into each test's install.

export type Arch = 'arm64' | 'x86_64';

// One Mach-O this builder makes: a dylib (libpython) or a bundle (an
// extension module), thin or universal, signed by the linker or not.
export interface MachOSpec {
  kind: 'dylib' | 'bundle';
  archs: Arch[];
  // false: no LC_CODE_SIGNATURE at all (as x86_64 linkers leave it).
  signed: boolean;
  // Size of the constant data after the code, so the file spans many pages.
  dataBytes: number;
}

export const MACHO_SPECS = {
  'libpython3.11.dylib': { kind: 'dylib', archs: ['arm64', 'x86_64'], signed: true, dataBytes: 96 * 1024 },
  'math.cpython-311-darwin.so': { kind: 'bundle', archs: ['arm64'], signed: true, dataBytes: 40 * 1024 },
  '_json.cpython-311-darwin.so': { kind: 'bundle', archs: ['arm64', 'x86_64'], signed: true, dataBytes: 24 * 1024 },
  '_gatedemo.cpython-311-darwin.so': { kind: 'bundle', archs: ['arm64'], signed: true, dataBytes: 64 * 1024 },
  'unsigned-x86_64.so': { kind: 'bundle', archs: ['x86_64'], signed: false, dataBytes: 20 * 1024 },
  'unsigned-arm64.so': { kind: 'bundle', archs: ['arm64'], signed: false, dataBytes: 20 * 1024 },
} as const satisfies Record<string, MachOSpec>;

export type MachOName = keyof typeof MACHO_SPECS;

// Wheels for macOS from PyPI: arm64 ones are linker-signed (ad hoc), the
// x86_64 numpy's `.so` files carry no signature at all.
export const WHEELS = [
  {
    file: 'numpy-2.2.6-cp311-cp311-macosx_14_0_arm64.whl',
    spec: 'numpy==2.2.6',
    platform: 'macosx_14_0_arm64',
    sha256: '3d70692235e759f260c3d837193090014aebdf026dfd167834bcba43e30c2a42',
  },
  {
    file: 'pillow-11.3.0-cp311-cp311-macosx_11_0_arm64.whl',
    spec: 'pillow==11.3.0',
    platform: 'macosx_14_0_arm64',
    sha256: '9c412fddd1b77a75aa904615ebaa6001f169b26fd467b4be93aded278266b288',
  },
  {
    file: 'numpy-2.2.6-cp311-cp311-macosx_10_9_x86_64.whl',
    spec: 'numpy==2.2.6',
    platform: 'macosx_10_9_x86_64',
    sha256: 'f9f1adb22318e121c5c69a09142811a201ef17ab257a1e66ca3025065b7f53ae',
  },
] as const;

// Bump when what is built changes, so stale caches rebuild.
const LAYOUT = 'v3';

// The first of `names` found on PATH or in Debian's versioned LLVM dirs.
function findTool(names: string[]): string {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean)];
  for (const base of ['/usr/lib']) {
    if (!existsSync(base)) continue;
    for (const d of readdirSync(base).filter((n) => /^llvm-\d+$/.test(n)).sort().reverse()) dirs.push(join(base, d, 'bin'));
  }
  for (const name of names) {
    for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(
    `${names[0]} was not found. The Mach-O fixtures are built with LLVM's tools: on Debian/Ubuntu run ` +
      '`apt-get install -y lld llvm` (as root), or run .ci/run, which does.',
  );
}

// On a Mac, Apple's own: cc assembles, ld links (it takes the same ld64
// flags as ld64.lld), lipo joins slices.
export function llvmTools(): { mc: string; ld: string; lipo: string } {
  if (process.platform === 'darwin') return { mc: 'cc', ld: 'ld', lipo: 'lipo' };
  const versions = ['', '-19', '-18', '-17', '-16', '-15', '-14'];
  return {
    mc: findTool(versions.map((v) => `llvm-mc${v}`)),
    ld: findTool(versions.map((v) => `ld64.lld${v}`)),
    lipo: findTool(versions.map((v) => `llvm-lipo${v}`)),
  };
}

// Code and constant data for one architecture; the data varies from page to
// page (a counter mixed with the file's name) so no two pages hash alike.
function assembly(name: string, arch: Arch, dataBytes: number): string {
  const symbol = `_gate_${createHash('sha1').update(name).digest('hex').slice(0, 8)}`;
  const body = arch === 'arm64' ? ['  mov x0, #0', '  ret'] : ['  xorl %eax, %eax', '  retq'];
  const seed = parseInt(createHash('sha1').update(`${name}/${arch}`).digest('hex').slice(0, 8), 16);
  const quads: string[] = [];
  for (let i = 0; i < dataBytes / 8; i++) quads.push(`  .quad ${(BigInt(seed) * 1_000_003n + BigInt(i) * 2_654_435_761n) & 0xffff_ffff_ffffn}`);
  return [
    '.section __TEXT,__text,regular,pure_instructions',
    `.globl ${symbol}`,
    '.p2align 2',
    `${symbol}:`,
    ...body,
    '.section __TEXT,__const',
    '.p2align 3',
    `  .asciz "${name} ${arch}"`,
    ...quads,
    '',
  ].join('\n');
}

function buildOne(dir: string, name: string, spec: MachOSpec, tools: ReturnType<typeof llvmTools>): void {
  const thin: string[] = [];
  for (const arch of spec.archs) {
    const src = join(dir, `${name}.${arch}.s`);
    const obj = join(dir, `${name}.${arch}.o`);
    // Linked under its own name (the linker's signature takes the output's
    // file name as its identifier), one directory per architecture.
    mkdirSync(join(dir, arch), { recursive: true });
    const out = join(dir, arch, name);
    writeFileSync(src, assembly(name, arch, spec.dataBytes));
    const triple = arch === 'arm64' ? 'arm64-apple-macos11' : 'x86_64-apple-macos10.15';
    if (process.platform === 'darwin') execFileSync(tools.mc, ['-c', '-arch', arch, '-x', 'assembler', src, '-o', obj]);
    else execFileSync(tools.mc, ['-triple', triple, '-filetype=obj', src, '-o', obj]);
    const args = ['-arch', arch, '-platform_version', 'macos', arch === 'arm64' ? '11.0' : '10.15', '14.0', '-o', out, obj];
    // Room after the load commands, as real linkers leave, so a first
    // signature can be added later (codesign needs it for an LC_CODE_SIGNATURE).
    args.push('-headerpad', '0x400');
    if (spec.kind === 'dylib') args.push('-dylib', '-install_name', `@rpath/${name}`);
    else args.push('-bundle', '-undefined', 'dynamic_lookup');
    // lld signs arm64 output ad hoc by default (as Apple's ld does); the
    // flags make it explicit either way.
    args.push(spec.signed ? '-adhoc_codesign' : '-no_adhoc_codesign');
    execFileSync(tools.ld, args);
    thin.push(out);
  }
  if (thin.length === 1) renameSync(thin[0]!, join(dir, name));
  else execFileSync(tools.lipo, ['-create', ...thin, '-output', join(dir, name)]);
  for (const f of readdirSync(dir).filter((f) => f.startsWith(`${name}.`))) rmSync(join(dir, f));
  for (const arch of spec.archs) rmSync(join(dir, arch), { recursive: true, force: true });
}

// Downloads a pinned wheel with pip (the index settings pip already has)
// and checks its sha256.
function fetchWheel(dir: string, wheel: (typeof WHEELS)[number]): void {
  const python = process.env.PYTHON ?? 'python3';
  execFileSync(
    python,
    ['-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:', '--platform', wheel.platform,
      '--python-version', '3.11', '--implementation', 'cp', wheel.spec, '-d', dir],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const path = join(dir, wheel.file);
  const sum = createHash('sha256').update(readFileSync(path)).digest('hex');
  if (sum !== wheel.sha256) throw new Error(`${wheel.file}: sha256 ${sum} is not the pinned ${wheel.sha256}`);
}

// Builds (once) and returns the directory with every MACHO_SPECS file and
// every WHEELS file, named as there.
export function ensureGateFixtures(): string {
  const dir = join(TOOL_CACHE, `gate-fixtures-${LAYOUT}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const tools = llvmTools();
  for (const [name, spec] of Object.entries(MACHO_SPECS)) buildOne(staging, name, spec, tools);
  for (const wheel of WHEELS) fetchWheel(staging, wheel);
  writeFileSync(join(staging, '.complete'), '');
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another worker finished first: its copy is as good as ours.
    if (!existsSync(join(dir, '.complete'))) throw error;
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}
