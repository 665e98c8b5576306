import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inject } from 'vitest';
import { ensureGateFixtures } from '../gate/macho-fixtures.js';
import { GATE_PY, gateStateDir, LINKER_SIGNED_ADHOC } from '../gate/paths.js';

// The real interpreter every stand-in hands over to when the simulated Mac
// "lets it run": the tests' Python, found by the global setup.
export const REAL_PYTHON = inject('python').executable;
export const REAL_PYTHON_VERSION = inject('python').version;
// "3.11": what `-p` asks for to find a fake of the default version.
export const REAL_PYTHON_MINOR = inject('python').minor;

// Apple's xattr names as Linux stores them under UV_SHIM_PLATFORM=darwin.
export const PROVENANCE_XATTR = 'user.com.apple.provenance';
export const QUARANTINE_XATTR = 'user.com.apple.quarantine';

export interface FakePython {
  // The installation root, e.g. <installDir>/cpython-3.11.2-linux-x86_64-gnu.
  root: string;
  // Its directory name, the key `uv python list` shows.
  name: string;
  // The stand-in uv executes: bin/python3.11.
  executable: string;
  // bin/python and bin/python3, symlinks to the executable.
  links: string[];
  // One line per start of the interpreter: "<pid> killed|ran".
  startsLog: string;
  // Where the simulated Mac keeps its memory and writes its evidence.
  home: string;
  // lib/libpython3.11.dylib (a real Mach-O) when the layout has one.
  libpython: string | null;
  // lib/python3.X/lib-dynload: real Mach-O extension modules.
  dynload: string;
  // The extension-module tag of this Python on macOS, e.g. cpython-311-darwin.
  darwinTag: string;
}

function machineTriple(): string {
  const arch = process.arch === 'arm64' ? 'aarch64' : process.arch === 'x64' ? 'x86_64' : process.arch;
  return `linux-${arch}-gnu`;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// The interpreter stand-in: the only file of the installation that is not a
// Mach-O (Linux cannot execute one). The exec gate decides whether it may
// start; then the real Python runs under this file's name, so it finds its
// installation (lib/python3.11) or the virtual environment it is linked from.
function standIn(home: string, startsLog: string, execAs: boolean): string {
  return [
    '#!/bin/bash',
    '# A uv-managed interpreter on the simulated Mac (uv-shim test/gate/).',
    `if ! ${REAL_PYTHON} -I -S ${q(GATE_PY)} exec ${q(home)} "$0" $$ ${q(startsLog)}; then`,
    '  kill -9 $$',
    'fi',
    execAs ? `exec -a "$0" ${REAL_PYTHON} "$@"` : `exec ${REAL_PYTHON} "$@"`,
    '',
  ].join('\n');
}

// Signs a fresh stand-in as python-build-standalone's interpreters are
// signed: ad hoc, by the linker.
function signAsLinker(file: string): void {
  execFileSync(REAL_PYTHON, ['-I', '-S', GATE_PY, 'sign-standin', file, 'adhoc', basename(file), String(LINKER_SIGNED_ADHOC)]);
}

let stdlib: string | undefined;
function stdlibDir(): string {
  stdlib ??= execFileSync(REAL_PYTHON, ['-I', '-S', '-c', 'import sysconfig; print(sysconfig.get_path("stdlib"))'], { encoding: 'utf8' }).trim();
  return stdlib;
}

// lib/python3.X as python-build-standalone lays it out: the real standard
// library (linked), lib-dynload with the real Linux modules beside real
// Mach-O extension modules, an empty site-packages, and the gate's loader
// as sitecustomize.
function layOutLib(root: string, minor: string, home: string, fixtures: string): string {
  const lib = join(root, 'lib', `python${minor}`);
  const dynload = join(lib, 'lib-dynload');
  mkdirSync(dynload, { recursive: true });
  mkdirSync(join(lib, 'site-packages'));
  const std = stdlibDir();
  for (const entry of readdirSync(std)) {
    if (['lib-dynload', 'site-packages', 'dist-packages', 'sitecustomize.py', '__pycache__'].includes(entry)) continue;
    symlinkSync(join(std, entry), join(lib, entry));
  }
  if (existsSync(join(std, 'lib-dynload'))) {
    for (const entry of readdirSync(join(std, 'lib-dynload'))) symlinkSync(join(std, 'lib-dynload', entry), join(dynload, entry));
  }
  const tag = `cpython-${minor.replace('.', '')}-darwin`;
  for (const mod of ['math', '_json']) copyFileSync(join(fixtures, `${mod}.cpython-311-darwin.so`), join(dynload, `${mod}.${tag}.so`));
  const loader = readFileSync(join(dirname(GATE_PY), 'sitecustomize.py.in'), 'utf8')
    .replace('@HOME@', JSON.stringify(home))
    .replace('@GATE@', JSON.stringify(GATE_PY))
    .replace('@PYTHON@', JSON.stringify(REAL_PYTHON));
  writeFileSync(join(lib, 'sitecustomize.py'), loader);
  return dynload;
}

// The gate's home for a sandbox: <sandbox>/home when installDir is
// <sandbox>/pythons (the guard sandbox's layout), else beside installDir.
function defaultHome(installDir: string): string {
  return join(dirname(installDir), 'home');
}

// Lays out an installation named like a uv-managed one for this machine
// inside `installDir` (a temporary UV_PYTHON_INSTALL_DIR): the stand-in,
// real Mach-O extension modules in lib-dynload and, with `libpython: true`,
// a real Mach-O lib/libpython3.X.dylib (the layout before
// python-build-standalone PR 1105 linked libpython statically, April 2026). With `provenance: true` it carries the attribute
// macOS adds to files a tracked app (uv) writes.
export function makeFakePython(
  installDir: string,
  options: { version?: string; provenance?: boolean; libpython?: boolean; home?: string } = {},
): FakePython {
  const version = options.version ?? REAL_PYTHON_VERSION;
  const minor = version.split('.').slice(0, 2).join('.');
  const home = options.home ?? defaultHome(installDir);
  const fixtures = ensureGateFixtures();
  const name = `cpython-${version}-${machineTriple()}`;
  const root = join(installDir, name);
  const bin = join(root, 'bin');
  mkdirSync(bin, { recursive: true });
  mkdirSync(gateStateDir(home), { recursive: true });
  const startsLog = join(root, 'starts.log');
  const executable = join(bin, `python${minor}`);
  writeFileSync(executable, standIn(home, startsLog, true));
  chmodSync(executable, 0o755);
  signAsLinker(executable);
  const links = ['python3', 'python'].map((link) => {
    symlinkSync(`python${minor}`, join(bin, link));
    return join(bin, link);
  });
  let libpython: string | null = null;
  if (options.libpython) {
    libpython = join(root, 'lib', `libpython${minor}.dylib`);
    mkdirSync(dirname(libpython), { recursive: true });
    copyFileSync(join(fixtures, 'libpython3.11.dylib'), libpython);
  }
  const dynload = layOutLib(root, minor, home, fixtures);
  if (options.provenance) addProvenance(executable);
  return { root, name, executable, links, startsLog, home, libpython, dynload, darwinTag: `cpython-${minor.replace('.', '')}-darwin` };
}

// A standalone stand-in file (not an installation), for symlink tests.
export function makeFakePythonFile(file: string, startsLog: string, options: { provenance?: boolean; home?: string } = {}): string {
  const home = options.home ?? join(dirname(file), '.home');
  mkdirSync(gateStateDir(home), { recursive: true });
  writeFileSync(file, standIn(home, startsLog, false));
  chmodSync(file, 0o755);
  signAsLinker(file);
  if (options.provenance) addProvenance(file);
  return file;
}

// A provenance value as macOS writes it: 11 bytes, 01 02 00 and an 8-byte
// little-endian key into the ExecPolicy database.
export function provenanceValue(key = 0x1234_5678_9abcn): Buffer {
  const value = Buffer.alloc(11);
  value.set([0x01, 0x02, 0x00]);
  value.writeBigUInt64LE(key, 3);
  return value;
}

export function addProvenance(file: string): void {
  setXattrWithPython(file, PROVENANCE_XATTR, provenanceValue().toString('hex'));
}

export interface StandInSignature {
  kind: 'adhoc' | 'unsigned' | 'developer-id';
  identifier: string | null;
  cdhash: string | null;
  flags?: number;
  valid: boolean;
}

// The stand-in's signature as the gate reads it.
export function standInSignature(file: string): StandInSignature {
  return JSON.parse(execFileSync(REAL_PYTHON, ['-I', '-S', GATE_PY, 'identity', file], { encoding: 'utf8' })) as StandInSignature;
}

// The overnight case: the file, unchanged on disk, starts being killed:
// the system's policy now rejects its code (its CDHash).
export function rejectCurrentIdentity(fake: Pick<FakePython, 'executable' | 'home'>): void {
  const { cdhash } = standInSignature(fake.executable);
  if (!cdhash) throw new Error(`${fake.executable} has no signature to reject`);
  appendFileSync(join(gateStateDir(fake.home), 'rejected'), `${cdhash}\n`);
}

// How many times the interpreter started, and how many of those were killed.
export function countStarts(fake: Pick<FakePython, 'startsLog'>): { total: number; killed: number } {
  if (!existsSync(fake.startsLog)) return { total: 0, killed: 0 };
  const lines = readFileSync(fake.startsLog, 'utf8').split('\n').filter(Boolean);
  return { total: lines.length, killed: lines.filter((l) => l.endsWith(' killed')).length };
}

// Node has no xattr API; the real Python does.
export function xattrNames(file: string): string[] {
  const out = pythonOutput(`import os,sys; print('\\n'.join(os.listxattr(sys.argv[1])))`, [file]);
  return out.split('\n').filter(Boolean);
}

function setXattrWithPython(file: string, name: string, hex: string): void {
  pythonOutput(`import os,sys; os.setxattr(sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3]))`, [file, name, hex]);
}

function pythonOutput(code: string, args: string[]): string {
  return execFileSync(REAL_PYTHON, ['-I', '-S', '-c', code, ...args], { encoding: 'utf8' });
}

// Whether codesign re-signed the stand-in (its signature is no longer the
// linker's), the way a repair shows on disk.
export function resignedLocally(file: string): boolean {
  const s = standInSignature(file);
  return s.kind === 'adhoc' && ((s.flags ?? 0) & 0x20000) === 0;
}
