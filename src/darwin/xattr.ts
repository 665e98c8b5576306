import { appleName, onDiskName } from './xattr-names.js';

type XattrBinding = typeof import('@napi-rs/xattr');
let binding: Promise<XattrBinding> | undefined;

// The native binding costs ~10 ms to load, so it is loaded on the first
// xattr call, which only cold checks and `uv-shim inspect` make.
function xattrBinding(): Promise<XattrBinding> {
  binding ??= import('@napi-rs/xattr');
  return binding;
}

// Every extended attribute of a file, keyed by its Apple name. Throws (with
// the OS's reason) when the file cannot be read.
export async function listXattrs(path: string, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, Buffer>> {
  const x = await xattrBinding();
  const result: Record<string, Buffer> = {};
  for (const diskName of await x.listAttributes(path)) {
    const name = appleName(diskName, env);
    if (name === null) continue;
    const value = await x.getAttribute(path, diskName).catch(() => null);
    if (value) result[name] = value;
  }
  return result;
}

// One attribute's value, or null when the file does not carry it.
export async function getXattr(path: string, name: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer | null> {
  const x = await xattrBinding();
  return x.getAttribute(path, onDiskName(name, env));
}

// Writes an attribute (tests plant com.apple.provenance this way).
export async function setXattr(path: string, name: string, value: Buffer | string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const x = await xattrBinding();
  await x.setAttribute(path, onDiskName(name, env), typeof value === 'string' ? Buffer.from(value) : value);
}

// Removes an attribute; an attribute already absent is not an error, like
// `xattr -d` succeeding twice in a row is what a repair wants.
export async function removeXattr(path: string, name: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const x = await xattrBinding();
  try {
    await x.removeAttribute(path, onDiskName(name, env));
  } catch (error) {
    if (!isNoSuchAttribute(error)) throw error;
  }
}

// The binding reports errno only inside its message: "No data available (os
// error 61)" on Linux (ENODATA), "Attribute not found (os error 93)" on macOS.
function isNoSuchAttribute(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /\(os error (61|93)\)/.test(message);
}
