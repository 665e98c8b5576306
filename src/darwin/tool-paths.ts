// Where Apple's tools are. Each can be replaced (tests point them at the
// doubles in test/doubles/; a user can point them at a wrapper).
export function codesignPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.UV_SHIM_CODESIGN || '/usr/bin/codesign';
}

export function spctlPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.UV_SHIM_SPCTL || '/usr/sbin/spctl';
}

export function xattrToolPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.UV_SHIM_XATTR || '/usr/bin/xattr';
}

export function psPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.UV_SHIM_PS || '/bin/ps';
}

// lipo (Xcode Command Line Tools, like codesign): splits a universal file
// into one slice and puts a slice back.
export function lipoPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.UV_SHIM_LIPO || '/usr/bin/lipo';
}
