// How much the shim says on stderr.
export type LogLevel = 'silent' | 'warn' | 'info' | 'debug';

const ORDER: Record<LogLevel, number> = { silent: 0, warn: 1, info: 2, debug: 3 };

type Kleur = typeof import('kleur');
let kleurInstance: Kleur | undefined;

// kleur is tiny, but the everyday path prints nothing, so it is loaded on the
// first message only. Colour follows NO_COLOR / FORCE_COLOR and whether
// stderr is a terminal: the shim only ever writes to stderr.
export function colors(stream: NodeJS.WriteStream = process.stderr, env = process.env): Kleur {
  if (!kleurInstance) {
    // node:module is fetched only here: importing it at the top costs ~1 ms
    // of every run (it brings Node's ESM loader internals along).
    const { createRequire } = process.getBuiltinModule('node:module');
    kleurInstance = createRequire(import.meta.url)('kleur') as Kleur;
  }
  kleurInstance.enabled = colorEnabled(stream, env);
  return kleurInstance;
}

// FORCE_COLOR beats NO_COLOR and TERM=dumb, which beat the terminal test.
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

// The shim's only voice: stderr, never stdout.
export interface Logger {
  level: LogLevel;
  enabled(level: LogLevel): boolean;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  // Prints "phase took N ms" at debug level; returns the callback's result.
  phase<T>(name: string, fn: () => T): T;
  phaseAsync<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

// Accepts the level names and a few common spellings (quiet, off, trace, 1).
export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.toLowerCase();
  if (v === 'silent' || v === 'warn' || v === 'info' || v === 'debug') return v;
  if (v === 'quiet' || v === 'off') return 'silent';
  if (v === 'trace' || v === '1' || v === 'true') return 'debug';
  return undefined;
}

// A monotonic clock in milliseconds, from process.hrtime: the
// `performance` global loads nine perf_hooks modules on first use (~1 ms).
function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

// `write` is a seam for tests; the shim writes to stderr.
export function createLogger(level: LogLevel, write: (text: string) => void = (t) => process.stderr.write(t)): Logger {
  const start = nowMs();
  const logger: Logger = {
    level,
    enabled: (l) => ORDER[l] <= ORDER[logger.level] && l !== 'silent',
    debug(message) {
      if (!logger.enabled('debug')) return;
      const ms = (nowMs() - start).toFixed(1).padStart(7);
      write(`${colors().dim(`uv-shim ${ms}ms`)} ${message}\n`);
    },
    info(message) {
      if (logger.enabled('info')) write(`${colors().cyan('uv-shim')}: ${message}\n`);
    },
    warn(message) {
      if (logger.enabled('warn')) write(`${colors().yellow('uv-shim')}: ${message}\n`);
    },
    phase(name, fn) {
      if (!logger.enabled('debug')) return fn();
      const t0 = nowMs();
      try {
        return fn();
      } finally {
        logger.debug(`${name}: ${(nowMs() - t0).toFixed(2)} ms`);
      }
    },
    async phaseAsync(name, fn) {
      if (!logger.enabled('debug')) return fn();
      const t0 = nowMs();
      try {
        return await fn();
      } finally {
        logger.debug(`${name}: ${(nowMs() - t0).toFixed(2)} ms`);
      }
    },
  };
  return logger;
}
