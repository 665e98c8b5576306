import { withErrnoCode } from '../common/errno.js';
import { runTool } from './run-tool.js';

// Extended attributes through Apple's `xattr` command, for when the native
// binding cannot load or UV_SHIM_XATTR names a tool to use instead. Names
// are Apple names: the tool maps them itself. Each call spawns (~2 ms).

const NO_SUCH_XATTR = /No such xattr/;

function fail(what: string, stderr: string): never {
  throw withErrnoCode(new Error(`${what}: ${stderr.trim() || 'xattr failed'}`));
}

// `xattr FILE`: one name per line.
export async function listWithTool(tool: string, path: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const result = await runTool(tool, [path], env);
  if (result.exitCode !== 0) fail(`cannot list the extended attributes of ${path}`, result.stderr);
  return result.stdout.split('\n').filter((line) => line !== '');
}

// `xattr -px NAME FILE`: the value as hex pairs, wrapped; null when absent.
export async function getWithTool(tool: string, path: string, name: string, env: NodeJS.ProcessEnv): Promise<Buffer | null> {
  const result = await runTool(tool, ['-px', name, path], env);
  if (result.exitCode !== 0) {
    if (NO_SUCH_XATTR.test(result.stderr)) return null;
    fail(`cannot read ${name} of ${path}`, result.stderr);
  }
  return Buffer.from(result.stdout.replace(/\s+/g, ''), 'hex');
}

// `xattr -wx NAME HEX FILE`.
export async function setWithTool(tool: string, path: string, name: string, value: Buffer, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runTool(tool, ['-wx', name, value.toString('hex'), path], env);
  if (result.exitCode !== 0) fail(`cannot write ${name} on ${path}`, result.stderr);
}

// `xattr -d NAME FILE`; an attribute already absent is not an error.
export async function removeWithTool(tool: string, path: string, name: string, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runTool(tool, ['-d', name, path], env);
  if (result.exitCode !== 0 && !NO_SUCH_XATTR.test(result.stderr)) fail(`cannot remove ${name} from ${path}`, result.stderr);
}
