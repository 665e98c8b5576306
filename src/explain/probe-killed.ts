import type { PostExitContext } from '../hooks/types.js';
import { GUARD_STATE_KEY, type GuardState } from '../guard/state.js';
import { commandUsesInterpreter, installsPythons } from '../guard/wants.js';
import { baseExplanation } from './base.js';
import type { Explanation } from './facts.js';

// uv's exit 2 off macOS: silent (uv said why), unless the guard's check
// finds an interpreter of this command dies of SIGKILL. Then uv's
// "Querying Python … failed with exit status signal: 9" has a known cause,
// and the explanation names the file. Off macOS the guard does not run
// before uv (it has nothing to repair there): the check is made now, only
// after an exit 2, with the same verdict cache and probe.
export async function explainProbeKilled(ctx: PostExitContext): Promise<Explanation | null> {
  const state = ctx.shared.get(GUARD_STATE_KEY) ?? (await checkAfterExit(ctx));
  if (!state) return null;
  const index = state.verdicts.findIndex((v) => v.state === 'killed');
  if (index === -1) return null;
  const verdict = state.verdicts[index]!;
  const candidate = state.candidates.find((c) => c.file === verdict.file);
  if (!candidate) return null;
  return {
    ...baseExplanation(ctx, 'query-failed'),
    cause: 'interpreter-killed',
    killed: {
      file: candidate.file,
      via: candidate.via !== candidate.file ? candidate.via : null,
      provenance: false,
      quarantine: false,
      signature: null,
      spctl: null,
      reason: verdict.reason,
      managed: candidate.managed,
    },
  };
}

async function checkAfterExit(ctx: PostExitContext): Promise<GuardState | null> {
  if (!ctx.config.guard || !commandUsesInterpreter(ctx.command) || installsPythons(ctx.command)) return null;
  const [{ findCandidates }, { guardFiles }] = await Promise.all([import('../guard/candidates.js'), import('../guard/hook.js')]);
  return await guardFiles(ctx, await findCandidates(ctx));
}
