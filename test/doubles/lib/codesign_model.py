"""What the codesign double does and prints (see test/doubles/codesign)."""
import calendar
import hashlib
import os
import struct
import time

import gate
import macho

USAGE = """Usage: codesign -s identity [-fv*] [-o flags] [-r reqs] [-i ident] path ... # sign
       codesign -v [-v*] [-R=<req string>|-R <req file path>] path|[+]pid ... # verify
       codesign -d [options] path ... # display contents
"""
NOT_SIGNED = "code object is not signed at all"
MODIFIED = "invalid signature (code or signature have been modified)"

FLAG_NAMES = [(0x1, "host"), (0x2, "adhoc"), (0x4, "forced"), (0x100, "hard"), (0x200, "kill"), (0x400, "check-expiration"),
              (0x800, "restrict"), (0x1000, "enforcement"), (0x2000, "library-validation"), (0x10000, "runtime"),
              (0x20000, "linker-signed")]


def flags_text(flags):
    names = [n for bit, n in FLAG_NAMES if flags & bit]
    return "%#x(%s)" % (flags, ",".join(names) if names else "none")


def parse(argv):
    o = {"display": False, "verify": False, "verbose": 0, "force": False, "sign": None, "ident": None, "preserve": "", "files": []}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--display":
            o["display"] = True
        elif a == "--verify":
            o["verify"] = True
        elif a == "--force":
            o["force"] = True
        elif a in ("--strict", "--deep", "--all-architectures") or a.startswith("--strict=") or a.startswith("--timestamp"):
            pass
        elif a == "--sign":
            i += 1
            o["sign"] = argv[i] if i < len(argv) else None
        elif a.startswith("--sign="):
            o["sign"] = a[7:]
        elif a == "--identifier":
            i += 1
            o["ident"] = argv[i] if i < len(argv) else None
        elif a.startswith("--verbose"):
            o["verbose"] += int(a.split("=")[1]) if "=" in a else 1
        elif a.startswith("--preserve-metadata"):
            o["preserve"] = a.split("=", 1)[1] if "=" in a else ""
        elif a.startswith("--"):
            return "codesign: unrecognized option `%s'\n%s" % (a, USAGE)
        elif a.startswith("-") and len(a) > 1:
            for f in a[1:]:
                if f == "d":
                    o["display"] = True
                elif f == "v":
                    o["verbose"] += 1
                elif f == "f":
                    o["force"] = True
                elif f in "si":
                    i += 1
                    o["sign" if f == "s" else "ident"] = argv[i] if i < len(argv) else None
                else:
                    return "codesign: invalid option -- %s\n%s" % (f, USAGE)
        else:
            o["files"].append(a)
        i += 1
    if not o["files"] or (o["sign"] is None and not o["display"] and not o["verify"] and o["verbose"] == 0):
        return USAGE
    return o


def read(path):
    """('missing', reason) | ('macho', bytes, slices) | ('standin', identity) | ('other', None)."""
    try:
        if not os.path.isfile(path):
            return ("missing", "No such file or directory" if not os.path.exists(path) else "Is a directory")
        with open(path, "rb") as f:
            data = f.read()
    except PermissionError:
        return ("missing", "Permission denied")
    try:
        return ("macho", data, macho.check_file(data))
    except macho.NotMachO:
        pass
    except macho.Malformed:
        return ("malformed", None)
    if data.startswith(b"#!") and (gate.IDENTITY_TAG.encode() in data or b"simulated Mac" in data[:400]):
        return ("standin", gate.standin_identity(path))
    return ("script", script_signature(path))


def run_arch(home):
    return gate.arch_of(home)


CS_XATTRS = ("com.apple.cs.CodeDirectory", "com.apple.cs.CodeRequirements", "com.apple.cs.CodeSignature")


def authorities(cms):
    """The certificate common names in a CMS blob, leaf first. Each
    certificate names its subject and its issuer, so the leaf's name appears
    once, an intermediate's twice, the root's most: sorting by count gives
    the chain codesign prints as Authority= lines (the timestamp
    authority's own chain is printed as Timestamp=, not Authority=)."""
    counts = {}
    oid = bytes([0x06, 0x03, 0x55, 0x04, 0x03])
    at = cms.find(oid)
    while at >= 0:
        tag, length = cms[at + 5], cms[at + 6] if at + 6 < len(cms) else 255
        if tag in (0x0C, 0x13) and length < 128:
            name = cms[at + 7: at + 7 + length].decode("utf-8", "replace")
            counts[name] = counts.get(name, 0) + 1
        at = cms.find(oid, at + 1)
    names = [n for n in counts if "Timestamp" not in n]
    return sorted(names, key=lambda n: counts[n])


# id-ct-TSTInfo (RFC 3161: the timestamp authority's token) and the CMS
# signingTime attribute (RFC 5652, 11.3).
TST_INFO = bytes.fromhex("060b2a864886f70d0109100104")
SIGNING_TIME = bytes.fromhex("06092a864886f70d010905")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def signing_time(cms):
    """("Timestamp", text) from a secure timestamp's genTime, else ("Signed
    Time", text) from the signer's own signingTime, else None (ad hoc).
    Printed in local time as codesign does: `Timestamp=Sep 15, 2026 at
    9:07:50 PM` (a notarized app's `codesign -dvv`, quoted in a public
    write-up; `Signed Time=` for Apple's own binaries without a timestamp,
    real-world-systems.com's codesign.1 pastes)."""
    for oid, tag, label in ((TST_INFO, 0x18, "Timestamp"), (SIGNING_TIME, 0x17, "Signed Time")):
        at = cms.find(oid)
        if at < 0:
            continue
        for j in range(at, min(len(cms) - 2, at + 4096)):
            if cms[j] == tag and cms[j + 1] in (13, 15, 17, 19):
                text = cms[j + 2: j + 2 + cms[j + 1]].decode("ascii", "replace")
                digits = text[:14] if tag == 0x18 else ("20" if text[:2] < "50" else "19") + text[:12]
                try:
                    when = time.localtime(calendar.timegm(time.strptime(digits, "%Y%m%d%H%M%S")))
                except ValueError:
                    continue
                hour = when.tm_hour % 12 or 12
                return label, "%s %d, %d at %d:%02d:%02d %s" % (
                    MONTHS[when.tm_mon - 1], when.tm_mday, when.tm_year, hour, when.tm_min, when.tm_sec, "AM" if when.tm_hour < 12 else "PM")
    return None


def script_signature(path):
    """A script's signature, kept in com.apple.cs.* xattrs as codesign
    stores it for files with no room inside: (cd dict, cd blob, valid) or None."""
    if not hasattr(os, "getxattr"):
        return None
    try:
        blob = os.getxattr(path, gate.XATTR_PREFIX + CS_XATTRS[0])
    except OSError:
        return None
    try:
        cd = macho.read_code_directory(blob)
    except Exception:  # noqa: BLE001 - any damage makes it invalid
        return (None, blob, False)
    with open(path, "rb") as f:
        data = f.read()
    page = 1 << cd["pageShift"]
    ok = cd["codeLimit"] == len(data)
    for i in range(cd["nCode"]):
        want = blob[cd["hashOffset"] + i * 32: cd["hashOffset"] + (i + 1) * 32]
        if ok and hashlib.sha256(data[i * page: min((i + 1) * page, len(data))]).digest() != want:
            ok = False
    return (cd, blob, ok)


def sign_script(path, identifier):
    with open(path, "rb") as f:
        data = f.read()
    requirements = struct.pack(">III", macho.CSMAGIC_REQUIREMENTS, 12, 0)
    cd = macho._code_directory(data, len(data), "x86_64", identifier, macho.CS_ADHOC, (0, 0, 0), requirements)
    os.setxattr(path, gate.XATTR_PREFIX + CS_XATTRS[0], cd)
    os.setxattr(path, gate.XATTR_PREFIX + CS_XATTRS[1], requirements)
    os.setxattr(path, gate.XATTR_PREFIX + CS_XATTRS[2], struct.pack(">II", macho.CSMAGIC_BLOBWRAPPER, 8))


# --- sign -------------------------------------------------------------------

def sign(path, o, env):
    what = read(path)
    if what[0] == "missing":
        return "%s: %s\n" % (path, what[1]), 1
    if o["sign"] != "-":
        return "error: The specified item could not be found in the keychain.\n", 1
    if what[0] == "malformed":
        return "%s: main executable failed strict validation\n" % path, 1
    if what[0] == "macho":
        signed = any(s["signed"] for s in what[2])
    elif what[0] == "standin":
        signed = what[1]["kind"] != "unsigned"
    else:
        signed = what[1] is not None
    if signed and not o["force"]:
        return "%s: is already signed\n" % path, 1
    replacing = "%s: replacing existing signature\n" % path if signed else ""
    if env.get("UV_SHIM_TEST_CODESIGN_NO_CLT") == "1":
        return "%s%s: the codesign_allocate helper tool cannot be found or used\n" % (replacing, path), 1
    if env.get("UV_SHIM_TEST_CODESIGN_BLOCK") == "1":
        return "%s%s: Operation not permitted\n" % (replacing, path), 1
    if env.get("UV_SHIM_TEST_CODESIGN_FAIL_INODE") and str(os.stat(path).st_ino) == env["UV_SHIM_TEST_CODESIGN_FAIL_INODE"]:
        return "%s%s: internal error in Code Signing subsystem\n" % (replacing, path), 1
    ident = o["ident"] or macho.default_identifier(path)
    if what[0] == "script":
        # A file with no room for a signature: codesign writes it into
        # com.apple.cs.* extended attributes, in place.
        sign_script(path, ident)
        return replacing, 0
    keep_runtime = "runtime" in o["preserve"] or "flags" in o["preserve"]
    if what[0] == "macho":
        try:
            new = macho.sign_file(what[1], ident, keep_runtime)
        except macho.Malformed:
            return "%s: invalid or unsupported format for signature\n" % path, 1
        hashes = [s["cdhash"] for s in macho.check_file(new)]
    else:
        with open(path) as f:
            text = f.read()
        new = gate.with_identity(text, "adhoc", ident, macho.CS_ADHOC).encode()
        hashes = [gate.standin_identity_of_text(new.decode())["cdhash"]]
    write_via_cstemp(path, new)
    home = env.get("HOME", "")
    if home:
        for h in hashes:
            gate.note_local_signature(home, h)
    return replacing, 0


def write_via_cstemp(path, data):
    """As codesign does: FILE.cstemp, the original's mode and extended
    attributes, then rename over FILE."""
    tmp = path + ".cstemp"
    st = os.stat(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.write(fd, data)
        os.fchmod(fd, st.st_mode & 0o7777)
    finally:
        os.close(fd)
    try:
        for name in os.listxattr(path) if hasattr(os, "listxattr") else []:
            os.setxattr(tmp, name, os.getxattr(path, name))
        os.rename(tmp, path)
    except OSError:
        os.unlink(tmp)
        raise


# --- display and verify ---------------------------------------------------------------

def display(path, verbose, env):
    what = read(path)
    if what[0] == "missing":
        return "%s: %s\n" % (path, what[1]), 1
    if what[0] == "malformed" or (what[0] == "script" and (what[1] is None or what[1][0] is None)):
        return "%s: %s\n" % (path, NOT_SIGNED), 1
    home = env.get("HOME", "")
    if what[0] == "script":
        cd, blob, _ok = what[1]
        return lines(path, "generic", dict(cd, length=len(blob)), macho.cdhash(blob), None, verbose, requirements=12), 0
    arch = run_arch(home)
    if what[0] == "standin":
        ident = what[1]
        if ident["kind"] == "unsigned":
            return "%s: %s\n" % (path, NOT_SIGNED), 1
        flags = ident.get("flags", macho.CS_ADHOC)
        special = 0 if flags & macho.CS_LINKER_SIGNED else 2
        cd = {"version": 0x20400, "flags": flags, "nCode": 1, "nSpecial": special, "identifier": ident["identifier"],
              "team": ident.get("team"), "pageShift": macho.SIGN_PAGE_SHIFT.get(arch, 12), "length": 0}
        return lines(path, "Mach-O thin (%s)" % arch, cd, ident["cdhash"], ident.get("authorities") if ident["kind"] == "developer-id" else None, verbose,
                     requirements=None if special == 0 else 12), 0
    entries = what[2]
    entry = macho.run_slice(entries, arch) or entries[0]
    if not entry["signed"] or not entry.get("cd"):
        return "%s: %s\n" % (path, NOT_SIGNED), 1
    archs = " ".join(s["arch"] for s in entries)
    fmt = "Mach-O universal (%s)" % archs if len(entries) > 1 or entries[0]["offset"] else "Mach-O thin (%s)" % archs
    req = entry["blobs"].get(macho.CSSLOT_REQUIREMENTS)
    req_count = struct.unpack_from(">I", req, 8)[0] if req is not None and len(req) >= 12 else 0
    cms = entry["blobs"].get(macho.CSSLOT_SIGNATURESLOT)
    developer = authorities(cms) if cms is not None and len(cms) > 8 else None
    return lines(path, fmt, dict(entry["cd"], length=len(entry["cdBlob"])), entry["cdhash"], developer, verbose,
                 requirements=(req_count, len(req)) if req is not None else None, cms_size=len(cms) if cms is not None else 0,
                 build=entry.get("buildVersion"), signed_at=signing_time(cms) if developer is not None else None), 0


def lines(path, fmt, cd, cdhash, developer, verbose, requirements, cms_size=0, build=None, signed_at=None):
    """The `codesign -d` lines, in the real order, for the verbosity asked
    (sources in test/gate/doubles.test.ts): Platform identifier only for a
    platform binary; VersionPlatform/VersionMin/VersionSDK (the Mach-O's
    build version) and the Executable Segment lines from -vvvv, beside Page
    size; Timestamp or Signed Time only when the signature has one, read
    from it; Runtime Version only when the CodeDirectory records one."""
    out = ["Executable=%s" % os.path.realpath(path), "Identifier=%s" % cd["identifier"], "Format=%s" % fmt,
           "CodeDirectory v=%x size=%d flags=%s hashes=%d+%d location=embedded" % (
               cd["version"], cd["length"], flags_text(cd["flags"]), cd["nCode"], cd["nSpecial"])]
    if cd.get("platform"):
        out.append("Platform identifier=%d" % cd["platform"])
    if verbose >= 4 and build:
        out += ["VersionPlatform=%d" % build[0], "VersionMin=%d" % build[1], "VersionSDK=%d" % build[2]]
    if verbose >= 3:
        out += ["Hash type=sha256 size=32", "CandidateCDHash sha256=%s" % cdhash[:40], "CandidateCDHashFull sha256=%s" % cdhash,
                "Hash choices=sha256", "CMSDigest=%s" % cdhash, "CMSDigestType=2"]
        if verbose >= 4:
            if cd.get("execSeg"):
                base, limit, flags = cd["execSeg"]
                out += ["Executable Segment base=%d" % base, "Executable Segment limit=%d" % limit, "Executable Segment flags=%#x" % flags]
            out.append("Page size=%d" % (1 << cd["pageShift"]))
        out.append("CDHash=%s" % cdhash[:40])
    if developer is not None:
        out.append("Signature size=%d" % cms_size)
        if verbose >= 2:
            out += ["Authority=%s" % name for name in developer]
        if signed_at:
            out.append("%s=%s" % signed_at)
    else:
        out.append("Signature=adhoc")
    out += ["Info.plist=not bound", "TeamIdentifier=%s" % (cd.get("team") or "not set")]
    if cd.get("runtime"):
        r = cd["runtime"]
        out.append("Runtime Version=%d.%d.%d" % (r >> 16, (r >> 8) & 0xFF, r & 0xFF))
    out.append("Sealed Resources=none")
    if isinstance(requirements, int):
        requirements = (0, requirements)
    out.append("Internal requirements count=%d size=%d" % requirements if requirements else "Internal requirements=none")
    return "\n".join(out) + "\n"


def verify(path, verbose, env):
    what = read(path)
    if what[0] == "missing":
        return "%s: %s\n" % (path, what[1]), 1
    ok = ("%s: valid on disk\n%s: satisfies its Designated Requirement\n" % (path, path) if verbose else "", 0)
    if what[0] == "malformed":
        return "%s: main executable failed strict validation\n" % path, 1
    if what[0] == "script":
        if what[1] is None:
            return "%s: %s\n" % (path, NOT_SIGNED), 1
        return ok if what[1][2] else ("%s: %s\n" % (path, MODIFIED), 1)
    if what[0] == "standin":
        ident = what[1]
        if ident["kind"] == "unsigned":
            return "%s: %s\n" % (path, NOT_SIGNED), 1
        return ok if ident["valid"] else ("%s: %s\n" % (path, MODIFIED), 1)
    for s in what[2]:
        if not s["signed"]:
            return "%s: %s\nIn architecture: %s\n" % (path, NOT_SIGNED, s["arch"]), 1
        if s["badPage"] is not None:
            return "%s: %s\nIn architecture: %s\n" % (path, MODIFIED, s["arch"]), 1
    return ok


def main(argv, env):
    o = parse(argv)
    if isinstance(o, str):
        os.write(2, o.encode())
        return 2
    code = 0
    for f in o["files"]:
        if o["sign"] is not None:
            text, rc = sign(f, o, env)
        elif o["display"]:
            text, rc = display(f, o["verbose"], env)
        else:
            text, rc = verify(f, o["verbose"], env)
        os.write(2, text.encode())
        code = max(code, rc)
        if rc:
            break
    return code

