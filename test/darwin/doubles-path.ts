import { join, resolve } from 'node:path';

// The codesign and spctl test doubles (they read files through dist/).
export const DOUBLES_DIR = resolve(import.meta.dirname, '..', 'doubles');

// An environment where every macOS code path runs on Linux against the doubles.
export function darwinEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    UV_SHIM_PLATFORM: 'darwin',
    UV_SHIM_CODESIGN: join(DOUBLES_DIR, 'codesign'),
    UV_SHIM_SPCTL: join(DOUBLES_DIR, 'spctl'),
    ...extra,
  };
}
