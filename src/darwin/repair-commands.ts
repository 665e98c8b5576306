import { shellQuote } from '../common/shell-quote.js';

// The repair as commands a user can read or type, from one place: what the
// guard plans and logs, what policy suggests, and the fix an explanation shows.

// Homebrew's ad-hoc re-sign: keeps entitlements, requirements, flags and the
// hardened-runtime setting of the old signature.
export const ADHOC_SIGN_ARGS = ['--force', '--sign', '-', '--preserve-metadata=entitlements,requirements,flags,runtime'];

// `xattr -d NAME FILE`
export function removeXattrCommand(name: string, file: string): string {
  return `xattr -d ${name} ${shellQuote(file)}`;
}

// `codesign --force --sign - FILE`; with preserveMetadata, the guard's own
// re-sign (ADHOC_SIGN_ARGS, which keeps entitlements and the runtime flags).
export function adhocSignCommand(file: string, options: { preserveMetadata: boolean }): string {
  const args = options.preserveMetadata ? ADHOC_SIGN_ARGS : ADHOC_SIGN_ARGS.filter((a) => !a.startsWith('--preserve-metadata'));
  return ['codesign', ...args, shellQuote(file)].join(' ');
}

// Drop the marks macOS keys on (those the file carries), then re-sign ad hoc:
// removing the marks alone is not enough (Gatekeeper's cached rejection
// survives until the signature changes).
export function repairCommands(file: string, marks: readonly string[], options: { preserveMetadata: boolean }): string[] {
  return [...marks.map((name) => removeXattrCommand(name, file)), adhocSignCommand(file, options)];
}

// `uv-shim repair FILE`
export function shimRepairCommand(file: string): string {
  return `uv-shim repair ${shellQuote(file)}`;
}
