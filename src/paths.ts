import { homedir, tmpdir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { Platform } from './platform.js';

// The XDG spec: "If an implementation encounters a relative path in any of
// these variables it should consider the path invalid and ignore it." uv
// (etcetera) does the same. A relative value would otherwise resolve against
// the working directory, which is often someone's repository.
function absoluteOrUndefined(value: string | undefined): string | undefined {
  return value && isAbsolute(value) ? value : undefined;
}

// $HOME when it is an absolute path; unset, the account's home from the
// password database; empty or relative, none (a relative HOME would make a
// repository's `.config` count as the user's).
export function homeDirectory(env: NodeJS.ProcessEnv): string | undefined {
  if (env.HOME === undefined) return absoluteOrUndefined(homedir());
  return absoluteOrUndefined(env.HOME);
}

// The account's home from the password database, whatever $HOME says.
function accountHome(): string | undefined {
  try {
    return absoluteOrUndefined(userInfo().homedir);
  } catch {
    return undefined;
  }
}

// The user's home for the files uv-shim itself writes or reads outside its
// state dir (the shell profile, ~/.local/bin, macOS's crash reports): $HOME
// when it is absolute, else the account's.
export function userHome(env: NodeJS.ProcessEnv): string {
  return homeDirectory(env) ?? accountHome() ?? homedir();
}

// The home directory by uv's own rule, for the paths uv derives from it
// (its data, cache and config dirs, a `~` it expands): Rust's home_dir,
// which uv's directories use, takes $HOME when it is set and not empty,
// else the account's from the password database. Kept apart from
// userHome on purpose: uv takes a relative HOME as it is, and the shim
// must find the files uv will use, not the ones it would prefer.
export function uvHome(env: NodeJS.ProcessEnv): string {
  return env.HOME || accountHome() || homedir();
}

// Where uv-shim keeps its own state: the verdict cache, locks, repairs.log,
// trust records, the parsed-config cache. $UV_SHIM_CACHE_DIR wins; then the
// platform's user cache dir. Relative values are ignored; with no usable
// HOME, the account's home; with none at all, a per-user directory under
// the system's temporary directory (whose ownership the caller checks).
export function shimCacheDir(env: NodeJS.ProcessEnv, platform: Platform): string {
  const explicit = absoluteOrUndefined(env.UV_SHIM_CACHE_DIR);
  if (explicit) return explicit;
  const xdg = absoluteOrUndefined(env.XDG_CACHE_HOME);
  if (xdg) return join(xdg, 'uv-shim');
  const home = homeDirectory(env) ?? accountHome();
  if (!home) return join(tmpdir(), `uv-shim-${process.getuid?.() ?? 'user'}`);
  if (platform === 'darwin' && process.platform === 'darwin') return join(home, 'Library', 'Caches', 'uv-shim');
  return join(home, '.cache', 'uv-shim');
}

// The user-level config directory: $XDG_CONFIG_HOME/uv-shim, else ~/.config/uv-shim
// (on macOS too: that is where command-line tools' users look for it).
// Undefined when neither is an absolute path: then there is no user config,
// rather than one found relative to the working directory.
export function userConfigDir(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = absoluteOrUndefined(env.XDG_CONFIG_HOME);
  if (xdg) return join(xdg, 'uv-shim');
  const home = homeDirectory(env);
  return home ? join(home, '.config', 'uv-shim') : undefined;
}

// uv's data directory, derived the way uv derives it (uv-dirs: $UV_*_DIR,
// then $XDG_DATA_HOME/uv, then ~/.local/share/uv, on macOS as on Linux).
export function uvDataDir(env: NodeJS.ProcessEnv): string {
  const xdg = absoluteOrUndefined(env.XDG_DATA_HOME);
  if (xdg) return join(xdg, 'uv');
  return join(uvHome(env), '.local', 'share', 'uv');
}

// uv's user config dir (its uv.toml, a global .python-version):
// $XDG_CONFIG_HOME/uv when absolute, else ~/.config/uv, on macOS as on Linux.
export function uvUserConfigDir(env: NodeJS.ProcessEnv): string {
  const xdg = absoluteOrUndefined(env.XDG_CONFIG_HOME);
  return xdg ? join(xdg, 'uv') : join(uvHome(env), '.config', 'uv');
}

// Where uv keeps the Pythons it manages (UV_PYTHON_INSTALL_DIR wins).
export function uvPythonInstallDir(env: NodeJS.ProcessEnv): string {
  return env.UV_PYTHON_INSTALL_DIR || join(uvDataDir(env), 'python');
}

// Where `uv tool install` puts tool environments (UV_TOOL_DIR wins).
export function uvToolDir(env: NodeJS.ProcessEnv): string {
  return env.UV_TOOL_DIR || join(uvDataDir(env), 'tools');
}

// uv's cache, the source of hardlinks that share macOS's validation (uv issue 17371).
export function uvCacheDir(env: NodeJS.ProcessEnv, platform: Platform): string {
  if (env.UV_CACHE_DIR) return env.UV_CACHE_DIR;
  const xdg = absoluteOrUndefined(env.XDG_CACHE_HOME);
  if (xdg) return join(xdg, 'uv');
  // uv uses ~/.cache/uv on macOS too, not ~/Library/Caches.
  void platform;
  return join(uvHome(env), '.cache', 'uv');
}
