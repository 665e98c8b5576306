import { describe, expect, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { guardHook } from '../../src/guard/hook.js';
import { GUARD_STATE_KEY } from '../../src/guard/state.js';
import type { PostExitContext } from '../../src/hooks/types.js';
import { createLogger } from '../../src/log.js';
import { parseUvCommand } from '../../src/uv/command.js';
import { resignedLocally, makeFakePython } from '../helpers/fake-python.js';
import { makeGuardSandbox, repairLogEntries } from './guard-sandbox.js';
import { HookState } from '../../src/hooks/state.js';

// uv cannot download Pythons here, so the hook's post-exit step is driven
// directly, as the shim would after `uv python install` exits: against a
// real installation on disk, the real probe and the codesign double.
function afterInstall(sb: ReturnType<typeof makeGuardSandbox>, args: string[], code: number): PostExitContext {
  const lines: string[] = [];
  return {
    tool: 'uv', args, command: parseUvCommand('uv', args), realUv: sb.realUv, env: sb.env, cwd: sb.work,
    platform: 'darwin', config: { ...DEFAULT_CONFIG }, log: createLogger('warn', (t) => lines.push(t)),
    shared: new HookState(), attempt: 1, result: { code, signal: null },
  };
}

describe.runIf(SIMULATED_MAC)('after uv python install', () => {
  it('checks and repairs the installations it created', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    const ctx = afterInstall(sb, ['python', 'install', '3.11'], 0);
    await guardHook.postExit!(ctx);
    const state = ctx.shared.get(GUARD_STATE_KEY)!;
    expect(state.verdicts.map((v) => [v.file, v.state])).toEqual([[fake.executable, 'killed']]);
    expect(state.repairs).toMatchObject([{ file: fake.executable, status: 'repaired' }]);
    expect(resignedLocally(fake.executable)).toBe(true);
    expect(repairLogEntries(sb)).toHaveLength(1);
  });

  it('does nothing when the install failed, or for other versions', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    await guardHook.postExit!(afterInstall(sb, ['python', 'install', '3.11'], 1));
    const other = afterInstall(sb, ['python', 'install', '3.13'], 0);
    await guardHook.postExit!(other);
    expect(other.shared.get(GUARD_STATE_KEY)!.candidates).toEqual([]);
    expect(resignedLocally(fake.executable)).toBe(false);
    expect(repairLogEntries(sb)).toEqual([]);
  });
});
