import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { checkCandidate } from '../../src/guard/check.js';
import { lockFile } from '../../src/guard/file-lock.js';
import { fingerprintOf } from '../../src/guard/fingerprint.js';
import { repairCandidate } from '../../src/guard/repair.js';
import type { Candidate } from '../../src/guard/types.js';
import { verdictCachePath, writeVerdicts } from '../../src/guard/verdict-cache.js';
import { createLogger } from '../../src/log.js';
import { CODE_DIRECTORY_XATTR, makeFakePython, makeFakePythonFile, PROVENANCE_XATTR, rejectCurrentIdentity, xattrNames } from '../helpers/fake-python.js';
import { makeGuardSandbox, toolCalls } from './guard-sandbox.js';

function darwinOptions(env: NodeJS.ProcessEnv) {
  return {
    env, platform: 'darwin' as const, config: { ...DEFAULT_CONFIG, hooks: { preExec: [], postExit: [] } },
    log: createLogger('silent'), useCache: true, interactive: false,
  };
}

// A shim that waited for the repair lock looks at the file again before it
// repairs: what another shim left there decides whether it is fixed.
describe('a repair that waited for another shim', () => {
  // Containment was decided before the wait; a directory on the file's path
  // turned into a link meanwhile must not carry the re-sign out of the tree.
  it('touches nothing when a directory on the path became a link to a file outside', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    rejectCurrentIdentity(fake);
    const outside = join(sb.root, 'elsewhere');
    mkdirSync(outside);
    const target = makeFakePythonFile(join(outside, 'python3.11'), join(outside, 'starts.log'), { provenance: true });
    const candidate: Candidate = {
      file: fake.executable, via: fake.links[0]!, kind: 'executable', source: 'managed', installation: fake.root, managed: true,
    };
    const opts = darwinOptions(sb.env);
    const verdict = await checkCandidate(candidate, opts);
    expect(verdict.state).toBe('killed');

    const other = await lockFile(sb.shimCache, fake.executable);
    const waiting = repairCandidate(candidate, verdict, opts);
    renameSync(join(fake.root, 'bin'), join(fake.root, 'bin.old'));
    symlinkSync(outside, join(fake.root, 'bin'));
    other!.release();

    const outcome = await waiting;
    expect(outcome.helped).toBe(false);
    expect(toolCalls(sb).filter((c) => c.includes('--sign'))).toEqual([]);
    expect(xattrNames(target)).toContain(PROVENANCE_XATTR);
    expect(xattrNames(target)).not.toContain(CODE_DIRECTORY_XATTR);
  });

  it('does not count a file the other shim could not repair (blocked) as helped', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    rejectCurrentIdentity(fake);
    const candidate: Candidate = {
      file: fake.executable, via: fake.links[0]!, kind: 'executable', source: 'managed', installation: fake.root, managed: true,
    };
    const opts = darwinOptions(sb.env);
    const verdict = await checkCandidate(candidate, opts);
    expect(verdict.state).toBe('killed');

    // Another shim holds the lock, and the system refuses its repair: it
    // marks this very file version blocked, then lets go.
    const other = await lockFile(sb.shimCache, fake.executable);
    const waiting = repairCandidate(candidate, verdict, opts);
    const fp = fingerprintOf(fake.executable)!;
    await writeVerdicts(verdictCachePath(sb.env, 'darwin'), {
      [fake.executable]: { fp, state: 'blocked', reason: 'Operation not permitted', at: Date.now(), noRepair: true },
    });
    other!.release();

    const outcome = await waiting;
    expect(outcome).toMatchObject({ attempted: false, helped: false });
    expect(outcome.error).toContain('another uv-shim tried');
    expect(toolCalls(sb).filter((c) => c.includes('--sign'))).toEqual([]);
  });
});
