import { userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { homeDirectory, shimCacheDir, userConfigDir, userHome, uvCacheDir, uvDataDir, uvHome, uvUserConfigDir } from '../src/paths.js';

const account = userInfo().homedir;

describe('the user config and state directories', () => {
  it.each([
    [{ HOME: '/h', XDG_CONFIG_HOME: '/x' }, '/x/uv-shim'],
    [{ HOME: '/h' }, '/h/.config/uv-shim'],
    // Relative XDG paths are ignored (XDG spec).
    [{ HOME: '/h', XDG_CONFIG_HOME: '.config' }, '/h/.config/uv-shim'],
    [{ HOME: '/h', XDG_CONFIG_HOME: '' }, '/h/.config/uv-shim'],
    // An empty or relative HOME: no user config, never one found from the working directory.
    [{ HOME: '' }, undefined],
    [{ HOME: '.' }, undefined],
    [{ HOME: 'repo', XDG_CONFIG_HOME: 'repo/.config' }, undefined],
    // Unset HOME: the account's home.
    [{}, join(account, '.config', 'uv-shim')],
  ])('userConfigDir(%j) = %s', (env, expected) => {
    expect(userConfigDir(env)).toBe(expected);
  });

  it.each([
    [{ HOME: '/h', UV_SHIM_CACHE_DIR: '/c' }, '/c'],
    [{ HOME: '/h', UV_SHIM_CACHE_DIR: 'rel', XDG_CACHE_HOME: '/x' }, '/x/uv-shim'],
    [{ HOME: '/h', XDG_CACHE_HOME: '.cache' }, '/h/.cache/uv-shim'],
    [{ HOME: '', XDG_CACHE_HOME: '.cache' }, join(account, '.cache', 'uv-shim')],
    [{ HOME: 'rel' }, join(account, '.cache', 'uv-shim')],
  ])('shimCacheDir(%j) = %s, never relative to the working directory', (env, expected) => {
    expect(shimCacheDir(env, 'linux')).toBe(expected);
  });

  it('homeDirectory is undefined for an empty or relative HOME', () => {
    expect(homeDirectory({ HOME: '' })).toBeUndefined();
    expect(homeDirectory({ HOME: 'x' })).toBeUndefined();
    expect(homeDirectory({ HOME: '/h' })).toBe('/h');
  });

  it.each([
    [{ HOME: '/h', XDG_DATA_HOME: 'rel' }, '/h/.local/share/uv'],
    [{ HOME: '/h', XDG_DATA_HOME: '/d' }, '/d/uv'],
  ])('uvDataDir ignores a relative XDG_DATA_HOME as uv does: %j', (env, expected) => {
    expect(uvDataDir(env)).toBe(expected);
  });

  it('uvCacheDir ignores a relative XDG_CACHE_HOME as uv does', () => {
    expect(uvCacheDir({ HOME: '/h', XDG_CACHE_HOME: 'rel' }, 'linux')).toBe('/h/.cache/uv');
  });

  // Two rules, each in one place: uv's (Rust's home_dir: HOME unless it is
  // empty, relative taken as it is) for the paths uv derives, and the
  // shim's (HOME when absolute, else the account's) for its own files.
  it.each([
    [{ HOME: '/h' }, '/h', '/h'],
    [{ HOME: '' }, account, account],
    [{ HOME: 'rel' }, 'rel', account],
  ])('HOME of %j: uv\'s home %s, the user\'s home %s', (env, uv, user) => {
    expect(uvHome(env)).toBe(uv);
    expect(userHome(env)).toBe(user);
  });

  it.each([
    [{ HOME: '/h' }, '/h/.config/uv'],
    [{ HOME: '/h', XDG_CONFIG_HOME: '/x' }, '/x/uv'],
    [{ HOME: '/h', XDG_CONFIG_HOME: 'rel' }, '/h/.config/uv'],
    [{ HOME: '' }, join(account, '.config', 'uv')],
  ])('uvUserConfigDir(%j) = %s', (env, expected) => {
    expect(uvUserConfigDir(env)).toBe(expected);
  });
});
