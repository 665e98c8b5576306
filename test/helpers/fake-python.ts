import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

// The real interpreter every fake one hands over to when macOS "lets it run":
// the tests' Python, found by the global setup.
export const REAL_PYTHON = inject('python').executable;
export const REAL_PYTHON_VERSION = inject('python').version;
// "3.11": what `-p` asks for to find a fake of the default version.
export const REAL_PYTHON_MINOR = inject('python').minor;

// Apple's xattr names as Linux stores them under UV_SHIM_PLATFORM=darwin.
export const PROVENANCE_XATTR = 'user.com.apple.provenance';
export const CODE_DIRECTORY_XATTR = 'user.com.apple.cs.CodeDirectory';

export interface FakePython {
  // The installation root, e.g. <installDir>/cpython-3.12.3-linux-x86_64-gnu.
  root: string;
  // Its directory name, the key `uv python list` shows.
  name: string;
  // The real file: bin/python3.12.
  executable: string;
  // bin/python and bin/python3, symlinks to the executable.
  links: string[];
  // One line per start of the interpreter: "<pid> killed|ran".
  startsLog: string;
  // "<inode> <ctime-ns>" lines: identities the "system" refuses to run.
  rejectionsFile: string;
}

// Decides, with the real Python (cheap, always present here), whether this
// file would be killed: provenance without a code directory, or an identity
// listed as rejected. Exit 0 = kill, 1 = run.
const REJECTION_CHECK = `
import os, sys
f = os.path.realpath(sys.argv[1])
try:
    names = os.listxattr(f)
except OSError:
    names = []
if '${PROVENANCE_XATTR}' in names and '${CODE_DIRECTORY_XATTR}' not in names:
    sys.exit(0)
st = os.stat(f)
me = '%d %d' % (st.st_ino, st.st_ctime_ns)
try:
    with open(sys.argv[2]) as fh:
        if me in (line.strip() for line in fh):
            sys.exit(0)
except OSError:
    pass
sys.exit(1)
`;

function machineTriple(): string {
  const arch = process.arch === 'arm64' ? 'aarch64' : process.arch === 'x64' ? 'x86_64' : process.arch;
  return `linux-${arch}-gnu`;
}

function script(startsLog: string, rejectionsFile: string): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    '#!/bin/sh',
    '# A uv-managed interpreter as macOS treats it: killed with SIGKILL while',
    '# it carries provenance and no fresh signature, or while its identity is',
    '# on the rejections list; otherwise the real Python.',
    `if ${REAL_PYTHON} -I -S -c ${q(REJECTION_CHECK)} "$0" ${q(rejectionsFile)}; then`,
    `  echo "$$ killed" >> ${q(startsLog)}`,
    '  kill -9 $$',
    'fi',
    `echo "$$ ran" >> ${q(startsLog)}`,
    `exec ${REAL_PYTHON} "$@"`,
    '',
  ].join('\n');
}

// Lays out an installation named like a uv-managed one for this machine
// inside `installDir` (a temporary UV_PYTHON_INSTALL_DIR). With
// `provenance: true` it starts out rejected, like a download macOS has tagged.
export function makeFakePython(
  installDir: string,
  options: { version?: string; provenance?: boolean } = {},
): FakePython {
  const version = options.version ?? REAL_PYTHON_VERSION;
  const minor = version.split('.').slice(0, 2).join('.');
  const name = `cpython-${version}-${machineTriple()}`;
  const root = join(installDir, name);
  const bin = join(root, 'bin');
  mkdirSync(bin, { recursive: true });
  const startsLog = join(root, 'starts.log');
  const rejectionsFile = join(root, 'gatekeeper-rejections');
  const executable = join(bin, `python${minor}`);
  writeFileSync(executable, script(startsLog, rejectionsFile));
  chmodSync(executable, 0o755);
  const links = ['python3', 'python'].map((link) => {
    symlinkSync(`python${minor}`, join(bin, link));
    return join(bin, link);
  });
  if (options.provenance) addProvenance(executable);
  return { root, name, executable, links, startsLog, rejectionsFile };
}

// A standalone fake interpreter file (not an installation), for symlink tests.
export function makeFakePythonFile(file: string, startsLog: string, options: { provenance?: boolean } = {}): string {
  writeFileSync(file, script(startsLog, `${file}.rejections`));
  chmodSync(file, 0o755);
  if (options.provenance) addProvenance(file);
  return file;
}

// What macOS 15+ attaches to files written by an app it tracks (uv itself,
// once downloaded): the mark the reports find on killed interpreters.
export function addProvenance(file: string): void {
  setXattrWithPython(file, PROVENANCE_XATTR, '01020000deadbeef');
}

// The overnight case: the file, unchanged on disk, starts being killed.
export function rejectCurrentIdentity(fake: Pick<FakePython, 'executable' | 'rejectionsFile'>): void {
  const st = statSync(fake.executable, { bigint: true });
  appendFileSync(fake.rejectionsFile, `${st.ino} ${st.ctimeNs}\n`);
}

// How many times the interpreter started, and how many of those were killed.
export function countStarts(fake: Pick<FakePython, 'startsLog'>): { total: number; killed: number } {
  if (!existsSync(fake.startsLog)) return { total: 0, killed: 0 };
  const lines = readFileSync(fake.startsLog, 'utf8').split('\n').filter(Boolean);
  return { total: lines.length, killed: lines.filter((l) => l.endsWith(' killed')).length };
}

// Node has no xattr API; the real Python does, and is what the fake uses.
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
