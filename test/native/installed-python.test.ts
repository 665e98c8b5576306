import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { firstRunCountHook } from '../../src/first-run/count-hook.js';
import { wantsLibraryCount } from '../../src/first-run/wants.js';
import { HookState } from '../../src/hooks/state.js';
import type { PostExitContext } from '../../src/hooks/types.js';
import { createLogger } from '../../src/log.js';
import { parseUvCommand } from '../../src/uv/command.js';
import { SIMULATED_MAC } from '../gate/paths.js';
import { llvmTools } from '../gate/macho-fixtures.js';
import { inspectFile } from '../../src/darwin/inspect.js';
import { makeFakePython, REAL_PYTHON_MINOR } from '../helpers/fake-python.js';
import { runReal, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, toolCalls, type GuardSandbox } from '../guard/guard-sandbox.js';

// uv cannot download Pythons here, so the post-exit pass is driven as the
// shim runs it after `uv python install` exits 0, against an installation
// on disk; then the real uv runs that Python through the exec gate.
function afterInstall(sb: GuardSandbox, args: string[], code: number, lines: string[]): PostExitContext {
  return {
    tool: 'uv', args, command: parseUvCommand('uv', args), realUv: sb.realUv, env: sb.env, cwd: sb.work,
    platform: 'darwin', config: { ...DEFAULT_CONFIG }, log: createLogger('warn', (t) => lines.push(t)),
    shared: new HookState(), attempt: 1, result: { code, signal: null },
  };
}

// One byte of the file's arm64 code flipped, on a new inode (as an unpacked
// archive leaves it).
function corruptArm64(file: string): void {
  const bytes = readFileSync(file);
  let start = 0;
  if (bytes.readUInt32BE(0) === 0xcafebabe) {
    for (let i = 0; i < bytes.readUInt32BE(4); i++) if (bytes.readUInt32BE(8 + i * 20) === 0x0100000c) start = bytes.readUInt32BE(8 + i * 20 + 8);
  }
  bytes[start + 20_000] = bytes[start + 20_000]! ^ 0xff;
  writeFileSync(`${file}.tmp`, bytes);
  renameSync(`${file}.tmp`, file);
}

// One slice's bytes, taken out with the real lipo interface (llvm-lipo).
function slice(sb: GuardSandbox, file: string, arch: string): Buffer {
  const out = join(sb.root, `slice-${arch}-${Date.now()}`);
  execFileSync(llvmTools().lipo, [file, '-thin', arch, '-output', out]);
  return readFileSync(out);
}

const IMPORT_JSON = ['run', '--no-project', '--managed-python', '-p', REAL_PYTHON_MINOR, 'python', '-c', 'import _json; print("imported")'];
const signCalls = (sb: GuardSandbox) => toolCalls(sb).filter((c) => c.startsWith('codesign ') && c.includes('--sign'));

describe.runIf(SIMULATED_MAC)('after uv python install: the new interpreter\'s lib-dynload', () => {
  it('is checked and a corrupted extension re-signed before anything runs it', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    const so = join(fake.dynload, `_json.${fake.darwinTag}.so`);
    const pristine = join(sb.root, 'pristine.so');
    copyFileSync(so, pristine);
    corruptArm64(so);
    // Control: as installed, the gate kills the first process that imports
    // _json (uv's own interpreter query does: exit 2, "signal: 9").
    const direct = await runReal(sb, 'uv', IMPORT_JSON);
    expect(direct.code).not.toBe(0);
    expect(direct.stderr).toContain('SIGKILL');

    // A fresh copy of the same corrupted file (a new inode the gate has not mapped).
    copyFileSync(pristine, so);
    corruptArm64(so);
    const lines: string[] = [];
    const ctx = afterInstall(sb, ['python', 'install', REAL_PYTHON_MINOR], 0, lines);
    // The shim loads this pass for `uv python install` on macOS.
    expect(wantsLibraryCount(ctx)).toBe(true);
    await firstRunCountHook.postExit!(ctx);
    expect(repairLogEntries(sb)).toMatchObject([{ file: so, status: 'repaired', before: 'bad-signature', after: 'ok' }]);
    expect(lines.join('\n')).toContain(`repaired ${so}`);
    expect(signCalls(sb)).toHaveLength(1);

    const r = await runShim(sb, 'uv', IMPORT_JSON);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.toString()).toBe('imported\n');
    // Checked once: the next install's pass answers every file by fingerprint.
    await firstRunCountHook.postExit!(afterInstall(sb, ['python', 'install', REAL_PYTHON_MINOR], 0, []));
    expect(signCalls(sb)).toHaveLength(1);
  });

  // codesign signs every slice of a universal file (codesign(1): `-a` is
  // for verifying and displaying): the shim re-signs the bad one alone.
  it('re-signs only the bad arm64 slice of a universal extension, leaving its x86_64 slice byte for byte', async () => {
    const sb = makeGuardSandbox();
    sb.env.UV_SHIM_LIPO = llvmTools().lipo;
    const fake = makeFakePython(sb.pythons);
    const so = join(fake.dynload, `_json.${fake.darwinTag}.so`);
    corruptArm64(so);
    const x86Before = slice(sb, so, 'x86_64');
    const arm64Before = slice(sb, so, 'arm64');
    await firstRunCountHook.postExit!(afterInstall(sb, ['python', 'install', REAL_PYTHON_MINOR], 0, []));
    const [entry] = repairLogEntries(sb);
    expect(entry).toMatchObject({ file: so, status: 'repaired', after: 'ok' });
    const commands = entry!.commands as string[];
    expect(commands.some((c) => / -thin arm64 -output /.test(c))).toBe(true);
    expect(commands.some((c) => / -replace arm64 /.test(c))).toBe(true);
    // codesign ran once, on the thin arm64 file, never on the universal one.
    const signs = signCalls(sb);
    expect(signs).toHaveLength(1);
    expect(signs[0]).toMatch(/\.arm64$/);
    expect(slice(sb, so, 'x86_64').equals(x86Before)).toBe(true);
    expect(slice(sb, so, 'arm64').equals(arm64Before)).toBe(false);
    const report = await inspectFile(so, { env: sb.env });
    expect(report.slices.map((s) => [s.arch, s.valid]).sort()).toEqual([['arm64', true], ['x86_64', true]]);
    const r = await runShim(sb, 'uv', IMPORT_JSON);
    expect(r.code, r.stderr).toBe(0);
  });

  it('is left alone when the install failed', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    corruptArm64(join(fake.dynload, `_json.${fake.darwinTag}.so`));
    await firstRunCountHook.postExit!(afterInstall(sb, ['python', 'install', REAL_PYTHON_MINOR], 1, []));
    expect(repairLogEntries(sb)).toEqual([]);
    expect(signCalls(sb)).toHaveLength(0);
  });
});
