import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFakePython, PROVENANCE_XATTR, REAL_PYTHON, resignedLocally, xattrNames } from '../helpers/fake-python.js';
import { makeGuardSandbox, RUN_MANAGED, repairLogEntries, toolCalls } from '../guard/guard-sandbox.js';
import { setGateSwitches, SIMULATED_MAC } from './paths.js';
import { protectionSupport, runProtected } from './protect.js';

// Protected provenance (uv 16726: removing the attribute can fail, or it
// comes back at once; issue 12: "removing provenance can fail (protected)
// or be undone at once, which is expected and not 'a managed Mac'"): the
// gate's `provenanceProtected` switch puts a removed provenance back and the
// xattr double refuses; runProtected makes the kernel refuse every
// removexattr(2) too (test/gate/protect.py), so the shim's own removal, made
// through its native binding, fails with EPERM as it does on a Mac.
const support = protectionSupport();

describe.runIf(SIMULATED_MAC && support.available)(
  support.available ? 'protected provenance: the removal fails for everyone' : `protected provenance (skipped: ${support.reason})`,
  () => {
    it('refuses a removal made with removexattr(2), root included, and leaves renames alone', async () => {
      const dir = join(makeGuardSandbox().root, 'f');
      writeFileSync(dir, '');
      execFileSync(REAL_PYTHON, ['-c', 'import os, sys; os.setxattr(sys.argv[1], "user.com.apple.provenance", b"\\x01\\x02\\x00")', dir]);
      const code = 'import os, sys\ntry:\n    os.removexattr(sys.argv[1], "user.com.apple.provenance")\n    print("removed")\nexcept OSError as e:\n    print(e.errno)\nos.rename(sys.argv[1], sys.argv[1] + ".moved")\nprint("renamed")\n';
      const r = await runProtected(REAL_PYTHON, ['-c', code, dir]);
      expect(r.stdout.toString()).toBe('1\nrenamed\n');
      expect(xattrNames(`${dir}.moved`)).toEqual([PROVENANCE_XATTR]);
    });

    it('makes the shim say the removal was refused and re-sign, which is what cures it', async () => {
      const sb = makeGuardSandbox();
      const fake = makeFakePython(sb.pythons, { provenance: true });
      setGateSwitches(sb.home, { provenanceProtected: true });
      const r = await runProtected(join(sb.shimBin, 'uv'), RUN_MANAGED, { cwd: sb.work, env: sb.env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.toString()).toBe('hello from python\n');
      expect(r.stderr).toContain(`removing com.apple.provenance was refused (Operation not permitted`);
      expect(r.stderr).toMatch(/re-signed (a copy )?(it )?ad hoc/);
      expect(r.stderr).not.toMatch(/managed Mac|could not repair/);
      expect(xattrNames(fake.executable)).toContain(PROVENANCE_XATTR);
      expect(resignedLocally(fake.executable)).toBe(true);
      expect(repairLogEntries(sb)).toMatchObject([{ file: fake.executable, status: 'repaired' }]);
      // The attribute stays; the new signature is what lets it run: the next
      // run repairs nothing again.
      const calls = toolCalls(sb).length;
      const next = await runProtected(join(sb.shimBin, 'uv'), RUN_MANAGED, { cwd: sb.work, env: sb.env });
      expect(next.code, next.stderr).toBe(0);
      expect(toolCalls(sb).slice(calls).filter((c) => c.includes('--sign'))).toEqual([]);
    });
  },
);
