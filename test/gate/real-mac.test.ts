import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DOUBLES_DIR } from '../guard/guard-sandbox.js';
import { ensureGateFixtures } from './macho-fixtures.js';
import { GATE_PY } from './paths.js';

// The exec gate against the real system, where it exists: on a Mac with
// Apple Silicon, the same Mach-O file is loaded by the real kernel and
// judged by the gate, and both must decide alike; the real codesign's
// display and the double's must print the same lines in the same order.
const onAppleSilicon = process.platform === 'darwin' && process.arch === 'arm64';

function work(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uv-shim-real-mac-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Flips a byte of page 0 just past the load commands: dyld reads that page
// when it maps the file, so the kernel validates it.
function corruptHeaderPage(file: string): void {
  const b = readFileSync(file);
  const at = 32 + b.readUInt32LE(20) + 8;
  b[at] = b[at]! ^ 0xff;
  writeFileSync(file, b);
}

// Loads the file into a real process (dlopen through ctypes).
function realLoad(file: string): string | null {
  const r = spawnSync('python3', ['-c', 'import ctypes, sys; ctypes.CDLL(sys.argv[1])', file]);
  return r.signal ?? (r.status === 0 ? 'loaded' : `exit ${r.status}`);
}

function gateLoad(file: string, home: string): string {
  const r = spawnSync('python3', ['-I', '-S', GATE_PY, 'load', home, '/usr/bin/python3', String(process.pid), file]);
  return r.status === 1 ? 'SIGKILL' : r.status === 0 ? 'loaded' : `exit ${r.status}`;
}

describe.runIf(onAppleSilicon)('the exec gate and the real macOS kernel', () => {
  it('agree on a linker-signed bundle, on one with a bad page, and on it re-signed', () => {
    const dir = work();
    const home = join(dir, 'home');
    const file = join(dir, '_gatedemo.cpython-311-darwin.so');
    copyFileSync(join(ensureGateFixtures(), '_gatedemo.cpython-311-darwin.so'), file);
    chmodSync(file, 0o755);
    expect([realLoad(file), gateLoad(file, home)]).toEqual(['loaded', 'loaded']);
    const bad = join(dir, 'bad.so');
    copyFileSync(file, bad);
    corruptHeaderPage(bad);
    expect([realLoad(bad), gateLoad(bad, home)]).toEqual(['SIGKILL', 'SIGKILL']);
    execFileSync('/usr/bin/codesign', ['--force', '--sign', '-', bad]);
    expect([realLoad(bad), gateLoad(bad, home)]).toEqual(['loaded', 'loaded']);
  });

  it.each(['-dv', '-dvvv', '-dvvvv'])('print the same `codesign %s` lines as the double, in the same order', (flag) => {
    const dir = work();
    const file = join(dir, 'libpython3.11.dylib');
    copyFileSync(join(ensureGateFixtures(), 'libpython3.11.dylib'), file);
    execFileSync('/usr/bin/codesign', ['--force', '--sign', '-', file]);
    const keys = (text: string) => text.trim().split('\n').map((l) => l.replace(/[=:].*$/, ''));
    const real = spawnSync('/usr/bin/codesign', [flag, file], { encoding: 'utf8' }).stderr;
    const double = spawnSync(join(DOUBLES_DIR, 'codesign'), [flag, file], { encoding: 'utf8', env: { ...process.env, HOME: dir } }).stderr;
    // Lines the double does not print (a stapled ticket, Info.plist entries…) are left out.
    expect(keys(real).filter((k) => keys(double).includes(k))).toEqual(keys(double));
  });
});
