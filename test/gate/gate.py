"""The exec gate: what macOS decides when a simulated-macOS program starts
and when it maps a Mach-O file, written from what macOS is documented and
reported to do. It shares no code with uv-shim's src/darwin/.

Sources for each rule:
- At exec, provenance (or quarantine on code that is not notarized) on an
  ad-hoc-signed or unsigned main executable: SIGKILL, namespace CODESIGNING
  code 1, indicator "Taskgated Invalid Signature". uv issue 16726
  (https://github.com/astral-sh/uv/issues/16726): removing the attribute is
  not enough, `codesign --force --sign -` fixes it ("clears Gatekeeper's
  cache"), and it comes back (the attribute "sometimes reappears
  immediately"); uv 16297 and 16003 (same SIGKILL on `Querying Python`);
  1jehuang/jcode#1233 and openclaw/imsg#291 (.ips with "CODESIGNING /
  Taskgated Invalid Signature", code 1, for ad-hoc binaries carrying
  com.apple.provenance that pass `codesign --verify`). So the rejection is
  remembered by the executable's CDHash, not by its attributes.
- At load, a page whose hash does not match its slot: SIGKILL, CODESIGNING
  code 2, "Invalid Page"; the kernel logs `CODE SIGNING: process PID[name]:
  rejecting invalid page at address … from offset … in file "<path>" …`
  (xnu osfmk/vm/vm_fault.c; .ips in disorderedmaterials/dissolve#2030 and
  OpenMS/OpenMS#7689; kernel lines quoted in public reports for qemu-img's
  libssh and a python3.11's libcrypto.3.dylib).
- A signed file rewritten in place after the kernel cached its signature
  (same vnode, new content): the next map fails with `load code signature
  error 2 for file "<name>"` and SIGKILL; a new inode (cp to a temp file and
  mv, or codesign's own temp file and rename) does not.

- Executing a Mach-O main executable (a wheel's bin/ruff run by `uvx`):
  the same rules, read from its real signature. Linux cannot run it: in a
  private user namespace binfmt_misc hands every such exec to this file
  (`gate.py binfmt`, registered by test/gate/binfmt.ts; the kernel's
  Documentation/admin-guide/binfmt-misc.rst, and "binfmt_misc: enable
  sandboxed mounts", Linux 6.7), in the same process, so a kill here is
  the program's own death as its parent sees it.

The gate's memory (rejected CDHashes, locally signed CDHashes, what each
inode was when first mapped, the switches) lives in <home>/.macos-gate/.
Crash reports go to <home>/Library/Logs/DiagnosticReports/, unified-log
entries to <home>/.macos-gate/unified-log.ndjson for the `log` double.
"""

import hashlib
import json
import os
import sys
import time

# Imported from beside this file without leaving a trace on sys.path: the
# interpreter the gate runs in is the one uv queries.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import macho  # noqa: E402
finally:
    del sys.path[0]

PROVENANCE = "com.apple.provenance"
QUARANTINE = "com.apple.quarantine"
XATTR_PREFIX = "user."  # Apple's names as Linux stores them (user. namespace)
IDENTITY_TAG = "# macos-code-signature: "


# --- state ----------------------------------------------------------------

def state_dir(home):
    d = os.path.join(home, ".macos-gate")
    os.makedirs(d, exist_ok=True)
    return d


def _lines(home, name):
    try:
        with open(os.path.join(state_dir(home), name)) as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    except OSError:
        return []


def _append(home, name, line):
    with open(os.path.join(state_dir(home), name), "a") as f:
        f.write(line + "\n")


def switches(home):
    try:
        with open(os.path.join(state_dir(home), "switches.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def arch_of(home):
    """The Mac being simulated: Apple Silicon unless the switches say Intel."""
    return switches(home).get("arch") or os.environ.get("UV_SHIM_ARCH") or "arm64"


def reject(home, cdhash):
    _append(home, "rejected", cdhash)


def is_rejected(home, cdhash):
    return cdhash in _lines(home, "rejected")


def note_local_signature(home, cdhash):
    """codesign ran on this Mac and produced this CDHash: its earlier
    rejection is forgotten (uv 16726: a re-sign "clears Gatekeeper's
    cache"), and the code is allowed despite provenance."""
    _append(home, "local-signatures", cdhash)
    rejected = [h for h in _lines(home, "rejected") if h != cdhash]
    with open(os.path.join(state_dir(home), "rejected"), "w") as f:
        f.write("".join(h + "\n" for h in rejected))


def is_locally_signed(home, cdhash):
    return cdhash in _lines(home, "local-signatures")


# --- attributes -----------------------------------------------------------

def xattrs(path):
    if not hasattr(os, "listxattr"):
        return {}  # macOS's Python has no xattr calls; the real kernel decides there
    try:
        names = os.listxattr(path)
    except OSError:
        return {}
    out = {}
    for n in names:
        if n.startswith(XATTR_PREFIX):
            try:
                out[n[len(XATTR_PREFIX):]] = os.getxattr(path, n)
            except OSError:
                pass
    return out


def provenance_rules(home, path, found):
    """The switches: `provenanceReturns` puts a removed provenance back when
    the file is next executed or mapped (uv 16726: "the xattr sometimes
    reappears immediately"); `provenanceProtected` does the same, and the
    xattr double refuses to remove it (as for a SIP-protected attribute)."""
    sw = switches(home)
    remembered = {}
    for line in _lines(home, "provenance"):
        p, _, value = line.partition("\t")
        remembered[p] = value
    if PROVENANCE in found and path not in remembered:
        _append(home, "provenance", "%s\t%s" % (path, found[PROVENANCE].hex()))
    elif PROVENANCE not in found and path in remembered and (sw.get("provenanceReturns") or sw.get("provenanceProtected")):
        value = bytes.fromhex(remembered[path])
        try:
            os.setxattr(path, XATTR_PREFIX + PROVENANCE, value)
            found[PROVENANCE] = value
        except OSError:
            pass
    return found


# --- code identity ----------------------------------------------------------

def standin_identity(path):
    """The interpreter stand-in's signature, kept in its content (Linux
    cannot run a Mach-O main executable): {kind, identifier, flags, cdhash,
    codeHash, valid}. A re-sign rewrites it; an xattr change does not."""
    with open(path, "rb") as f:
        data = f.read(1 << 20)
    return standin_identity_of_text(data.decode("utf-8", "replace"))


def standin_identity_of_text(text):
    line = next((l for l in text.split("\n") if l.startswith(IDENTITY_TAG)), None)
    code = "\n".join(l for l in text.split("\n") if not l.startswith(IDENTITY_TAG))
    code_hash = hashlib.sha256(code.encode()).hexdigest()
    if line is None:
        return {"kind": "unsigned", "identifier": None, "cdhash": None, "codeHash": code_hash, "valid": False}
    ident = json.loads(line[len(IDENTITY_TAG):])
    ident["valid"] = ident.get("codeHash") == code_hash
    return ident


def standin_cdhash(kind, identifier, flags, code_hash):
    # What a CodeDirectory would hash over: identifier, flags, special slots
    # (codesign adds two; the linker none) and the code's hash.
    special = 0 if flags & macho.CS_LINKER_SIGNED else 2
    blob = json.dumps([kind, identifier, flags, special, code_hash]).encode()
    return hashlib.sha256(blob).hexdigest()


def with_identity(text, kind, identifier, flags, team=None):
    """`text` (a stand-in's content) carrying a fresh identity line."""
    lines = [l for l in text.split("\n") if not l.startswith(IDENTITY_TAG)]
    code_hash = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    if kind == "unsigned":
        return "\n".join(lines)
    ident = {"kind": kind, "identifier": identifier, "flags": flags, "team": team, "codeHash": code_hash,
             "cdhash": standin_cdhash(kind, identifier, flags, code_hash)}
    return "\n".join(lines[:1] + [IDENTITY_TAG + json.dumps(ident, sort_keys=True)] + lines[1:])


# --- evidence: crash reports and the unified log -----------------------------

def _now():
    import datetime  # only for a kill's evidence: the exec path stays light
    return datetime.datetime.now().astimezone()


def write_crash_report(home, proc_path, pid, parent, code, indicator, cdhash_value=None, identifier=None, fault=None):
    """A crash report in the .ips format macOS 12+ writes: one JSON header
    line (bug_type "309"), then the JSON body (shape from the .ips files in
    dissolve#2030, OpenMS#7689 and jcode#1233)."""
    import uuid
    now = _now()
    name = os.path.basename(proc_path)
    incident = str(uuid.uuid4()).upper()
    header = {
        "app_name": name, "timestamp": now.strftime("%Y-%m-%d %H:%M:%S.00 %z"), "app_version": "", "slice_uuid": str(uuid.uuid4()),
        "build_version": "", "platform": 1, "share_with_app_devs": 0, "is_first_party": 0, "bug_type": "309",
        "os_version": "macOS 26.1 (25B78)", "roots_installed": 0, "name": name, "incident_id": incident,
    }
    if code == 1:
        exception = {"codes": "0x0000000000000000, 0x0000000000000000", "rawCodes": [0, 0], "type": "EXC_CRASH",
                     "signal": "SIGKILL (Code Signature Invalid)"}
    else:
        address = fault["address"] if fault else 0
        exception = {"codes": "0x0000000000000032, 0x%016x" % address, "rawCodes": [50, address], "type": "EXC_BAD_ACCESS",
                     "signal": "SIGKILL (Code Signature Invalid)", "subtype": "UNKNOWN_0x32 at 0x%016x" % address}
    body = {
        "uptime": 86400, "procRole": "Unspecified", "version": 2, "userID": os.getuid(), "deployVersion": 210,
        "modelCode": "Mac15,6" if arch_of(home) == "arm64" else "MacBookPro16,1", "osVersion": {"train": "macOS 26.1", "build": "25B78", "releaseType": "User"},
        "captureTime": now.strftime("%Y-%m-%d %H:%M:%S.0000 %z"), "codeSigningMonitor": 1, "incident": incident, "pid": pid,
        "cpuType": "ARM-64" if arch_of(home) == "arm64" else "X86-64", "roots_installed": 0, "bug_type": "309",
        "procLaunch": now.strftime("%Y-%m-%d %H:%M:%S.0000 %z"), "procName": name, "procPath": proc_path,
        "parentProc": parent[1], "parentPid": parent[0], "coalitionName": "com.apple.Terminal", "responsiblePid": parent[0],
        "responsibleProc": parent[1], "codeSigningID": identifier or "", "codeSigningTeamID": "",
        "codeSigningFlags": 570425857 if code == 1 else 570556929, "codeSigningValidationCategory": 10 if code == 2 else 0,
        "codeSigningTrustLevel": 4294967295, "sip": "enabled", "exception": exception,
        "termination": {"flags": 0, "code": code, "namespace": "CODESIGNING", "indicator": indicator},
    }
    if fault:
        body["vmRegionInfo"] = "0x%x is in 0x%x-0x%x;  bytes after start: 0\n      REGION TYPE    START - END\n--->  mapped file    %s" % (
            fault["address"], fault["address"], fault["address"] + 0x4000, fault["file"])
    reports = os.path.join(home, "Library", "Logs", "DiagnosticReports")
    os.makedirs(reports, exist_ok=True)
    stem = "%s-%s" % (name, now.strftime("%Y-%m-%d-%H%M%S"))
    path = os.path.join(reports, stem + ".ips")
    n = 1
    while os.path.exists(path):
        path = os.path.join(reports, "%s-%d.ips" % (stem, n))
        n += 1
    with open(path, "w") as f:
        f.write(json.dumps(header) + "\n" + json.dumps(body, indent=2) + "\n")
    return path


def log_event(home, message, process="kernel", pid=0):
    """One unified-log entry, as `log show --style ndjson` prints it."""
    now = _now()
    entry = {
        "traceID": int.from_bytes(os.urandom(6), "big"), "eventMessage": message, "eventType": "logEvent", "source": None,
        "formatString": "%s", "activityIdentifier": 0, "subsystem": "", "category": "", "threadID": os.getpid(),
        "senderImageUUID": "00000000-0000-0000-0000-000000000000", "bootUUID": "", "processImagePath": "/" + process,
        "senderImagePath": "/" + process, "timestamp": now.strftime("%Y-%m-%d %H:%M:%S.%f%z"), "machTimestamp": time.monotonic_ns(),
        "messageType": "Default", "processImageUUID": "00000000-0000-0000-0000-000000000000", "processID": pid,
        "senderProgramCounter": 0, "parentActivityIdentifier": 0, "timezoneName": "",
    }
    _append(home, "unified-log.ndjson", json.dumps(entry))


# --- decisions ------------------------------------------------------------------

class WrongArch(Exception):
    def __init__(self, path, have, need):
        super().__init__("dlopen(%s, 0x0002): tried: '%s' (mach-o file, but is an incompatible architecture (have '%s', need '%s'))" % (
            path, path, ",".join(have), need))


class Kill(Exception):
    def __init__(self, code, indicator, file, detail):
        super().__init__(detail)
        self.code, self.indicator, self.file, self.detail = code, indicator, file, detail


def decide_exec(home, path):
    """None to run, or the Kill for the main executable at `path`."""
    found = provenance_rules(home, path, xattrs(path))
    ident = standin_identity(path)
    check_inode(home, path, ident.get("cdhash") or ident["codeHash"], main=True)
    if ident["kind"] != "unsigned" and not ident["valid"]:
        raise Kill(2, "Invalid Page", path, "the executable's code does not match its signature")
    cd = ident.get("cdhash")
    if cd and is_rejected(home, cd):
        raise Kill(1, "Taskgated Invalid Signature", path, "this code (CDHash %s) was rejected before" % cd[:40])
    marked = PROVENANCE in found or (QUARANTINE in found and not ident.get("notarized"))
    if marked and ident["kind"] in ("unsigned", "adhoc") and not (cd and is_locally_signed(home, cd)):
        if cd:
            reject(home, cd)
        raise Kill(1, "Taskgated Invalid Signature", path, "ad-hoc or unsigned code carrying %s" % (
            PROVENANCE if PROVENANCE in found else QUARANTINE))
    return ident


def vnode_key(path):
    """The file's identity as the kernel's vnode: device, inode and the
    inode's generation (ext4 gives a new generation to a reused inode
    number, so a file replaced by a new one is never taken for the old)."""
    st = os.stat(path)
    generation = 0
    try:
        import array
        import fcntl
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            buf = array.array("l", [0])
            fcntl.ioctl(fd, 0x80087601, buf, True)  # FS_IOC_GETVERSION
            generation = buf[0]
        finally:
            os.close(fd)
    except (OSError, ImportError):
        pass
    return "%d:%d:%d" % (st.st_dev, st.st_ino, generation)


def check_inode(home, path, identity, main=False):
    """The kernel keeps a file's signature with its vnode: the same vnode
    mapped again with another signature is refused."""
    key = vnode_key(path)
    for line in _lines(home, "mapped"):
        k, _, rest = line.partition("\t")
        if k == key:
            seen = rest.split("\t")[0]
            if seen != identity:
                raise Kill(2, "Invalid Page", path, "load code signature error 2 for file \"%s\"" % os.path.basename(path))
            return
    _append(home, "mapped", "%s\t%s\t%s" % (key, identity, path))


def running_slice(home, path):
    """(content, slice entry, arch) of the slice this Mac runs from the
    Mach-O at `path`. Raises NotMachO, a Kill for a malformed file, or
    WrongArch when there is no such slice (dyld refuses the file; nothing
    is mapped)."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        entries = macho.check_file(data)
    except macho.Malformed as e:
        raise Kill(2, "Invalid Page", path, "malformed Mach-O: %s" % e)
    arch = arch_of(home)
    entry = macho.run_slice(entries, arch)
    if entry is None:
        raise WrongArch(path, [e["arch"] for e in entries], arch)
    return data, entry, arch


def decide_load(home, path):
    """None, or the Kill for mapping the Mach-O at `path` in a process."""
    found = provenance_rules(home, path, xattrs(path))
    try:
        data, entry, arch = running_slice(home, path)
    except macho.NotMachO:
        return None
    if not entry["signed"]:
        # Apple Silicon runs no unsigned code (an arm64 slice must carry at
        # least the linker's ad-hoc signature); Intel Macs run it.
        if arch == "arm64":
            raise Kill(2, "Invalid Page", path, "unsigned arm64 code")
        check_inode(home, path, hashlib.sha256(data).hexdigest())
        return None
    check_inode(home, path, entry["cdhash"] or "malformed")
    if entry["badPage"] is not None:
        page = 1 << (entry["cd"]["pageShift"] if entry.get("cd") else 12)
        offset = entry["offset"] + entry["badPage"] * page
        raise _invalid_page(path, offset)
    return None


def decide_exec_macho(home, path):
    """The identity of the slice that runs, or the Kill (or WrongArch) for
    executing the Mach-O main executable at `path`. The same rules as the
    stand-in's exec, read from the real signature: provenance, or
    quarantine, on ad-hoc-signed or unsigned code is rejected by its CDHash
    (a wheel's executable: web-researcher-mcp PR 179, `uvx` died of signal 9
    until `xattr -c`; ruff's and uv's own arm64 builds are linker-signed ad
    hoc); a page that does not match is an Invalid Page; unsigned arm64 code
    never runs on Apple Silicon."""
    found = provenance_rules(home, path, xattrs(path))
    data, entry, arch = running_slice(home, path)
    cd = entry["cdhash"]
    check_inode(home, path, cd or hashlib.sha256(data).hexdigest(), main=True)
    if not entry["signed"] and arch == "arm64":
        raise Kill(2, "Invalid Page", path, "unsigned arm64 code")
    if entry["badPage"] is not None:
        page = 1 << (entry["cd"]["pageShift"] if entry.get("cd") else 12)
        raise _invalid_page(path, entry["offset"] + entry["badPage"] * page)
    if cd and is_rejected(home, cd):
        raise Kill(1, "Taskgated Invalid Signature", path, "this code (CDHash %s) was rejected before" % cd[:40])
    adhoc = not entry["signed"] or bool(entry["cd"]["flags"] & macho.CS_ADHOC)
    if (PROVENANCE in found or QUARANTINE in found) and adhoc and not (cd and is_locally_signed(home, cd)):
        if cd:
            reject(home, cd)
        raise Kill(1, "Taskgated Invalid Signature", path, "ad-hoc or unsigned code carrying %s" % (
            PROVENANCE if PROVENANCE in found else QUARANTINE))
    return {"arch": arch, "identifier": entry["cd"]["identifier"] if entry.get("cd") else None,
            "kind": "unsigned" if not entry["signed"] else "adhoc" if adhoc else "developer-id"}


def owning_distribution(path):
    """(name, version) of the installed distribution whose RECORD lists the
    executable at `path` (<env>/bin/NAME), or None."""
    env = os.path.dirname(os.path.dirname(path))
    name = os.path.basename(path)
    lib = os.path.join(env, "lib")
    try:
        pythons = [d for d in os.listdir(lib) if d.startswith("python")]
    except OSError:
        return None
    for py in pythons:
        site = os.path.join(lib, py, "site-packages")
        try:
            infos = [d for d in os.listdir(site) if d.endswith(".dist-info")]
        except OSError:
            continue
        for info in infos:
            try:
                with open(os.path.join(site, info, "RECORD")) as f:
                    listed = any(line.split(",")[0].endswith("/bin/" + name) for line in f)
                if not listed:
                    continue
                meta = {}
                with open(os.path.join(site, info, "METADATA")) as f:
                    for line in f:
                        if not line.strip():
                            break  # the headers end; the description follows
                        key, _, value = line.partition(": ")
                        meta.setdefault(key, value.strip())
                return meta.get("Name", info.split("-")[0]), meta.get("Version", "?")
            except OSError:
                continue
    return None


def run_macho(path, args, ident):
    """What the executable does once macOS lets it run: Linux cannot run its
    code, so the gate stands in for it. `--version` prints what the
    distribution that installed it says (`ruff 0.8.0`, as ruff prints it);
    anything else prints one line naming the code that ran."""
    name = os.path.basename(path)
    if args[:1] in (["--version"], ["-V"]):
        owner = owning_distribution(path)
        sys.stdout.write("%s %s\n" % (name, owner[1] if owner else "(version unknown)"))
    else:
        sys.stdout.write("%s ran on the simulated Mac (%s slice, %s signature)\n" % (name, ident["arch"], ident["kind"]))
    sys.stdout.flush()
    return 0


def exec_macho(path, args):
    """The binfmt_misc handler's work (see test/gate/binfmt.ts): this process
    is the one that executed the Mach-O at `path` (the kernel keeps its pid
    and hands the file to this interpreter), so a kill here is a kill of
    that program, as its parent sees it."""
    home = os.environ.get("HOME", "/nonexistent")
    pid = os.getpid()
    path = os.path.realpath(path)
    try:
        ident = decide_exec_macho(home, path)
    except Kill as kill:
        identifier = None
        try:
            with open(path, "rb") as f:
                entry = macho.run_slice(macho.check_file(f.read()), arch_of(home))
            identifier = entry["cd"]["identifier"] if entry and entry.get("cd") else None
        except (OSError, macho.NotMachO, macho.Malformed):
            pass
        kill_evidence(home, kill, path, pid, parent_of(pid), identifier=identifier or "")
        _append(home, "execs", "%d killed %s" % (pid, path))
        sys.stdout.flush()
        os.kill(pid, 9)
        return 137
    except WrongArch as refused:
        # posix_spawn fails with EBADARCH on a Mac; here exec has already
        # succeeded, so the nearest is the shell's message and status.
        sys.stderr.write("%s: Bad CPU type in executable (%s)\n" % (path, refused))
        return 126
    _append(home, "execs", "%d ran %s" % (pid, path))
    return run_macho(path, args, ident)


def _invalid_page(path, offset):
    k = Kill(2, "Invalid Page", path, "rejecting invalid page")
    k.offset = offset
    return k


def kill_evidence(home, kill, proc_path, pid, parent, identifier=None):
    """Writes what macOS writes for a kill: the crash report and log lines."""
    name = os.path.basename(proc_path)
    ident = identifier
    if ident is None:
        try:
            ident = standin_identity(proc_path).get("identifier")
        except OSError:
            pass
    fault = None
    if kill.code == 2:
        offset = getattr(kill, "offset", 0)
        address = 0x100000000 + 0x4000 * (abs(hash(kill.file)) % 4096) + offset
        fault = {"address": address, "file": kill.file}
        if kill.detail.startswith("load code signature error"):
            log_event(home, kill.detail, pid=0)
        else:
            log_event(home, "CODE SIGNING: cs_invalid_page(0x%x): p=%d[%s] final status 0x23000200, denying page sending SIGKILL" % (
                address, pid, name))
            st = os.stat(kill.file)
            log_event(home, 'CODE SIGNING: process %d[%s]: rejecting invalid page at address 0x%x from offset 0x%x in file "%s" '
                      "(cs_mtime:%d.%09d == mtime:%d.%09d) (signed:1 validated:1 tainted:1 nx:0 wpmapped:0 dirty:0 depth:0)" % (
                          pid, name, address, offset, kill.file, int(st.st_mtime), st.st_mtime_ns % 10**9,
                          int(st.st_mtime), st.st_mtime_ns % 10**9))
    return write_crash_report(home, proc_path, pid, parent, kill.code, kill.indicator, identifier=ident, fault=fault)


def parent_of(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ppid = int(fields[1])
        with open("/proc/%d/comm" % ppid) as f:
            return ppid, f.read().strip()
    except (OSError, ValueError, IndexError):
        return 0, "???"


def note_start(log, pid, what):
    try:
        with open(log, "a") as f:
            f.write("%d %s\n" % (pid, what))
    except OSError:
        pass


def main(argv):
    # gate.py exec HOME EXECUTABLE PID STARTS_LOG: exit 0 to run, 1 when the
    # gate killed (the stand-in then sends itself SIGKILL).
    if argv[1] == "exec":
        home, argv0, pid, starts = argv[2], argv[3], int(argv[4]), argv[5]
        path = os.path.realpath(argv0)
        root = os.path.dirname(os.path.dirname(path))
        try:
            decide_exec(home, path)
            for lib in load_at_exec(root):
                decide_load(home, lib)
        except Kill as kill:
            kill_evidence(home, kill, path, pid, parent_of(pid))
            note_start(starts, pid, "killed")
            return 1
        note_start(starts, pid, "ran")
        return 0
    # gate.py load HOME EXECUTABLE PID FILE…: the process is about to map
    # these files; exit 1 (after writing the evidence) when macOS would kill it.
    if argv[1] == "load":
        home, path, pid = argv[2], argv[3], int(argv[4])
        try:
            for f in argv[5:]:
                decide_load(home, f)
        except Kill as kill:
            kill_evidence(home, kill, path, pid, parent_of(pid))
            return 1
        except WrongArch as refused:
            sys.stderr.write(str(refused) + "\n")
            return 2
        return 0
    # gate.py binfmt PATH ARGV0 ARG…: the interpreter binfmt_misc runs for
    # an executed Mach-O (registered with flag P: the full path, then the
    # original argv[0] and arguments).
    if argv[1] == "binfmt":
        return exec_macho(argv[2], argv[4:])
    # gate.py identity FILE: the stand-in's signature as JSON.
    if argv[1] == "identity":
        print(json.dumps(standin_identity(argv[2])))
        return 0
    # gate.py sign-standin FILE KIND IDENTIFIER FLAGS: writes a stand-in's
    # first signature in place (when the test lays out an installation).
    if argv[1] == "sign-standin":
        with open(argv[2]) as f:
            text = f.read()
        with open(argv[2], "w") as f:
            f.write(with_identity(text, argv[3], argv[4], int(argv[5], 0)))
        return 0
    raise SystemExit("usage: gate.py exec HOME EXECUTABLE PID STARTS_LOG | binfmt PATH ARGV0 ARG… | identity FILE | sign-standin FILE KIND IDENTIFIER FLAGS")


def load_at_exec(root):
    """What dyld maps before main(): the interpreter's libpython, when the
    build links it dynamically (python-build-standalone did until 2026)."""
    lib = os.path.join(root, "lib")
    try:
        return [os.path.join(lib, n) for n in sorted(os.listdir(lib)) if n.startswith("libpython") and n.endswith(".dylib")]
    except OSError:
        return []


if __name__ == "__main__":
    sys.exit(main(sys.argv))
