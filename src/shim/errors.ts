// The shim's own failures, as opposed to uv's: each has a documented exit
// code, says what happened and, after a blank line, what to do.
export const EXIT = {
  // uv not found, or the path named by UV_SHIM_REAL_UV does not exist.
  notFound: 127,
  // uv found but could not be executed (permissions, wrong format).
  cannotExecute: 126,
  // The shim would have run itself: a PATH or UV_SHIM_REAL_UV loop.
  recursion: 125,
  // A required hook failed.
  hookFailed: 124,
  // Broken config under UV_SHIM_STRICT=1.
  config: 78,
} as const;

// A failure of the shim itself (not of uv): a message, a hint, an exit code.
export class ShimError extends Error {
  readonly exitCode: number;
  readonly hint: string;

  constructor(message: string, hint: string, exitCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShimError';
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

// What happened, a blank line, what to do.
export function formatShimError(error: ShimError): string {
  return `uv-shim: error: ${error.message}\n\n${error.hint}\n`;
}
