import { lstat } from 'node:fs/promises';
import { isBlockedMessage, parseCodesignDisplay, verifyMessage, type CodesignDisplay } from './codesign-parse.js';
import { copyToNewInode } from './new-inode.js';
import { runTool } from './run-tool.js';
import { codesignPath } from './tool-paths.js';

export interface CodesignVerifyResult {
  ok: boolean;
  exitCode: number | null;
  // codesign's verdict without the path ("valid on disk", …).
  message: string;
}

// `codesign --verify --strict -vv FILE`: exit 0 means the signature and every
// page match (and strict checks pass).
export async function codesignVerify(path: string, env: NodeJS.ProcessEnv = process.env): Promise<CodesignVerifyResult> {
  const result = await runTool(codesignPath(env), ['--verify', '--strict', '-vv', path], env);
  return { ok: result.exitCode === 0, exitCode: result.exitCode, message: verifyMessage(result.stderr, path) };
}

// `codesign -dvvv FILE`, parsed; `signature` is 'unsigned' for a file with
// no signature, and the parse of whatever was printed on any other failure.
export async function codesignDisplay(path: string, env: NodeJS.ProcessEnv = process.env): Promise<CodesignDisplay & { exitCode: number | null }> {
  const result = await runTool(codesignPath(env), ['-dvvv', path], env);
  return { ...parseCodesignDisplay(result.stderr + result.stdout), exitCode: result.exitCode };
}

export interface ResignResult {
  ok: boolean;
  method: 'in-place' | 'new-inode';
  // Every command run, as a user would type it, in order.
  commands: string[];
  stderr: string;
  // The system refused (EPERM, policy, a managed Mac): retrying will not help.
  blocked: boolean;
}

// Homebrew's ad-hoc re-sign: keeps entitlements, requirements, flags and the
// hardened-runtime setting of the old signature.
export const ADHOC_SIGN_ARGS = ['--force', '--sign', '-', '--preserve-metadata=entitlements,requirements,flags,runtime'];

// Ad-hoc re-signs one regular file, the way Homebrew repairs the binaries it
// patches: in place first; if codesign fails for any reason but a refusal,
// the file is copied to a new inode (same mode, no xattrs), the copy signed
// and renamed over the original, which also leaves behind whatever the
// kernel cached for the old inode. Refuses symlinks: callers resolve and
// vet the real path, so a link cannot aim a re-sign at a system binary.
export async function adhocResign(path: string, env: NodeJS.ProcessEnv = process.env): Promise<ResignResult> {
  const tool = codesignPath(env);
  const stat = await lstat(path).catch((error: Error) => error);
  if (stat instanceof Error || !stat.isFile()) {
    const why = stat instanceof Error ? stat.message : 'not a regular file (symlinks are resolved and checked by the caller)';
    return { ok: false, method: 'in-place', commands: [], stderr: `${path}: ${why}`, blocked: false };
  }
  const first = await runTool(tool, [...ADHOC_SIGN_ARGS, path], env);
  if (first.exitCode === 0) return { ok: true, method: 'in-place', commands: [first.command], stderr: first.stderr, blocked: false };
  if (isBlockedMessage(first.stderr)) {
    return { ok: false, method: 'in-place', commands: [first.command], stderr: first.stderr, blocked: true };
  }
  const commands = [first.command];
  const copy = await copyToNewInode(path, async (tmp) => {
    const second = await runTool(tool, [...ADHOC_SIGN_ARGS, tmp], env);
    commands.push(second.command);
    return { ok: second.exitCode === 0, stderr: second.stderr };
  });
  commands.splice(1, 0, ...copy.commandsBefore);
  commands.push(...copy.commandsAfter);
  const stderr = [first.stderr.trim(), copy.stderr.trim()].filter(Boolean).join('\n');
  return { ok: copy.ok, method: 'new-inode', commands, stderr, blocked: !copy.ok && isBlockedMessage(copy.stderr) };
}
