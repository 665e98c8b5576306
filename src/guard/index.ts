// The interpreter guard's API, for the shim's hook, the `uv-shim check` and
// `repair` commands, and the explanation hook's post-mortem.
export { findCandidates, findManagedCandidates } from './candidates.js';
export { checkCandidate, type CheckOptions } from './check.js';
export { repairCandidate, type RepairOptions } from './repair.js';
export { probeInterpreter } from './probe.js';
export { needsRepair } from './judge.js';
export { repairsLogPath } from './repairs-log.js';
export { verdictCachePath } from './verdict-cache.js';
export { GUARD_STATE_KEY } from './types.js';
export type { Candidate, GuardState, ProbeResult, RepairOutcome, Verdict, VerdictState } from './types.js';
