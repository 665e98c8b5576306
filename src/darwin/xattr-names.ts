import { isSimulatedDarwin } from '../platform.js';

const LINUX_USER_PREFIX = 'user.';

// The name the kernel stores for an Apple xattr name. Linux only lets an
// unprivileged process use the `user.` namespace, so under the simulated
// macOS the Apple name gets that prefix; on a real Mac it is used as is.
export function onDiskName(appleName: string, env: NodeJS.ProcessEnv = process.env): string {
  return isSimulatedDarwin(env) ? LINUX_USER_PREFIX + appleName : appleName;
}

// The Apple name for a name read from disk, or null for a Linux attribute
// outside the `user.` namespace (security.selinux, …) that macOS never has.
export function appleName(diskName: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (!isSimulatedDarwin(env)) return diskName;
  return diskName.startsWith(LINUX_USER_PREFIX) ? diskName.slice(LINUX_USER_PREFIX.length) : null;
}
