import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { resignedLocally, countStarts, makeFakePython, PROVENANCE_XATTR, rejectCurrentIdentity, xattrNames } from '../helpers/fake-python.js';
import { runReal, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, RUN_MANAGED, toolCalls } from './guard-sandbox.js';

const signCalls = (calls: string[]) => calls.filter((c) => c.startsWith('codesign ') && c.includes('--sign'));

// uv issue 16726 end to end: a uv-managed interpreter carrying provenance
// and no fresh signature is SIGKILLed on start, until it is re-signed.
describe.runIf(SIMULATED_MAC)('an interpreter macOS kills', () => {
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
    expect(resignedLocally(fake.executable)).toBe(true);
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
    // Same bytes, same stat: the warm path still says ok, and uv gets killed
    // querying it (a fresh uv cache makes uv query the interpreter again).
    rejectCurrentIdentity(fake);
    sb.env.UV_CACHE_DIR = join(sb.root, 'uv-cache-next-morning');
    const next = await runShim(sb, 'uv', RUN_MANAGED);
    expect(next.stderr).toContain('failed with exit status signal: 9 (SIGKILL)');
    expect(next.stderr).toContain('repaired');
    expect(next.code).toBe(0);
    expect(next.stdout.toString()).toBe('hello from python\n');
    expect(repairLogEntries(sb)).toMatchObject([{ file: fake.executable, status: 'repaired' }]);
  });

  // With uv's own interpreter cache warm, uv does not query the interpreter:
  // it runs it, and macOS kills it at exec (exit 137). The crash report
  // macOS writes (CODESIGNING code 1, procPath the interpreter, parent uv)
  // proves nothing of the program ran, so after the repair the shim runs
  // the command once more.
  it('runs the command once more when macOS killed the interpreter at exec behind a warm uv cache', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    expect((await runShim(sb, 'uv', RUN_MANAGED)).code).toBe(0);
    rejectCurrentIdentity(fake);
    const before = countStarts(fake);
    const next = await runShim(sb, 'uv', RUN_MANAGED);
    expect(next.stderr).toContain('repaired');
    expect(next.stderr).toContain('Taskgated Invalid Signature');
    expect(next.stderr).toContain('Running your command again (once).');
    expect(next.code).toBe(0);
    expect(next.stdout.toString()).toBe('hello from python\n');
    const after = countStarts(fake);
    // uv's start killed at exec, the shim's probe killed, then the retry's start ran.
    expect(after.killed - before.killed).toBe(2);
    expect(readFileSync(fake.startsLog, 'utf8').trim().split('\n').at(-1)).toMatch(/ ran$/);
    expect(repairLogEntries(sb)).toMatchObject([{ file: fake.executable, status: 'repaired' }]);
  });

  it('says the repair is done and runs nothing again with retry off', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    expect((await runShim(sb, 'uv', RUN_MANAGED)).code).toBe(0);
    rejectCurrentIdentity(fake);
    const next = await runShim(sb, 'uv', RUN_MANAGED, { env: { ...sb.env, UV_SHIM_RETRY: '0' } });
    expect(next.code).toBe(137);
    expect(next.stdout.toString()).toBe('');
    expect(next.stderr).toContain('Run your command again: retry is off, so the shim did not.');
  });

  // The same kill, but uv's child did work of its own before it exec'd the
  // interpreter (same pid, same parent, same report): running the command
  // again would do that work twice.
  it('does not run the command again when uv\'s program did work before it exec\'d the killed interpreter', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    expect((await runShim(sb, 'uv', RUN_MANAGED)).code).toBe(0);
    rejectCurrentIdentity(fake);
    const marker = join(sb.root, 'work-done');
    const program = ['sh', '-c', 'echo work >> "$1"; exec "$2" -c "print(1)"', 'sh', marker, fake.executable];
    const next = await runShim(sb, 'uv', [...RUN_MANAGED.slice(0, 5), ...program]);
    expect(next.code).toBe(137);
    expect(next.stderr).toContain('Taskgated Invalid Signature');
    expect(next.stderr).toContain('repaired');
    expect(next.stderr).not.toContain('Running your command again');
    expect(readFileSync(marker, 'utf8')).toBe('work\n');
  });
});
