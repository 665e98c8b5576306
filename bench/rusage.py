# Runs the commands bench/run.mjs asks for and reports, per run, the wall
# time and the CPU time the command used: user + system time of the process
# and of every descendant it waited for, from wait4(2)'s rusage. Node cannot
# read a child's rusage, Python can (os.wait4). CPU time is what the
# benchmarks compare the shim's own work with: on a shared machine a
# neighbour's load stretches wall time (waiting for a core) far more than
# the CPU time a command needs.
#
# stdin: {"runs": N, "commands": [{"file", "args", "env", "cwd"}, ...]}
# stdout: [{"wall": [ms, ...], "cpu": [ms, ...]}, ...] in the same order;
# one warm-up run of each command first, then N interleaved rounds.
# A command that fails ends the script with exit 1 and its stderr.
import json
import os
import sys
import tempfile
import time


def run(command, err_fd):
    os.ftruncate(err_fd, 0)
    os.lseek(err_fd, 0, os.SEEK_SET)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(command["cwd"])
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(null, 1)
            os.dup2(err_fd, 2)
            # A bare name (sha256sum) is looked up on the command's PATH, as
            # spawnSync does.
            os.execvpe(command["file"], [command["file"], *command["args"]], command["env"])
        except OSError as error:
            os.write(2, f"cannot run {command['file']}: {error.strerror}\n".encode())
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = (time.perf_counter() - start) * 1000
    if status != 0:
        os.lseek(err_fd, 0, os.SEEK_SET)
        stderr = os.read(err_fd, 65536).decode("utf-8", "replace")
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.waitstatus_to_exitcode(status)}"
        sys.stderr.write(f"{command['file']} {' '.join(command['args'])} failed: {how}\n{stderr}")
        sys.exit(1)
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    request = json.load(sys.stdin)
    commands = request["commands"]
    out = [{"wall": [], "cpu": []} for _ in commands]
    with tempfile.TemporaryFile() as err:
        fd = err.fileno()
        for command in commands:
            run(command, fd)
        for _ in range(request["runs"]):
            for i, command in enumerate(commands):
                wall, cpu = run(command, fd)
                out[i]["wall"].append(wall)
                out[i]["cpu"].append(cpu)
    json.dump(out, sys.stdout)


main()
