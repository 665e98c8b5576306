import type { PostExitContext } from '../hooks/types.js';
import { GUARD_STATE_KEY } from '../guard/state.js';
import { baseExplanation } from './base.js';
import type { Explanation } from './facts.js';

// uv's exit 2 off macOS: silent (uv said why), unless the guard's probe saw
// an interpreter of this command die of SIGKILL before uv ran. Then uv's
// "Querying Python … failed with exit status signal: 9" has a known cause,
// and the explanation names the file.
export function explainProbeKilled(ctx: PostExitContext): Explanation | null {
  const state = ctx.shared.get(GUARD_STATE_KEY);
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
