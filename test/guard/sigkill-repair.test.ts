import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_DIRECTORY_XATTR, countStarts, makeFakePython, PROVENANCE_XATTR, rejectCurrentIdentity, xattrNames } from '../helpers/fake-python.js';
import { runReal, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, RUN_MANAGED, toolCalls } from './guard-sandbox.js';

const signCalls = (calls: string[]) => calls.filter((c) => c.startsWith('codesign ') && c.includes('--sign'));

// uv issue 16726 end to end: a uv-managed interpreter carrying provenance
// and no fresh signature is SIGKILLed on start, until it is re-signed.
describe('an interpreter macOS kills', () => {
  it('makes the real uv fail, and runs through the shim after one logged repair', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });

    const direct = await runReal(sb, 'uv', RUN_MANAGED);
    expect(direct.code).toBe(2);
    expect(direct.stderr).toContain(`Querying Python at \`${fake.executable}\` failed with exit status signal: 9 (SIGKILL)`);

    const shim = await runShim(sb, 'uv', RUN_MANAGED);
    expect(shim.code).toBe(0);
    expect(shim.stdout.toString()).toBe('hello from python\n');
    const told = shim.stderr.split('\n').filter((l) => l.includes('uv-shim'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('repaired');
    expect(told[0]).toContain('python');

    const log = repairLogEntries(sb);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ file: fake.executable, status: 'repaired', before: 'killed', after: 'ok' });
    expect(String(log[0]!.signatureBefore)).toMatch(/com\.apple\.provenance/);
    expect((log[0]!.commands as string[]).some((c) => c.includes('--sign -') && c.includes(fake.executable))).toBe(true);
    expect(signCalls(toolCalls(sb))).toHaveLength(1);
    expect(xattrNames(fake.executable)).toContain(CODE_DIRECTORY_XATTR);
    expect(xattrNames(fake.executable)).not.toContain(PROVENANCE_XATTR);
  });

  it('spawns nothing on the next run: no probe, no codesign, no spctl', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    expect((await runShim(sb, 'uv', RUN_MANAGED)).code).toBe(0);
    // Once more directly, so uv's own interpreter cache is as warm as it gets.
    expect((await runReal(sb, 'uv', RUN_MANAGED)).code).toBe(0);
    const tools = toolCalls(sb).length;

    const before = countStarts(fake).total;
    const warm = await runShim(sb, 'uv', RUN_MANAGED);
    expect(warm.code).toBe(0);
    expect(warm.stderr).toBe('');
    const viaShim = countStarts(fake).total - before;
    expect((await runReal(sb, 'uv', RUN_MANAGED)).code).toBe(0);
    const viaReal = countStarts(fake).total - before - viaShim;

    expect(viaShim).toBe(viaReal);
    expect(toolCalls(sb)).toHaveLength(tools);
    expect(repairLogEntries(sb)).toHaveLength(1);
  });

  it('survives a corrupt verdict cache and rebuilds it', async () => {
    const sb = makeGuardSandbox();
    makeFakePython(sb.pythons, { provenance: true });
    expect((await runShim(sb, 'uv', RUN_MANAGED)).code).toBe(0);
    const cache = join(sb.shimCache, 'verdicts.json');
    writeFileSync(cache, '{"format":1,"entries":{"/x":{"fp":');

    const after = await runShim(sb, 'uv', RUN_MANAGED);
    expect(after.code).toBe(0);
    expect(after.stdout.toString()).toBe('hello from python\n');
    expect(after.stderr).toBe('');
    const rebuilt = JSON.parse(readFileSync(cache, 'utf8')) as { entries: Record<string, { state: string }> };
    expect(Object.values(rebuilt.entries).map((e) => e.state)).toEqual(['ok']);
    expect(repairLogEntries(sb)).toHaveLength(1);
  });

  it('is repaired after uv dies when it turned bad overnight behind a cached "ok"', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    const healthy = await runShim(sb, 'uv', RUN_MANAGED);
    expect(healthy.code).toBe(0);
    expect(healthy.stderr).toBe('');
    // Same bytes, same stat: the warm path still says ok, and uv gets killed.
    rejectCurrentIdentity(fake);
    const next = await runShim(sb, 'uv', RUN_MANAGED);
    expect(next.stderr).toContain('failed with exit status signal: 9 (SIGKILL)');
    expect(next.stderr).toContain('repaired');
    expect(next.code).toBe(0);
    expect(next.stdout.toString()).toBe('hello from python\n');
    expect(repairLogEntries(sb)).toMatchObject([{ file: fake.executable, status: 'repaired' }]);
  });
});
