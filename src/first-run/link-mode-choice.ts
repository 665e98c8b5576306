import { join, resolve } from 'node:path';
import { READ_LIMITS, readBoundedText } from '../bounded-read.js';
import { hasFlag, optionValue, type UvCommand } from '../uv/command.js';
import { ancestors } from '../common/fs.js';
import { uvUserConfigDir } from '../paths.js';

const LINK_MODE_KEY = /^\s*link-mode\s*=/m;

function mentionsLinkMode(file: string): boolean {
  // A config file may be a FIFO or /dev/zero: read bounded, regular files only.
  return LINK_MODE_KEY.test(readBoundedText(file, READ_LIMITS.pyproject, { follow: true }) ?? '');
}

// uv's configuration files that could set link-mode, in the places uv reads
// them: --config-file / UV_CONFIG_FILE, the nearest uv.toml or pyproject.toml,
// the user's and the system's uv.toml.
function uvConfigFiles(command: UvCommand, cwd: string, env: NodeJS.ProcessEnv): string[] {
  const files: string[] = [];
  const explicit = optionValue(command, '--config-file') ?? env.UV_CONFIG_FILE;
  if (explicit) files.push(resolve(cwd, explicit));
  if (env.UV_NO_CONFIG === '1' || hasFlag(command, '--no-config')) return files;
  for (const dir of ancestors(resolve(cwd, optionValue(command, '--directory') ?? '.'))) {
    files.push(join(dir, 'uv.toml'), join(dir, 'pyproject.toml'));
  }
  files.push(join(uvUserConfigDir(env), 'uv.toml'));
  for (const dir of (env.XDG_CONFIG_DIRS || '/etc/xdg').split(':')) if (dir) files.push(join(dir, 'uv', 'uv.toml'));
  files.push('/etc/uv/uv.toml');
  return files;
}

// Why the shim must leave uv's link mode alone, or undefined when it may set
// it: the user's own choice, on the command line, in the environment or in
// uv's configuration, always wins over the shim's default.
export function userLinkModeChoice(command: UvCommand, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (hasFlag(command, '--link-mode')) return '--link-mode on the command line';
  if (env.UV_LINK_MODE) return `UV_LINK_MODE=${env.UV_LINK_MODE}`;
  const file = uvConfigFiles(command, cwd, env).find(mentionsLinkMode);
  return file ? `link-mode in ${file}` : undefined;
}
