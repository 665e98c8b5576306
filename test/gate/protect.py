"""Runs a command whose every attempt to remove an extended attribute is
refused by the kernel with EPERM, as macOS refuses the removal of a
protected com.apple.provenance (uv 16726: the attribute "sometimes
reappears immediately" or cannot be removed; removing it fails with
"Operation not permitted" under System Integrity Protection, whoever asks,
root included).

  protect.py COMMAND ARG…

The exec gate's `provenanceProtected` switch puts a removed provenance back
and makes the xattr double refuse; this makes the shim's own removal (the
native binding's removexattr(2)) fail too, which no flag on the file can
do here: `chattr +i` or `+a` refuse the removal, but also the rename that
codesign and the shim's repair use to put a re-signed file in place, which
macOS allows.

How: a seccomp filter (Documentation/userspace-api/seccomp_filter.rst),
installed after PR_SET_NO_NEW_PRIVS so no privilege is needed, returns
EPERM for removexattr, lremovexattr, fremovexattr and removexattrat, and
allows every other system call. It is inherited by every process the
command starts. A filter cannot read the name the call points to, so every
attribute's removal is refused in that process tree, not provenance's
alone: a test that uses it gives the file provenance only.
"""

import ctypes
import os
import platform
import struct
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
EPERM = 1

# BPF: ld, jeq, ret (linux/filter.h, linux/bpf_common.h)
BPF_LD_W_ABS = 0x20
BPF_JEQ_K = 0x15
BPF_RET_K = 0x06
# struct seccomp_data: nr at 0, arch at 4
OFFSET_NR, OFFSET_ARCH = 0, 4

# (AUDIT_ARCH_*, removexattr, lremovexattr, fremovexattr, removexattrat)
ARCHES = {
    "x86_64": (0xC000003E, (197, 198, 199, 466)),
    "aarch64": (0xC00000B7, (14, 15, 16, 466)),
}


def insn(code, jt, jf, k):
    return struct.pack("HBBI", code, jt, jf, k)


def program(audit_arch, numbers):
    out = [insn(BPF_LD_W_ABS, 0, 0, OFFSET_ARCH),
           # Another ABI (x32, compat): allow, it is not how these programs call.
           insn(BPF_JEQ_K, 0, len(numbers) + 1, audit_arch),
           insn(BPF_LD_W_ABS, 0, 0, OFFSET_NR)]
    for i, nr in enumerate(numbers):
        # Matched: jump to the EPERM return after the remaining tests and the ALLOW.
        out.append(insn(BPF_JEQ_K, len(numbers) - i, 0, nr))
    out.append(insn(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    out.append(insn(BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM))
    return b"".join(out)


def install():
    machine = platform.machine()
    if machine not in ARCHES:
        raise OSError("no seccomp filter written for %s" % machine)
    audit_arch, numbers = ARCHES[machine]
    code = program(audit_arch, numbers)
    buf = ctypes.create_string_buffer(code, len(code))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(code) // 8, ctypes.cast(buf, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP)")


def main(argv):
    if not argv:
        sys.stderr.write("usage: protect.py COMMAND ARG…\n")
        return 2
    try:
        install()
    except OSError as e:
        sys.stderr.write("protect.py: cannot install the seccomp filter: %s\n" % e)
        return 125
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
