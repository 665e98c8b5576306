import type { CommandModule } from './spec.js';

// The module behind each command in the registry, imported only when it is
// the one asked for. Kept apart from the registry so that help, completions
// and usage can read the registry without importing every command.
export const COMMAND_MODULES: Record<string, () => Promise<CommandModule>> = {
  install: () => import('./install.js'),
  uninstall: () => import('./uninstall.js'),
  doctor: () => import('./doctor.js'),
  inspect: () => import('./inspect.js'),
  time: () => import('./time.js'),
  check: () => import('./check.js'),
  repair: () => import('./repair.js'),
  cache: () => import('./cache.js'),
  trust: () => import('./trust.js'),
  untrust: async () => ({ run: (await import('./trust.js')).runUntrust }),
  completions: () => import('./completions.js'),
  help: () => import('./help.js'),
  version: () => import('./version.js'),
};
