import { isSimulatedDarwin } from '../platform.js';
import type { SliceReport } from '../darwin/types.js';

// The architecture whose code this Mac runs: arm64 on Apple Silicon, x86_64
// on Intel. UV_SHIM_ARCH sets it (a check made for another Mac); the
// simulated macOS on Linux is an Apple Silicon Mac unless it says otherwise
// (the machine's own architecture says nothing about the Mac simulated).
export type MacArch = 'arm64' | 'x86_64';

export function macArch(env: NodeJS.ProcessEnv, nodeArch: string = process.arch, simulated = isSimulatedDarwin(env)): MacArch {
  const forced = env.UV_SHIM_ARCH;
  if (forced === 'arm64' || forced === 'x86_64') return forced;
  if (simulated) return 'arm64';
  return nodeArch === 'arm64' ? 'arm64' : 'x86_64';
}

// The slice dyld maps on this Mac: on Apple Silicon the arm64 slice (arm64e
// when that is all there is), else x86_64 under Rosetta; on Intel x86_64h,
// then x86_64. null when the file has no slice this Mac can run.
export function sliceFor(slices: SliceReport[], arch: MacArch): SliceReport | null {
  const order = arch === 'arm64' ? ['arm64', 'arm64e', 'x86_64h', 'x86_64'] : ['x86_64h', 'x86_64'];
  for (const name of order) {
    const slice = slices.find((s) => s.arch === name);
    if (slice) return slice;
  }
  return null;
}
