import { statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { slot } from '../hooks/state.js';
import type { Hook, PostExitContext, RunContext } from '../hooks/types.js';
import { shimCacheDir } from '../paths.js';
import { optionValue } from '../uv/command.js';
import { installsPythons } from '../guard/wants.js';
import { environmentOf, packageDirs } from './locate-environment.js';
import { userLinkModeChoice } from './link-mode-choice.js';

// What the pre-exec step leaves for the post-exit count.
interface Before {
  environment: string;
  stamp: string;
}

const BEFORE_KEY = slot<Before>('first-run:before');

// Changes whenever a package directory gains or loses an entry (uv installs
// and removes whole package directories) or is replaced.
function contentStamp(environment: string): string {
  return packageDirs(environment)
    .map((dir) => {
      try {
        const st = statSync(dir);
        return `${dir}:${st.ino}:${st.mtimeMs}`;
      } catch {
        return `${dir}:-`;
      }
    })
    .join('|');
}

function hardlinkRequested(ctx: RunContext): boolean {
  return (optionValue(ctx.command, '--link-mode') ?? ctx.env.UV_LINK_MODE) === 'hardlink';
}

function isExecutablePath(path: string, environment: string): boolean {
  return path.startsWith(join(environment, 'bin') + sep);
}

// `uv python install`/`upgrade` wrote installations, not an environment:
// the same pass checks their native files (lib/, lib-dynload) before the
// first command maps them.
async function checkInstalledPythons(ctx: PostExitContext): Promise<void> {
  if (ctx.result.code !== 0 || !ctx.config.guard) return;
  const { findManagedCandidates } = await import('../guard/candidates.js');
  const { guardInstallations } = await import('../native/guard-native.js');
  const installations = findManagedCandidates(ctx.env, ctx.command.positionals).map((c) => c.installation);
  await guardInstallations(ctx, installations);
}

async function countAfterExit(ctx: PostExitContext): Promise<void> {
  if (installsPythons(ctx.command)) return await checkInstalledPythons(ctx);
  const before = ctx.shared.get(BEFORE_KEY);
  if (!before || ctx.result.code !== 0) return;
  const { environment } = before;
  const changed = contentStamp(environment) !== before.stamp;
  // `uv run` that found the environment in sync: nothing new, nothing to scan.
  if (!changed && ctx.command.subcommand[0] === 'run') return;

  const cacheDir = shimCacheDir(ctx.env, ctx.platform);
  const { readCount, writeCount } = await import('./count-store.js');
  const previous = readCount(cacheDir, environment);
  if (!changed && previous) return;

  const { fileIdentity, findNativeFiles } = await import('./native-files.js');
  const { unsharedWithCache } = await import('./cache-links.js');
  const { modelOf } = await import('../uv/model.js');
  const { uvCache } = await modelOf({ command: ctx.command, cwd: ctx.cwd, env: ctx.env });
  const native = findNativeFiles(environment, ctx.config.newLibraryMachOOnly);
  const unshared = unsharedWithCache(native, uvCache);
  const seen = new Set(previous?.inodes ?? []);
  // Unchanged and never counted: this is the baseline, not news.
  const newUnshared = changed ? unshared.filter((f) => !seen.has(fileIdentity(f))).length : 0;
  ctx.log.debug(`first-run: ${environment}: ${native.length} native, ${unshared.length} unshared, ${newUnshared} new`);

  const threshold = ctx.config.newLibraryThreshold;
  if (ctx.platform === 'darwin' && newUnshared > 0 && newUnshared >= threshold) {
    const { firstRunNotice } = await import('./notice.js');
    ctx.log.warn(
      firstRunNotice({
        newUnshared,
        environment,
        cwd: ctx.cwd,
        hardlinkRequested: hardlinkRequested(ctx),
        userChoice: userLinkModeChoice(ctx.command, ctx.cwd, ctx.env),
        uvCacheDir: uvCache,
      }),
    );
  }
  // The same pass, the other job: what macOS will kill among these files
  // (their marks and signatures), repaired per policy before anything runs
  // them. Unchanged files are answered from the verdict store by fingerprint.
  if (ctx.platform === 'darwin' && ctx.config.guard) {
    const { guardNativeFiles } = await import('../native/guard-native.js');
    const targets = native.map((f) => ({ path: f.path, role: isExecutablePath(f.path, environment) ? 'executable' : 'library' }) as const);
    await guardNativeFiles(ctx, environment, targets, { useCache: true });
  }
  // Last: a cache dir that cannot be written costs the memory, not the notice.
  writeCount(cacheDir, {
    environment,
    countedAt: new Date().toISOString(),
    nativeFiles: native.length,
    unshared: unshared.length,
    newUnshared,
    inodes: native.map(fileIdentity),
  });
}

// Counts the native libraries a command left in its environment that macOS
// has not validated yet (new inodes, not shared with uv's cache).
export const firstRunCountHook: Hook = {
  name: 'first-run library count',
  required: false,
  async preExec(ctx) {
    const environment = await environmentOf(ctx);
    if (environment) ctx.shared.set(BEFORE_KEY, { environment, stamp: contentStamp(environment) } satisfies Before);
  },
  async postExit(ctx) {
    await countAfterExit(ctx);
  },
};
