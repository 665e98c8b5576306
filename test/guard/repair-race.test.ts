import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { checkCandidate } from '../../src/guard/check.js';
import { lockFile } from '../../src/guard/file-lock.js';
import { fingerprintOf } from '../../src/common/fingerprint.js';
import { repairCandidate } from '../../src/guard/repair.js';
import type { Candidate } from '../../src/guard/types.js';
import { verdictCachePath, writeVerdicts } from '../../src/guard/verdict-cache.js';
import { createLogger } from '../../src/log.js';
import { resignedLocally, makeFakePython, makeFakePythonFile, PROVENANCE_XATTR, rejectCurrentIdentity, xattrNames, type FakePython } from '../helpers/fake-python.js';
import { makeGuardSandbox, toolCalls, type GuardSandbox } from './guard-sandbox.js';

// A managed interpreter the system kills (the overnight model), checked
// once, and a repair of it started while another shim holds the lock: the
// test does what that shim does, then releases the lock.
async function repairWhileLocked(meanwhile: (sb: GuardSandbox, fake: FakePython) => Promise<void>) {
  const sb = makeGuardSandbox();
  const fake = makeFakePython(sb.pythons);
  rejectCurrentIdentity(fake);
  const candidate: Candidate = {
    file: fake.executable, via: fake.links[0]!, kind: 'executable', source: 'managed', installation: fake.root, managed: true,
  };
  const opts = {
    env: sb.env, platform: 'darwin' as const, config: { ...DEFAULT_CONFIG, hooks: { preExec: [], postExit: [] } },
    log: createLogger('silent'), useCache: true, interactive: false,
  };
  const verdict = await checkCandidate(candidate, opts);
  expect(verdict.state).toBe('killed');
  const other = await lockFile(sb.shimCache, fake.executable);
  const waiting = repairCandidate(candidate, verdict, opts);
  await meanwhile(sb, fake);
  other!.release();
  return { sb, outcome: await waiting, signs: toolCalls(sb).filter((c) => c.includes('--sign')) };
}

// A shim that waited for the repair lock looks at the file again before it
// repairs: what another shim left there decides whether it is fixed.
describe.runIf(SIMULATED_MAC)('a repair that waited for another shim', () => {
  // Containment was decided before the wait; a directory on the file's path
  // turned into a link meanwhile must not carry the re-sign out of the tree.
  it('touches nothing when a directory on the path became a link to a file outside', async () => {
    let target = '';
    const { outcome, signs } = await repairWhileLocked(async (sb, fake) => {
      const outside = join(sb.root, 'elsewhere');
      mkdirSync(outside);
      target = makeFakePythonFile(join(outside, 'python3.11'), join(outside, 'starts.log'), { provenance: true });
      renameSync(join(fake.root, 'bin'), join(fake.root, 'bin.old'));
      symlinkSync(outside, join(fake.root, 'bin'));
    });
    expect(outcome).toMatchObject({ status: 'skipped', skipped: { kind: 'changed' } });
    expect(signs).toEqual([]);
    expect(xattrNames(target)).toContain(PROVENANCE_XATTR);
    expect(resignedLocally(target)).toBe(false);
  });

  it('does not count a file the other shim could not repair (blocked) as helped', async () => {
    // The system refuses the other shim's repair: it marks this very file
    // version blocked.
    const { outcome, signs } = await repairWhileLocked(async (sb, fake) => {
      const fp = fingerprintOf(fake.executable)!;
      await writeVerdicts(verdictCachePath(sb.env, 'darwin'), {
        [fake.executable]: { fp, state: 'blocked', reason: 'Operation not permitted', at: Date.now(), noRepair: true },
      });
    });
    expect(outcome).toMatchObject({ status: 'skipped', skipped: { kind: 'failed-elsewhere' } });
    expect(signs).toEqual([]);
  });
});
