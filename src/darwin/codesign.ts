import { chmodSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { changedSince, closeChecked, inCheckedDir, openChecked, type CheckedFile } from './checked-file.js';
import { isBlockedMessage, parseCodesignDisplay, verifyMessage, type CodesignDisplay } from './codesign-parse.js';
import { replaceWithNewInode } from './new-inode.js';
import { ADHOC_SIGN_ARGS } from './repair-commands.js';
import { runTool, shellQuote, type ToolResult } from './run-tool.js';
import type { FileReport, ToolStep } from './types.js';
import { codesignPath, lipoPath } from './tool-paths.js';

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

export interface ResignOptions {
  // The file has other names, which must keep their bytes: sign a copy.
  copyOnly?: boolean;
  // Re-sign this slice of a universal file only, and keep the others'
  // bytes and signatures (a Developer ID x86_64 slice stays one).
  slice?: string;
}

// codesign signs every architecture of a universal file: its manual gives
// `-a`/`--architecture` for verifying and displaying only ("When verifying
// or displaying signatures, explicitly select the Mach-O architecture
// given", codesign(1)), and Apple's Code Signing Guide says a universal
// binary "automatically has individual signatures applied to each
// architecture component". So one slice is re-signed on its own: `lipo
// -thin` takes it out, codesign signs that thin file, `lipo -replace` puts
// it back (lipo(1)); all on the copy, in the pinned directory, before the
// rename. The thin and joined files are removed whatever happens.
async function resignSlice(
  copy: string, arch: string, env: NodeJS.ProcessEnv, shown: (name: string) => string, mode: number,
): Promise<{ ok: boolean; said: string; steps: ToolStep[]; noLipo?: true }> {
  const lipo = lipoPath(env);
  const thin = `${copy}.${arch}`;
  const joined = `${copy}.joined`;
  const steps: ToolStep[] = [];
  const lipoStep = (args: string[], action: 'thin' | 'replace', failed: string | null): ToolStep => ({
    tool: 'lipo', arch, action, command: [lipo, ...args.map((a) => (a.startsWith('./') ? shown(a.slice(2)) : a))].map(shellQuote).join(' '),
    result: failed === null ? 'ok' : 'failed', said: failed ?? '',
  });
  const saidBy = (result: ToolResult): string | null => (result.exitCode === 0 ? null : result.stderr.trim());
  try {
    const thinArgs = [`./${copy}`, '-thin', arch, '-output', `./${thin}`];
    const split = await runTool(lipo, thinArgs, env);
    if (split.notRun === 'not-found') return { ok: false, said: '', steps: [], noLipo: true };
    steps.push(lipoStep(thinArgs, 'thin', saidBy(split)));
    if (split.exitCode !== 0) return { ok: false, said: split.stderr.trim(), steps };
    const sign = await runTool(codesignPath(env), [...ADHOC_SIGN_ARGS, `./${thin}`], env);
    steps.push(signStep(sign, codesignPath(env), shown(thin), `./${thin}`));
    if (sign.exitCode !== 0) return { ok: false, said: sign.stderr.trim(), steps };
    const joinArgs = [`./${copy}`, '-replace', arch, `./${thin}`, '-output', `./${joined}`];
    const put = await runTool(lipo, joinArgs, env);
    if (put.exitCode !== 0) {
      steps.push(lipoStep(joinArgs, 'replace', saidBy(put)));
      return { ok: false, said: put.stderr.trim(), steps };
    }
    try {
      // lipo's output has lipo's idea of the mode: the original's, as the copy had.
      chmodSync(joined, mode & 0o777);
      renameSync(joined, copy);
    } catch (error) {
      // lipo said it wrote the joined file, and there is none to use.
      const said = (error as Error).message;
      steps.push(lipoStep(joinArgs, 'replace', said));
      return { ok: false, said, steps };
    }
    steps.push(lipoStep(joinArgs, 'replace', null));
    return { ok: true, said: '', steps };
  } finally {
    rmSync(thin, { force: true });
    rmSync(joined, { force: true });
  }
}

// Ad-hoc re-signs one checked file (openChecked, inside inCheckedDir: the
// working directory is its directory and tools get its bare name), the way
// Homebrew repairs the binaries it patches: in place first; if codesign
// fails for any reason but a refusal, or when `copyOnly` (a file with other
// names, which must keep their bytes), a copy is made under a new inode,
// signed and renamed over the original, which also leaves behind whatever
// the kernel cached for the old inode.
export async function adhocResign(file: CheckedFile, env: NodeJS.ProcessEnv = process.env, options: ResignOptions = {}): Promise<ResignResult> {
  const tool = codesignPath(env);
  const steps: ToolStep[] = [];
  if (!options.copyOnly && !options.slice) {
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
  const sliceSteps: ToolStep[] = [];
  const result = await replaceWithNewInode(file, async (copy) => {
    const done = options.slice ? await resignSlice(copy, options.slice, env, copyPath, file.mode) : null;
    // Without lipo, every slice is signed, as codesign does.
    if (done && !done.noLipo) {
      sliceSteps.push(...done.steps);
      signed = done.steps.find((s) => s.tool === 'codesign');
      return { ok: done.ok, said: done.said };
    }
    const second = await runTool(tool, [...ADHOC_SIGN_ARGS, `./${copy}`], env);
    signed = signStep(second, tool, copyPath(copy), `./${copy}`);
    return { ok: second.exitCode === 0, said: second.stderr.trim() };
  });
  const failed = result.failed;
  const copyFailed = failed?.at === 'copy';
  steps.push({ tool: 'copy', command: `cp ${shellQuote(file.path)} ${shellQuote(copyPath(result.copy))}`, result: copyFailed ? 'failed' : 'ok', said: copyFailed ? failed.why : '' });
  if (sliceSteps.length > 0) steps.push(...sliceSteps);
  else if (signed) steps.push(signed);
  // The rename was reached when the change succeeded: done, or refused.
  if (failed === null || failed.at === 'rename') {
    steps.push({ tool: 'rename', command: `mv -f ${shellQuote(copyPath(result.copy))} ${shellQuote(file.path)}`, result: failed ? 'failed' : 'ok', said: failed?.why ?? '' });
  }
  return { ok: failed === null, method: 'new-inode', steps, blocked: signed?.result === 'refused' };
}

// adhocResign for a path: opened and pinned here (a link or anything but a
// regular file is refused, and nothing is run).
export async function adhocResignPath(path: string, env: NodeJS.ProcessEnv = process.env, options: ResignOptions = {}): Promise<ResignResult> {
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

// The one slice of a universal file that needs a new signature (its pages
// do not match, or it is arm64 code with none), when every other slice is
// fine as it is; null when the file is thin, or more than one slice needs it
// (then every slice is signed, as codesign does).
export function sliceNeedingResign(report: FileReport): string | null {
  if (report.slices.length < 2) return null;
  const bad = report.slices.filter((s) => s.valid === false || (!s.signed && s.arch.startsWith('arm64')));
  return bad.length === 1 ? bad[0]!.arch : null;
}
