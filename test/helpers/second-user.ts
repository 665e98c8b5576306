import { spawnSync } from 'node:child_process';

// A second, real user for permission tests: `nobody`, reached through
// setpriv (util-linux). Root ignores file modes, so only another account
// shows what the shim does with someone else's files, or as someone who
// cannot write where it would like to.
export const AS_NOBODY = ['setpriv', '--reuid', 'nobody', '--regid', 'nogroup', '--clear-groups', '--'];
export const NOBODY_UID = 65534;

// Why this machine cannot run a test as another user, or null when it can.
export function cannotSwitchUser(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to switch to a second user';
  const r = spawnSync(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), 'true']);
  return r.status === 0 ? null : `setpriv cannot switch to nobody here (${r.error?.message ?? r.stderr.toString().trim()})`;
}
