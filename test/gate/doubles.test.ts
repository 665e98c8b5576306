import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SIMULATED_MAC } from './paths.js';
import { REAL_PYTHON } from '../helpers/fake-python.js';
import { run } from '../helpers/sandbox.js';
import { DOUBLES_DIR } from '../guard/guard-sandbox.js';
import { ensureGateFixtures, llvmTools } from './macho-fixtures.js';
import { fixture } from '../darwin/fixture-path.js';

// The doubles' outputs against what Apple's tools print, line by line in
// the real order. The real pastes, by source:
// - uv 16726 (https://github.com/astral-sh/uv/issues/16726): `codesign -dvvv`
//   on a uv Python ("Signature=adhoc", "TeamIdentifier=not set"), `spctl
//   --assess --verbose` ("rejected"), `spctl --status` ("assessments enabled").
// - 1jehuang/jcode#1233: `codesign -dv --verbose=4` on an ad-hoc binary:
//   "…Signature=adhoc / Info.plist=not bound / TeamIdentifier=not set /
//   Sealed Resources=none / Internal requirements count=0 size=12".
// - signalapp/Signal-Desktop#7047: `codesign -dv --verbose=4` (Developer ID):
//   Hash type, CandidateCDHash, CandidateCDHashFull, Hash choices, CMSDigest,
//   CMSDigestType, …, Page size=4096, CDHash, Signature size, Authority…,
//   Timestamp, …, TeamIdentifier, Runtime Version, Sealed Resources, Internal
//   requirements.
// - -dvvvv on ad-hoc Mach-O files, with the lines -vvvv adds around Page
//   size: an Electron main executable, linker-signed (electron-builder's
//   log in MassUGC's CI: "VersionPlatform=1 / VersionMin=786432 /
//   VersionSDK=1703936 / … / CMSDigestType=2 / Executable Segment base=0 /
//   Executable Segment limit=16384 / Executable Segment flags=0x1 / Page
//   size=4096 / CDHash=… / Signature=adhoc"), debugserver in a cryptex
//   (`codesign -dv --verbose=4`: the same order, "Internal requirements
//   count=0 size=12"), and /bin/ps (`codesign -d -vvvvvv`, quoted in
//   HackTricks' macOS code-signing page).
// - real-world-systems.com's codesign.1 page: -dv, -dvv, -dvvv of
//   /usr/bin/login: "Platform identifier=15" for Apple's own binaries, no
//   VersionPlatform or Executable Segment lines below -vvvv, and "Signed
//   Time=" for a signature without a secure timestamp.
// - Developer ID with hardened runtime: Google Chrome (fleetdm/fleet#23476,
//   `codesign -dvv`): "Signature size / Authority ×3 / Timestamp=Oct 28, 2024
//   at 8:44:08 PM / Notarization Ticket=stapled / Info.plist entries /
//   TeamIdentifier / Runtime Version=14.0.0 / Sealed Resources / Internal
//   requirements count=1 size=288"; a notarized app's `codesign -dvv` in a
//   public write-up: "Timestamp=Sep 15, 2026 at 9:07:50 PM".
// The keys of those pastes, in order.
const REAL_ADHOC_DVVV = [
  'Executable', 'Identifier', 'Format', 'CodeDirectory v', 'Hash type', 'CandidateCDHash sha256', 'CandidateCDHashFull sha256',
  'Hash choices', 'CMSDigest', 'CMSDigestType', 'CDHash', 'Signature', 'Info.plist', 'TeamIdentifier', 'Sealed Resources', 'Internal requirements',
];
const REAL_ADHOC_DVVVV = [
  ...REAL_ADHOC_DVVV.slice(0, 4), 'VersionPlatform', 'VersionMin', 'VersionSDK', ...REAL_ADHOC_DVVV.slice(4, 10),
  'Executable Segment base', 'Executable Segment limit', 'Executable Segment flags', 'Page size', ...REAL_ADHOC_DVVV.slice(10),
];
const REAL_ADHOC_DV = ['Executable', 'Identifier', 'Format', 'CodeDirectory v', 'Signature', 'Info.plist', 'TeamIdentifier', 'Sealed Resources', 'Internal requirements'];
// Chrome's -dvv, less what only an app bundle has (a stapled ticket, Info.plist entries).
const REAL_DEVELOPER_ID_DVV = [
  'Executable', 'Identifier', 'Format', 'CodeDirectory v', 'Signature size', 'Authority', 'Authority', 'Authority', 'Timestamp',
  'Info.plist', 'TeamIdentifier', 'Runtime Version', 'Sealed Resources', 'Internal requirements count',
];
const REAL_DEVELOPER_ID_DV = REAL_DEVELOPER_ID_DVV.filter((k) => k !== 'Authority');

function work(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uv-shim-doubles-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function copy(dir: string, name: string): string {
  const file = join(dir, name);
  copyFileSync(join(ensureGateFixtures(), name), file);
  chmodSync(file, 0o755);
  return file;
}

const tool = (name: string, args: string[], home: string, env: NodeJS.ProcessEnv = {}) =>
  run(join(DOUBLES_DIR, name), args, { env: { ...process.env, HOME: home, ...env } });
const keys = (text: string) => text.trim().split('\n').map((l) => l.replace(/[=:].*$/, '').replace(/ sha256$/, ' sha256'));

describe.runIf(SIMULATED_MAC)('the codesign double', () => {
  it.each([
    ['-dv', REAL_ADHOC_DV],
    ['-dvvv', REAL_ADHOC_DVVV],
    ['-dvvvv', REAL_ADHOC_DVVVV],
  ])('`codesign %s` prints the real lines in the real order', async (flag, want) => {
    const dir = work();
    const file = copy(dir, 'math.cpython-311-darwin.so');
    const r = await tool('codesign', [flag, file], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(0);
    expect(keys(r.stderr).map((k) => k.replace(/^(CandidateCDHash(Full)?) sha256$/, '$1 sha256'))).toEqual(want);
    expect(r.stderr).toContain('flags=0x20002(adhoc,linker-signed)');
    expect(r.stderr).toContain('Internal requirements=none');
  });

  it('prints the real -vvvv values: build version, executable segment and page size from the file', async () => {
    const dir = work();
    const file = copy(dir, 'math.cpython-311-darwin.so');
    const shown = (await tool('codesign', ['-dvvvv', file], dir)).stderr;
    // ld64.lld wrote LC_BUILD_VERSION macOS 11.0, SDK 14.0 (macho-fixtures.ts): 0x000B0000, 0x000E0000.
    expect(shown).toMatch(/^VersionPlatform=1\nVersionMin=720896\nVersionSDK=917504$/m);
    // A bundle: its __TEXT from offset 0, and no main-binary flag.
    expect(shown).toMatch(/^Executable Segment base=0\nExecutable Segment limit=\d+\nExecutable Segment flags=0x0\nPage size=4096$/m);
    expect(shown).not.toMatch(/^(Timestamp|Signed Time|Runtime Version|Platform identifier)=/m);
  });

  it.each([
    ['-dv', REAL_DEVELOPER_ID_DV],
    ['-dvv', REAL_DEVELOPER_ID_DVV],
  ])('`codesign %s` on a Developer ID binary prints the real lines, Timestamp and Runtime Version read from its signature', async (flag, want) => {
    const dir = work();
    const file = join(dir, 'sentry-cli');
    // @sentry/cli-darwin 3.8.0 (test/setup/fixtures.ts): Developer ID, hardened runtime, a secure timestamp.
    copyFileSync(fixture('sentry-cli'), file);
    const r = await tool('codesign', [flag, file], dir, { TZ: 'UTC' });
    expect(r.code).toBe(0);
    expect(keys(r.stderr)).toEqual(want);
    // The timestamp token's genTime (20260916141656Z) in local time, and the
    // CodeDirectory's runtime version (0x001A0500).
    expect(r.stderr).toContain('\nTimestamp=Sep 16, 2026 at 2:16:56 PM\n');
    expect(r.stderr).toContain('\nRuntime Version=26.5.0\n');
    expect(r.stderr).toContain('\nInternal requirements count=1 size=188\n');
    expect((await tool('codesign', [flag, file], dir, { TZ: 'America/New_York' })).stderr).toContain('\nTimestamp=Sep 16, 2026 at 10:16:56 AM\n');
  });

  it('re-signs through FILE.cstemp and a rename: new inode, N+2 slots, empty requirements, new identifier, 16 KiB arm64 pages, every slice', async () => {
    const dir = work();
    const file = copy(dir, 'libpython3.11.dylib');
    execFileSync(REAL_PYTHON, ['-c', `import os; os.setxattr(${JSON.stringify(file)}, 'user.com.apple.provenance', bytes.fromhex('0102003412785634120000'))`]);
    const inode = statSync(file).ino;
    const strace = await tool('codesign', ['--force', '--sign', '-', file], dir);
    expect(strace).toMatchObject({ code: 0, stderr: `${file}: replacing existing signature\n` });
    expect(statSync(file).ino).not.toBe(inode);
    const shown = (await tool('codesign', ['-dvvvv', file], dir)).stderr;
    expect(shown).toMatch(/^Identifier=libpython3\.11$/m);
    expect(shown).toMatch(/^Format=Mach-O universal \(x86_64 arm64\)$/m);
    expect(shown).toMatch(/^CodeDirectory v=20400 size=\d+ flags=0x2\(adhoc\) hashes=\d+\+2 location=embedded$/m);
    expect(shown).toMatch(/^Page size=16384$/m);
    expect(shown).toMatch(/^Internal requirements count=0 size=12$/m);
    expect((await tool('codesign', ['--verify', '--strict', '-vv', file], dir)).stderr).toBe(`${file}: valid on disk\n${file}: satisfies its Designated Requirement\n`);
    // llvm-objdump, an independent reader, finds a code signature in both slices.
    const objdump = llvmTools().mc.replace(/llvm-mc(-\d+)?$/, 'llvm-objdump$1');
    const text = execFileSync(objdump, ['--macho', '--private-headers', '--arch=all', file], { encoding: 'utf8' });
    expect(text.match(/LC_CODE_SIGNATURE/g)).toHaveLength(2);
    // The attributes come along, as codesign keeps a file's metadata.
    expect(execFileSync(REAL_PYTHON, ['-c', `import os; print(os.listxattr(${JSON.stringify(file)}))`], { encoding: 'utf8' })).toContain('provenance');
  });

  it('adds a first signature to an unsigned Mach-O', async () => {
    const dir = work();
    const file = copy(dir, 'unsigned-x86_64.so');
    expect(await tool('codesign', ['-dvvv', file], dir)).toMatchObject({ code: 1, stderr: `${file}: code object is not signed at all\n` });
    expect((await tool('codesign', ['-s', '-', file], dir)).code).toBe(0);
    expect((await tool('codesign', ['-dvvvv', file], dir)).stderr).toMatch(/^Page size=4096$/m);
  });

  it.each([
    ['UV_SHIM_TEST_CODESIGN_NO_CLT', 'the codesign_allocate helper tool cannot be found or used'],
    ['UV_SHIM_TEST_CODESIGN_BLOCK', 'Operation not permitted'],
  ])('with %s, fails as the real tool does and leaves the file alone', async (name, text) => {
    const dir = work();
    const file = copy(dir, 'math.cpython-311-darwin.so');
    const before = readFileSync(file);
    const r = await tool('codesign', ['--force', '--sign', '-', file], dir, { [name]: '1' });
    expect(r).toMatchObject({ code: 1, stderr: `${file}: replacing existing signature\n${file}: ${text}\n` });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it.each([
    [['--verify'], '', 0],
    [['--verify', '-v'], 'valid on disk', 0],
    [['-s', '-'], 'is already signed', 1],
    [['--bogus'], "unrecognized option `--bogus'", 2],
  ])('codesign %j: exit %#', async (args, text, code) => {
    const dir = work();
    const file = copy(dir, 'math.cpython-311-darwin.so');
    const r = await tool('codesign', [...args, file], dir);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(text);
  });
});

describe.runIf(SIMULATED_MAC)('the spctl double', () => {
  it.each([
    ['math.cpython-311-darwin.so', null, 3, (f: string) => `${f}: rejected\n`],
    ['unsigned-arm64.so', null, 3, (f: string) => `${f}: rejected\nsource=no usable signature\n`],
    ['math.cpython-311-darwin.so', 20_000, 1, (f: string) => `${f}: invalid signature (code or signature have been modified)\n`],
  ])('assesses %s (byte %s flipped): exit %i', async (name, flip, code, text) => {
    const dir = work();
    const file = copy(dir, name);
    if (flip !== null) {
      const b = readFileSync(file);
      b[flip] = b[flip]! ^ 0xff;
      writeFileSync(file, b);
    }
    const r = await tool('spctl', ['--assess', '--type', 'execute', '-vv', file], dir);
    expect(r).toMatchObject({ code, stderr: text(file) });
  });

  it('answers --status, and refuses an unknown --type', async () => {
    const dir = work();
    expect((await tool('spctl', ['--status'], dir)).stdout.toString()).toBe('assessments enabled\n');
    expect(await tool('spctl', ['--status'], dir, { UV_SHIM_TEST_SPCTL_DISABLED: '1' })).toMatchObject({ code: 1 });
    expect((await tool('spctl', ['--assess', '--type', 'bogus', '/bin/sh'], dir)).code).toBe(2);
  });
});

describe.runIf(SIMULATED_MAC)('the xattr double', () => {
  it.each([
    [['-d', 'com.apple.quarantine'], 1, (f: string) => `xattr: ${f}: No such xattr: com.apple.quarantine\n`],
    [['-p', 'com.apple.quarantine'], 1, (f: string) => `xattr: ${f}: No such xattr: com.apple.quarantine\n`],
    [['-l'], 0, () => ''],
  ])('xattr %j FILE: exit %i and the real text', async (args, code, text) => {
    const dir = work();
    const file = copy(dir, 'math.cpython-311-darwin.so');
    expect(await tool('xattr', [...args, file], dir)).toMatchObject({ code, stderr: text(file) });
  });

  it('writes, lists (-l), prints (-px), clears (-c) and recurses (-r)', async () => {
    const dir = work();
    const file = copy(dir, 'math.cpython-311-darwin.so');
    expect((await tool('xattr', ['-wx', 'com.apple.provenance', '01 02 00 34 12 78 56 34 12 00 00', file], dir)).code).toBe(0);
    expect((await tool('xattr', ['-w', 'com.apple.quarantine', '0081;6740a0c0;uv;', file], dir)).code).toBe(0);
    const listed = (await tool('xattr', ['-l', file], dir)).stdout.toString();
    expect(listed).toBe(
      'com.apple.provenance:\n00000000  01 02 00 34 12 78 56 34 12 00 00                 |...4.xV4...|\n0000000B\ncom.apple.quarantine: 0081;6740a0c0;uv;\n',
    );
    expect((await tool('xattr', ['-px', 'com.apple.provenance', file], dir)).stdout.toString()).toBe('01 02 00 34 12 78 56 34 12 00 00\n');
    expect((await tool('xattr', ['-cr', dir], dir)).code).toBe(0);
    expect((await tool('xattr', [file], dir)).stdout.toString()).toBe('');
    expect(await tool('xattr', [join(dir, 'missing')], dir)).toMatchObject({ code: 1, stderr: `xattr: No such file: ${join(dir, 'missing')}\n` });
  });
});

describe.runIf(SIMULATED_MAC)('the xcode-select double', () => {
  it('prints the tools\' directory, or the real error and exit 2 without the Command Line Tools', async () => {
    const dir = work();
    expect((await tool('xcode-select', ['-p'], dir)).stdout.toString()).toBe('/Library/Developer/CommandLineTools\n');
    const missing = await tool('xcode-select', ['-p'], dir, { UV_SHIM_TEST_CODESIGN_NO_CLT: '1' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^xcode-select: error: unable to get active developer directory\. .*`xcode-select --install`/);
  });
});

describe.runIf(SIMULATED_MAC)('the log double', () => {
  it('prints nothing but the end line for an empty store, and fails like `log` without access', async () => {
    const dir = work();
    const r = await tool('log', ['show', '--style', 'ndjson', '--last', '30s', '--predicate', 'eventMessage CONTAINS "CODE SIGNING"'], dir);
    expect(r.stdout.toString()).toBe('{"count": 0, "finished": 1}\n');
    const failed = await tool('log', ['show', '--style', 'ndjson', '--last', '30s'], dir, { UV_SHIM_TEST_LOG_STORE_FAIL: '1' });
    expect(failed.code).toBe(74);
    expect(failed.stderr).toMatch(/^log: Could not open local log store/);
    expect((await tool('log', ['show', '--predicate', 'nonsense'], dir)).code).toBe(64);
  });
});
