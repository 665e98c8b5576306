// The one seam between "the OS we run on" and "the OS whose rules we apply".
// UV_SHIM_PLATFORM=darwin makes every macOS code path run on Linux, against
// test doubles of Apple's tools and `user.`-prefixed xattrs.
export type Platform = NodeJS.Platform;

// The OS whose rules apply: UV_SHIM_PLATFORM if set to darwin or linux, else the real one.
export function currentPlatform(env: NodeJS.ProcessEnv = process.env): Platform {
  const forced = env.UV_SHIM_PLATFORM;
  if (forced === 'darwin' || forced === 'linux') return forced;
  return process.platform;
}

// True when macOS rules apply but the kernel is not Apple's: xattr names get
// the `user.` prefix Linux requires for unprivileged attributes.
export function isSimulatedDarwin(env: NodeJS.ProcessEnv = process.env): boolean {
  return currentPlatform(env) === 'darwin' && process.platform !== 'darwin';
}
