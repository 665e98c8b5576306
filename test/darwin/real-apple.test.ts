import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { adhocResignPath as adhocResign, codesignDisplay, codesignVerify } from '../../src/darwin/codesign.js';
import { inspectFile } from '../../src/darwin/inspect.js';
import { spctlAssess } from '../../src/darwin/spctl.js';
import { getXattr, listXattrs, removeXattr, setXattr } from '../../src/darwin/xattr.js';

// Against Apple's own tools and kernel: runs in the macOS CI job only.
const CANARY = 'uv-shim-canary-0123456789';
const env = { ...process.env, UV_SHIM_PLATFORM: undefined, UV_SHIM_CODESIGN: undefined, UV_SHIM_SPCTL: undefined };

// A tiny program, ad-hoc signed by the linker on Apple Silicon (and by
// codesign on Intel, where the linker does not sign).
function buildTiny(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uv-shim-apple-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'tiny.c'), `#include <stdio.h>\nint main(void) { puts("${CANARY}"); return 0; }\n`);
  const exe = join(dir, 'tiny');
  execFileSync('cc', ['-O0', '-o', exe, join(dir, 'tiny.c')]);
  if (process.arch !== 'arm64') execFileSync('/usr/bin/codesign', ['--sign', '-', exe]);
  return exe;
}

describe.runIf(process.platform === 'darwin')('on a real Mac', () => {
  it('reads a freshly linked binary as ad-hoc and valid, like codesign does', async () => {
    const exe = buildTiny();
    const report = await inspectFile(exe, { env });
    expect(report.problem).toBeNull();
    expect(report.slices[0]).toMatchObject({ signed: true, adhoc: true, valid: true, cms: false, teamId: null });
    const display = await codesignDisplay(exe, env);
    expect(display.signature).toBe('adhoc');
    expect(display.cdVersion).toBe(report.slices[0]!.cdVersion);
    expect(display.identifier).toBe(report.slices[0]!.identifier);
    expect(display.cdFlagNames.includes('linker-signed')).toBe(report.slices[0]!.linkerSigned);
    expect((await codesignVerify(exe, env)).ok).toBe(true);
    expect((await spctlAssess(exe, env)).verdict).toBe('rejected');
  });

  it.runIf(process.arch === 'arm64')('a flipped byte in a code page gets SIGKILL; an ad-hoc re-sign makes it run', async () => {
    const exe = buildTiny();
    const bytes = readFileSync(exe);
    const at = bytes.indexOf(CANARY);
    expect(at).toBeGreaterThan(0);
    bytes[at] = 'U'.charCodeAt(0);
    writeFileSync(exe, bytes);

    const report = await inspectFile(exe, { env });
    expect(report.slices[0]).toMatchObject({ valid: false, firstBadPage: Math.floor(at / report.slices[0]!.pageSize!) });
    expect((await codesignVerify(exe, env)).ok).toBe(false);
    expect(spawnSync(exe).signal).toBe('SIGKILL');

    const repair = await adhocResign(exe, env);
    expect(repair).toMatchObject({ ok: true, blocked: false });
    expect((await inspectFile(exe, { env })).slices[0]).toMatchObject({ valid: true, adhoc: true });
    const ran = spawnSync(exe, { encoding: 'utf8' });
    expect([ran.status, ran.stdout]).toEqual([0, `U${CANARY.slice(1)}\n`]);
  });

  it('reads, writes and removes com.apple.quarantine with real names', async () => {
    const exe = buildTiny();
    await setXattr(exe, 'com.apple.quarantine', '0083;65b0c2f1;Safari;', env);
    expect((await getXattr(exe, 'com.apple.quarantine', env))!.toString()).toBe('0083;65b0c2f1;Safari;');
    expect(Object.keys(await listXattrs(exe, env))).toContain('com.apple.quarantine');
    expect((await inspectFile(exe, { env })).quarantine).toMatchObject({ flags: '0083', agent: 'Safari' });
    await removeXattr(exe, 'com.apple.quarantine', env);
    await removeXattr(exe, 'com.apple.quarantine', env);
    expect(await getXattr(exe, 'com.apple.quarantine', env)).toBeNull();
  });
});
