import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Platform } from './platform.js';

// Where uv-shim keeps its own state: the verdict cache, locks, repairs.log.
// $UV_SHIM_CACHE_DIR wins; then the platform's user cache dir.
export function shimCacheDir(env: NodeJS.ProcessEnv, platform: Platform): string {
  if (env.UV_SHIM_CACHE_DIR) return env.UV_SHIM_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'uv-shim');
  const home = env.HOME || homedir();
  if (platform === 'darwin' && process.platform === 'darwin') return join(home, 'Library', 'Caches', 'uv-shim');
  return join(home, '.cache', 'uv-shim');
}

// The user-level config directory: $XDG_CONFIG_HOME/uv-shim, else ~/.config/uv-shim
// (on macOS too: that is where command-line tools' users look for it).
export function userConfigDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'uv-shim');
}

// uv's data directory, derived the way uv derives it (uv-dirs: $UV_*_DIR,
// then $XDG_DATA_HOME/uv, then ~/.local/share/uv, on macOS as on Linux).
export function uvDataDir(env: NodeJS.ProcessEnv): string {
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'uv');
  return join(env.HOME || homedir(), '.local', 'share', 'uv');
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
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'uv');
  // uv uses ~/.cache/uv on macOS too, not ~/Library/Caches.
  void platform;
  return join(env.HOME || homedir(), '.cache', 'uv');
}
