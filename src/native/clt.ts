import { isSimulatedDarwin } from '../platform.js';
import { runTool } from '../darwin/run-tool.js';

// codesign needs the Xcode Command Line Tools (its codesign_allocate
// helper); without them it fails with "the codesign_allocate helper tool
// cannot be found or used". `xcode-select -p` prints their path, or exits
// non-zero when they are not installed. UV_SHIM_XCODE_SELECT replaces the
// tool; under the simulated macOS without it the tools count as present.
export interface CommandLineTools {
  present: boolean;
  // What to tell the user when they are missing.
  hint: string | null;
}

export const INSTALL_CLT = 'xcode-select --install';

export async function commandLineTools(env: NodeJS.ProcessEnv): Promise<CommandLineTools> {
  const tool = env.UV_SHIM_XCODE_SELECT || (isSimulatedDarwin(env) ? null : '/usr/bin/xcode-select');
  if (!tool) return { present: true, hint: null };
  const result = await runTool(tool, ['-p'], env);
  if (result.exitCode === 0 && result.stdout.trim() !== '') return { present: true, hint: null };
  return { present: false, hint: `codesign needs the Xcode Command Line Tools, which are not installed: run \`${INSTALL_CLT}\`` };
}

// codesign's own words for the same thing, when it was run anyway.
export function isMissingCltMessage(stderr: string): boolean {
  return /codesign_allocate helper tool cannot be found|no developer tools were found|xcode-select: note: no developer tools/i.test(stderr);
}
