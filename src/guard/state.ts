import { slot } from '../hooks/state.js';
import type { RepairOutcome } from './repair-outcome.js';
import type { Candidate, Verdict } from './types.js';

// What the guard leaves in RunContext.shared under GUARD_STATE_KEY for the
// post-exit hooks (the explanation reads it).
export interface GuardState {
  candidates: Candidate[];
  verdicts: Verdict[];
  repairs: RepairOutcome[];
}

export const GUARD_STATE_KEY = slot<GuardState>('guard');
