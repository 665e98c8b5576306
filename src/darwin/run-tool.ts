import { shellQuote } from '../common/shell-quote.js';
import { execFile } from 'node:child_process';

// What one run of an Apple tool left behind.
export interface ToolResult {
  // null when the tool could not be started (see `stderr`) or was killed.
  exitCode: number | null;
  stdout: string;
  stderr: string;
  // The command as a user would type it, for messages and repair logs.
  command: string;
  // Why it never ran to an exit code (its words are added to `stderr`):
  // the file was not there, it ran out of time, or anything else.
  notRun: 'not-found' | 'timed-out' | 'other' | null;
}

// codesign on a large universal binary takes a second or two; nothing it
// does legitimately takes this long.
const TOOL_TIMEOUT_MS = 60_000;

// Runs a tool to completion and never throws: a missing tool or a timeout
// becomes exitCode null with the reason in stderr. codesign and spctl write
// their results to stderr, so both streams are kept.
export function runTool(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ToolResult> {
  const command = [file, ...args].map(shellQuote).join(' ');
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: TOOL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve({ exitCode: 0, stdout, stderr, command, notRun: null });
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code === 'number') return resolve({ exitCode: code, stdout, stderr, command, notRun: null });
      const notRun = code === 'ENOENT' ? 'not-found' : error.killed ? 'timed-out' : 'other';
      const why = notRun === 'not-found' ? `${file} not found` : notRun === 'timed-out' ? `${file} was stopped after ${TOOL_TIMEOUT_MS} ms` : error.message;
      resolve({ exitCode: null, stdout, stderr: stderr ? `${stderr}\n${why}` : why, command, notRun });
    });
  });
}
