import { withErrnoCode } from '../common/errno.js';
import { appleName, onDiskName } from './xattr-names.js';
import { getWithTool, listWithTool, removeWithTool, setWithTool } from './xattr-tool.js';
import { xattrToolPath } from './tool-paths.js';

type XattrBinding = typeof import('@napi-rs/xattr');
let binding: Promise<XattrBinding | Error> | undefined;

// The native binding is loaded on the first xattr call, which only cold
// checks and `uv-shim inspect` make. It is required, not imported: import()
// of a CommonJS package starts Node's ESM loader and its CommonJS export
// scanner, ~6 ms more than the ~2 ms the binding itself costs.
function xattrBinding(): Promise<XattrBinding | Error> {
  binding ??= new Promise((resolve) => {
    try {
      const { createRequire } = process.getBuiltinModule('node:module');
      resolve(createRequire(import.meta.url)('@napi-rs/xattr') as XattrBinding);
    } catch (error) {
      resolve(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return binding;
}

// How this call reaches the attributes: the `xattr` tool when UV_SHIM_XATTR
// names one (or on a Mac whose binding failed to load), else the binding.
async function backend(env: NodeJS.ProcessEnv): Promise<{ tool: string } | { native: XattrBinding }> {
  if (env.UV_SHIM_XATTR) return { tool: xattrToolPath(env) };
  const loaded = await xattrBinding();
  if (!(loaded instanceof Error)) return { native: loaded };
  if (process.platform === 'darwin') return { tool: xattrToolPath(env) };
  throw new Error(`cannot load @napi-rs/xattr (${loaded.message}); set UV_SHIM_XATTR to an xattr command to use instead`);
}

// Every extended attribute of a file, keyed by its Apple name. Throws (with
// the OS's reason) when the file cannot be read.
export async function listXattrs(path: string, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, Buffer>> {
  const via = await backend(env);
  const result: Record<string, Buffer> = {};
  if ('tool' in via) {
    for (const name of await listWithTool(via.tool, path, env)) {
      const value = await getWithTool(via.tool, path, name, env);
      if (value) result[name] = value;
    }
    return result;
  }
  for (const diskName of await via.native.listAttributes(path)) {
    const name = appleName(diskName, env);
    if (name === null) continue;
    const value = await via.native.getAttribute(path, diskName).catch(() => null);
    if (value) result[name] = value;
  }
  return result;
}

// One attribute's value, or null when the file does not carry it.
export async function getXattr(path: string, name: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer | null> {
  const via = await backend(env);
  if ('tool' in via) return getWithTool(via.tool, path, name, env);
  return via.native.getAttribute(path, onDiskName(name, env));
}

// Writes an attribute (tests plant com.apple.provenance this way).
export async function setXattr(path: string, name: string, value: Buffer | string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const via = await backend(env);
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  if ('tool' in via) return setWithTool(via.tool, path, name, bytes, env);
  await via.native.setAttribute(path, onDiskName(name, env), bytes);
}

// Removes an attribute; an attribute already absent is not an error, like
// `xattr -d` succeeding twice in a row is what a repair wants.
export async function removeXattr(path: string, name: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const via = await backend(env);
  if ('tool' in via) return removeWithTool(via.tool, path, name, env);
  try {
    await via.native.removeAttribute(path, onDiskName(name, env));
  } catch (error) {
    if (!isNoSuchAttribute(error)) throw withErrnoCode(error);
  }
}

// The binding reports errno only inside its message: "No data available (os
// error 61)" on Linux (ENODATA), "Attribute not found (os error 93)" on macOS.
function isNoSuchAttribute(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /\(os error (61|93)\)/.test(message);
}

