import type { ExitStatus } from '../common/exit-status.js';

// The exits worth a post-mortem. uv reports a child killed by SIGKILL as
// 128 + 9; exit 2 is any uv error, among them "Querying Python at … failed
// with exit status signal: 9", which only a probe can confirm. Every other
// exit stays silent: uv's own message is enough.
export type ExitTrigger = 'uv-killed' | 'exit-137' | 'exit-2';

export function triggerOf(result: ExitStatus): ExitTrigger | null {
  if (result.signal === 'SIGKILL') return 'uv-killed';
  if (result.code === 137) return 'exit-137';
  if (result.code === 2) return 'exit-2';
  return null;
}
