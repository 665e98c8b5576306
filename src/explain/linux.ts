import type { CgroupMemory } from './cgroup.js';
import type { Explanation, MemoryFacts } from './facts.js';

// Before/after counters of the same cgroup, or null when there is no
// baseline to compare with (unreadable, or the process moved cgroups).
export function memoryFacts(before: CgroupMemory | null, after: CgroupMemory | null): MemoryFacts | null {
  if (!before || !after || before.dir !== after.dir) return null;
  return {
    cgroup: after.path,
    cgroupVersion: after.version,
    oomKillsBefore: before.oomKills,
    oomKillsAfter: after.oomKills,
    memoryMax: after.max,
    memoryPeak: after.peak,
  };
}

// A rise of oom_kill during the run is evidence of the OOM killer; no rise
// means the SIGKILL came from elsewhere; no counters means we cannot tell.
// An exit 137 without a rise is never blamed on memory.
export function sigkillCause(memory: MemoryFacts | null): Explanation['cause'] {
  if (!memory) return 'unknown-sigkill';
  return memory.oomKillsAfter > memory.oomKillsBefore ? 'oom-killer' : 'outside-sigkill';
}
