// The interpreter guard's API, for the shim's hook, the `uv-shim check` and
// `repair` commands, and the explanation hook's post-mortem.
export { findCandidates, findManagedCandidates } from './candidates.js';
export { checkCandidate, type CheckOptions } from './check.js';
export { repairCandidate, type RepairOptions } from './repair.js';
export { probeInterpreter } from './probe.js';
export { needsRepair } from './judge.js';
export { repairsLogPath } from './repairs-log.js';
export { verdictCachePath } from './verdict-cache.js';
export { GUARD_STATE_KEY, type GuardState } from './state.js';
export type { RepairOutcome } from './repair-outcome.js';
export type { Candidate, ProbeResult, Verdict, VerdictState } from './types.js';
