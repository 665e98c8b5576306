import { join } from 'node:path';
import { changedSince, closeChecked, inCheckedDir, openChecked, type CheckedFile } from './checked-file.js';
import { isBlockedMessage, parseCodesignDisplay, verifyMessage, type CodesignDisplay } from './codesign-parse.js';
import { replaceWithNewInode } from './new-inode.js';
import { ADHOC_SIGN_ARGS } from './repair-commands.js';
import { runTool, shellQuote, type ToolResult } from './run-tool.js';
import type { ToolStep } from './types.js';
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
  // Every step, in order, with the file's real path in its command.
  steps: ToolStep[];
  // The system refused (EPERM, policy, a managed Mac): retrying will not help.
  blocked: boolean;
}

// The step as the user would have typed it, on the real path: the tool was
// given the bare name in the pinned directory, and says so in its output.
function signStep(result: ToolResult, tool: string, shown: string, given: string): ToolStep {
  const refused = result.exitCode !== 0 && isBlockedMessage(result.stderr);
  return {
    tool: 'codesign',
    command: [tool, ...ADHOC_SIGN_ARGS, shown].map(shellQuote).join(' '),
    result: result.exitCode === 0 ? 'ok' : refused ? 'refused' : 'failed',
    said: result.stderr.split(given).join(shown).trim(),
  };
}

// Ad-hoc re-signs one checked file (openChecked, inside inCheckedDir: the
// working directory is its directory and tools get its bare name), the way
// Homebrew repairs the binaries it patches: in place first; if codesign
// fails for any reason but a refusal, or when `copyOnly` (a file with other
// names, which must keep their bytes), a copy is made under a new inode,
// signed and renamed over the original, which also leaves behind whatever
// the kernel cached for the old inode.
export async function adhocResign(file: CheckedFile, env: NodeJS.ProcessEnv = process.env, options: { copyOnly?: boolean } = {}): Promise<ResignResult> {
  const tool = codesignPath(env);
  const steps: ToolStep[] = [];
  if (!options.copyOnly) {
    const first = await runTool(tool, [...ADHOC_SIGN_ARGS, `./${file.name}`], env);
    steps.push(signStep(first, tool, file.path, `./${file.name}`));
    if (first.exitCode === 0) return { ok: true, method: 'in-place', steps, blocked: false };
    if (steps[0]!.result === 'refused') return { ok: false, method: 'in-place', steps, blocked: true };
    // codesign itself may have replaced the name meanwhile: copy only what we checked.
    const moved = changedSince(file, file.name);
    if (moved) return { ok: false, method: 'in-place', steps: [...steps, { tool: 'copy', command: '', result: 'failed', said: moved }], blocked: false };
  }
  const copyPath = (copy: string) => join(file.dir, copy);
  let signed: ToolStep | undefined;
  const result = await replaceWithNewInode(file, async (copy) => {
    const second = await runTool(tool, [...ADHOC_SIGN_ARGS, `./${copy}`], env);
    signed = signStep(second, tool, copyPath(copy), `./${copy}`);
    return { ok: second.exitCode === 0, said: second.stderr.trim() };
  });
  const copied = result.said.startsWith(`${file.path}:`) && !signed;
  steps.push({ tool: 'copy', command: `cp ${shellQuote(file.path)} ${shellQuote(copyPath(result.copy))}`, result: copied ? 'failed' : 'ok', said: copied ? result.said : '' });
  if (signed) steps.push(signed);
  if (result.renamed !== null) {
    steps.push({ tool: 'rename', command: `mv -f ${shellQuote(copyPath(result.copy))} ${shellQuote(file.path)}`, result: result.renamed ? 'ok' : 'failed', said: result.renamed ? '' : result.said });
  }
  return { ok: result.ok, method: 'new-inode', steps, blocked: signed?.result === 'refused' };
}

// adhocResign for a path: opened and pinned here (a link or anything but a
// regular file is refused, and nothing is run).
export async function adhocResignPath(path: string, env: NodeJS.ProcessEnv = process.env, options: { copyOnly?: boolean } = {}): Promise<ResignResult> {
  const refused = (said: string): ResignResult => ({ ok: false, method: 'in-place', steps: [{ tool: 'codesign', command: '', result: 'failed', said }], blocked: false });
  const file = openChecked(path);
  if (typeof file === 'string') return refused(file);
  try {
    const result = await inCheckedDir(file, () => adhocResign(file, env, options));
    return typeof result === 'string' ? refused(result) : result;
  } finally {
    closeChecked(file);
  }
}
