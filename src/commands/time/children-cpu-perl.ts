import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { signalOfNumber, type ExitStatus } from '../../common/exit-status.js';
import { ShimError } from '../../errors.js';
import type { CpuTimes } from '../../first-run/children-cpu-proc.js';
import { proxySignals } from '../../shim/proxy-signals.js';

// macOS has no /proc and Node exposes no RUSAGE_CHILDREN, so the command runs
// under a few lines of the system perl (/usr/bin/perl ships with macOS):
// perl forks it, forwards signals to it, waits, and writes the command's
// wait status and times()'s children user and system seconds (its whole
// waited-for tree) to fd 3. The command itself gets fd 0–2 and no fd 3.
const WRAPPER = `
use POSIX ();
my $pid = fork;
defined $pid or die "uv-shim time: fork failed: $!\\n";
if ($pid == 0) {
  POSIX::close(3);
  exec { $ARGV[0] } @ARGV;
  print STDERR "uv-shim time: cannot run $ARGV[0]: $!\\n";
  POSIX::_exit(127);
}
for my $sig (qw(TERM HUP QUIT USR1 USR2 ALRM WINCH)) { $SIG{$sig} = sub { kill $sig, $pid } }
# A terminal's Ctrl-C reaches the command itself (same process group): pass
# SIGINT on only when it was aimed at the wrapper alone.
$SIG{INT} = sub { my $fg = POSIX::tcgetpgrp(0); kill 'INT', $pid unless $fg > 0 && $fg == getpgrp() };
my $r;
do { $r = waitpid($pid, 0) } while ($r == -1 && $!{EINTR});
my $status = $?;
my @t = times;
open my $report, '>&=', 3 or die "uv-shim time: fd 3: $!\\n";
print $report "$status $t[2] $t[3]\\n";
close $report;
`;

export interface WrappedRun {
  result: ExitStatus;
  cpu: CpuTimes;
}

// Runs file with args under the perl wrapper, with the caller's stdio.
export function runUnderPerl(
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; perl?: string },
): Promise<WrappedRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(options.perl ?? 'perl', ['-e', WRAPPER, file, ...args], {
      env: options.env,
      cwd: options.cwd,
      // 0–2: the command's own terminal; 3: the wrapper's one-line report.
      stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    });
    let report = '';
    (child.stdio[3] as Readable).on('data', (chunk: Buffer) => (report += chunk.toString('utf8')));
    let unproxy: (() => void) | undefined;
    child.once('spawn', () => (unproxy = proxySignals(child)));
    child.once('error', (error: NodeJS.ErrnoException) => {
      unproxy?.();
      const failure = { kind: 'command-cannot-start', command: 'time', file: options.perl ?? 'perl', errno: error.code, reason: error.message, measurer: true } as const;
      reject(new ShimError(failure, { cause: error }));
    });
    child.once('close', (code, signal) => {
      unproxy?.();
      const m = /^(\d+) ([\d.]+) ([\d.]+)$/.exec(report.trim());
      if (!m) {
        reject(new Error(`the measuring wrapper ended (${signal ?? `exit ${code}`}) without a report`));
        return;
      }
      const status = Number(m[1]);
      const cpu = { userMs: Number(m[2]) * 1000, sysMs: Number(m[3]) * 1000 };
      const result: ExitStatus = status & 127 ? { code: null, signal: signalOfNumber(status & 127) ?? null } : { code: status >> 8, signal: null };
      resolvePromise({ result, cpu });
    });
  });
}
