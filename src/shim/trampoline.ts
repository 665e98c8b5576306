import type { LaunchState } from './launch-state.js';

// What to spawn to run `file args` with `env` so that uv starts in the state
// the launcher was started in.
export interface ExecPlan {
  file: string;
  args: string[];
  // Environment names whose raw bytes could not be handed back (see below).
  lost: string[];
}

// A shell name the trampoline can assign with `export`.
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Usually uv is spawned as it is. When the caller had signals ignored, or
// gave bytes that are not UTF-8, uv is started through `/bin/sh -c` instead,
// which puts back what Node cannot: it ignores those signals again (an
// ignored disposition survives exec, and the shell starts after libuv reset
// them in the child), decodes the raw bytes with printf and execs uv. A
// dozen lines of shell, a millisecond, only in those cases.
//
// What cannot be handed back, and is then passed as Node decoded it (each bad
// byte as U+FFFD): the raw value of a variable whose name is not a shell
// name, or is itself not UTF-8, and a raw value a hook replaced.
export function execPlan(file: string, args: readonly string[], env: NodeJS.ProcessEnv, state?: LaunchState, prefixLength = 0): ExecPlan {
  const lost: string[] = [];
  const lines: string[] = [];
  if (state?.ignoredSignals.length) lines.push(`trap '' ${state.ignoredSignals.join(' ')}`);
  for (const [name, raw] of state?.rawEnv ?? []) {
    if (!SHELL_NAME.test(name) || env[name] !== raw.toString('utf8')) {
      lost.push(name);
      continue;
    }
    lines.push(decodeInto('uv_shim_v', raw), `${name}=$uv_shim_v`, `export ${name}`);
  }
  const words = [quote(file)];
  args.forEach((arg, i) => {
    const raw = i >= prefixLength ? state?.rawArgs[i - prefixLength] : undefined;
    if (!raw || raw.toString('utf8') !== arg) {
      words.push(quote(arg));
      return;
    }
    lines.push(decodeInto(`uv_shim_a${i}`, raw));
    words.push(`"$uv_shim_a${i}"`);
  });
  if (lines.length === 0) return { file, args: [...args], lost };
  lines.push(`exec ${words.join(' ')}`);
  return { file: '/bin/sh', args: ['-c', lines.join('\n')], lost };
}

// Single quotes keep every byte but the quote itself, written as '\''.
function quote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

// printf's %b turns \0ooo into that byte; the trailing x survives the
// command substitution's removal of trailing newlines and is cut after.
function decodeInto(variable: string, raw: Buffer): string {
  let escaped = '';
  for (const byte of raw) {
    escaped += byte >= 0x20 && byte < 0x7f && byte !== 0x5c && byte !== 0x27
      ? String.fromCharCode(byte)
      : `\\0${byte.toString(8).padStart(3, '0')}`;
  }
  return `${variable}=$(printf '%bx' '${escaped}'); ${variable}=\${${variable}%x}`;
}
