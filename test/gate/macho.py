"""Mach-O code signatures for the simulated Mac: read, check, sign ad hoc.

Written from Apple's published formats (xnu's osfmk/kern/cs_blobs.h and
bsd/kern/ubc_subr.c, cctools' <mach-o/loader.h> and <mach-o/fat.h>), not from
uv-shim's own reader (src/darwin/), so that the two can disagree.

What is modelled: fat and thin 64-bit files; the embedded SuperBlob; the
primary CodeDirectory (slot 0) with its code slots re-hashed page by page up
to codeLimit; the CDHash (the hash of the CodeDirectory blob); and the ad-hoc
signature `codesign --force --sign -` writes (a CodeDirectory with two special
slots, an empty requirements blob, an empty CMS wrapper, a page size per
architecture), for a file that has a signature or room for a first one.
"""

import hashlib
import os
import struct

FAT_MAGIC = 0xCAFEBABE
FAT_MAGIC_64 = 0xCAFEBABF
MH_MAGIC_64 = 0xFEEDFACF
MH_EXECUTE = 0x2
LC_SEGMENT_64 = 0x19
LC_CODE_SIGNATURE = 0x1D

CSMAGIC_REQUIREMENTS = 0xFADE0C01
CSMAGIC_CODEDIRECTORY = 0xFADE0C02
CSMAGIC_EMBEDDED_SIGNATURE = 0xFADE0CC0
CSMAGIC_BLOBWRAPPER = 0xFADE0B01
CSSLOT_CODEDIRECTORY = 0
CSSLOT_REQUIREMENTS = 2
CSSLOT_SIGNATURESLOT = 0x10000

CS_ADHOC = 0x2
CS_RUNTIME = 0x10000
CS_LINKER_SIGNED = 0x20000
CS_EXECSEG_MAIN_BINARY = 0x1

CPU_TYPES = {0x0100000C: "arm64", 0x01000007: "x86_64"}
HASH_TYPES = {1: ("sha1", 20), 2: ("sha256", 32), 3: ("sha256", 20), 4: ("sha384", 48)}

# Ad-hoc signatures codesign makes: 16 KiB pages on arm64 (the kernel's page
# size on Apple Silicon), 4 KiB on Intel.
SIGN_PAGE_SHIFT = {"arm64": 14, "x86_64": 12}
SEGMENT_ALIGN = {"arm64": 0x4000, "x86_64": 0x1000}
FAT_ALIGN = {"arm64": 14, "x86_64": 12}


class NotMachO(Exception):
    pass


class Malformed(Exception):
    pass


def _u32be(b, o):
    return struct.unpack_from(">I", b, o)[0]


def slices(data):
    """[(arch, offset, size, align)] for a fat or thin 64-bit Mach-O."""
    if len(data) < 8:
        raise NotMachO()
    magic_be = _u32be(data, 0)
    if magic_be in (FAT_MAGIC, FAT_MAGIC_64):
        count = _u32be(data, 4)
        if count == 0 or count > 16:
            raise Malformed("bad universal header")
        out = []
        for i in range(count):
            if magic_be == FAT_MAGIC:
                cpu, _sub, off, size, align = struct.unpack_from(">iiIII", data, 8 + i * 20)
            else:
                cpu, _sub, off, size, align, _r = struct.unpack_from(">iiQQII", data, 8 + i * 32)
            if off + size > len(data):
                raise Malformed("a slice runs past the end of the file")
            out.append((CPU_TYPES.get(cpu & 0xFFFFFFFF, "cpu%#x" % (cpu & 0xFFFFFFFF)), off, size, align))
        return out
    if struct.unpack_from("<I", data, 0)[0] == MH_MAGIC_64:
        cpu = struct.unpack_from("<I", data, 4)[0]
        return [(CPU_TYPES.get(cpu, "cpu%#x" % cpu), 0, len(data), 0)]
    raise NotMachO()


def is_macho(path):
    try:
        with open(path, "rb") as f:
            head = f.read(8)
        slices(head + b"\0" * 64) if len(head) == 8 else None
        magic = _u32be(head, 0) if len(head) >= 4 else 0
        return magic in (FAT_MAGIC, FAT_MAGIC_64) or (len(head) >= 4 and struct.unpack_from("<I", head, 0)[0] == MH_MAGIC_64)
    except (OSError, NotMachO, Malformed, struct.error):
        return False


def load_commands(image):
    """(filetype, [(cmd, offset, cmdsize)], header_end) of a thin image."""
    if struct.unpack_from("<I", image, 0)[0] != MH_MAGIC_64:
        raise Malformed("not a 64-bit Mach-O slice")
    _m, _cpu, _sub, filetype, ncmds, sizeofcmds, _flags, _r = struct.unpack_from("<IiiIIIII", image, 0)
    if 32 + sizeofcmds > len(image):
        raise Malformed("load commands run past the end")
    out, at = [], 32
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", image, at)
        if size < 8 or at + size > 32 + sizeofcmds:
            raise Malformed("a load command runs past the others")
        out.append((cmd, at, size))
        at += size
    return filetype, out, 32 + sizeofcmds


def segments(image, commands):
    out = {}
    for cmd, at, _size in commands:
        if cmd == LC_SEGMENT_64:
            name = image[at + 8: at + 24].split(b"\0")[0].decode()
            vmaddr, vmsize, fileoff, filesize = struct.unpack_from("<QQQQ", image, at + 24)
            nsects = struct.unpack_from("<I", image, at + 64)[0]
            out[name] = {"at": at, "vmaddr": vmaddr, "vmsize": vmsize, "fileoff": fileoff, "filesize": filesize, "nsects": nsects}
    return out


def read_code_directory(blob):
    magic, length, version, flags, hash_off, ident_off, n_special, n_code, code_limit, hash_size, hash_type, platform, page_shift = \
        struct.unpack_from(">IIIIIIIIIBBBB", blob, 0)
    if magic != CSMAGIC_CODEDIRECTORY or length > len(blob):
        raise Malformed("bad CodeDirectory")
    team = None
    if version >= 0x20200:
        team_off = _u32be(blob, 48)
        if team_off:
            team = blob[team_off:].split(b"\0")[0].decode(errors="replace")
    if version >= 0x20300:
        code_limit64 = struct.unpack_from(">Q", blob, 56)[0]
        if code_limit64:
            code_limit = code_limit64
    # 0x20400 adds the executable segment (base, limit, flags at 64, 72,
    # 80); 0x20500 the runtime version (at 88: the SDK the hardened runtime
    # was built against, as 0xXXXXYYZZ).
    exec_seg = struct.unpack_from(">QQQ", blob, 64) if version >= 0x20400 and length >= 88 else None
    runtime = _u32be(blob, 88) if version >= 0x20500 and length >= 92 else 0
    return {
        "version": version, "flags": flags, "hashOffset": hash_off, "nSpecial": n_special, "nCode": n_code,
        "codeLimit": code_limit, "hashSize": hash_size, "hashType": hash_type, "pageShift": page_shift,
        "identifier": blob[ident_off:].split(b"\0")[0].decode(errors="replace"), "team": team, "length": length,
        "platform": platform, "execSeg": exec_seg, "runtime": runtime,
    }


LC_VERSION_MIN_MACOSX = 0x24
LC_BUILD_VERSION = 0x32


def build_version(image):
    """(platform, minos, sdk) from LC_BUILD_VERSION, or (1, version, sdk)
    from the older LC_VERSION_MIN_MACOSX (platform 1 is macOS), or None."""
    _ft, commands, _end = load_commands(image)
    for cmd, at, _size in commands:
        if cmd == LC_BUILD_VERSION:
            return struct.unpack_from("<III", image, at + 8)
        if cmd == LC_VERSION_MIN_MACOSX:
            version, sdk = struct.unpack_from("<II", image, at + 8)
            return (1, version, sdk)
    return None


def signature_of(image):
    """The slice's signature: None when unsigned, else a dict with the
    CodeDirectory, its blob, the other blobs and the code limit."""
    _ft, commands, _end = load_commands(image)
    sig = [c for c in commands if c[0] == LC_CODE_SIGNATURE]
    if not sig:
        return None
    dataoff, datasize = struct.unpack_from("<II", image, sig[0][1] + 8)
    if dataoff + datasize > len(image) or datasize < 12:
        raise Malformed("the signature runs past the end of the file")
    sb = image[dataoff: dataoff + datasize]
    magic, length, count = struct.unpack_from(">III", sb, 0)
    if magic != CSMAGIC_EMBEDDED_SIGNATURE or length > datasize or 12 + count * 8 > length:
        raise Malformed("bad SuperBlob")
    blobs = {}
    for i in range(count):
        typ, off = struct.unpack_from(">II", sb, 12 + i * 8)
        if off + 8 > length:
            raise Malformed("a blob runs past the SuperBlob")
        blen = _u32be(sb, off + 4)
        blobs[typ] = sb[off: off + blen]
    if CSSLOT_CODEDIRECTORY not in blobs:
        raise Malformed("no CodeDirectory")
    cd_blob = blobs[CSSLOT_CODEDIRECTORY]
    return {"cd": read_code_directory(cd_blob), "cdBlob": cd_blob, "blobs": blobs, "dataoff": dataoff, "datasize": datasize}


def cdhash(cd_blob, hash_type=2):
    name = HASH_TYPES.get(hash_type, ("sha256", 32))[0]
    return hashlib.new(name, cd_blob).hexdigest()


def first_bad_page(image, sig):
    """The first code page whose hash does not match its slot, or None."""
    cd, blob = sig["cd"], sig["cdBlob"]
    name, size = HASH_TYPES.get(cd["hashType"], ("sha256", 32))
    page = 1 << cd["pageShift"] if cd["pageShift"] else cd["codeLimit"]
    if cd["codeLimit"] > len(image):
        return 0
    for i in range(cd["nCode"]):
        start = i * page
        chunk = image[start: min(start + page, cd["codeLimit"])]
        want = blob[cd["hashOffset"] + i * cd["hashSize"]: cd["hashOffset"] + (i + 1) * cd["hashSize"]]
        if hashlib.new(name, chunk).digest()[:size] != want:
            return i
    return None


def check_file(data):
    """Per slice: {arch, offset, size, signed, cd, cdhash, badPage}."""
    out = []
    for arch, off, size, _align in slices(data):
        image = data[off: off + size]
        entry = {"arch": arch, "offset": off, "size": size, "signed": False, "badPage": None, "cd": None, "cdhash": None}
        try:
            sig = signature_of(image)
        except (Malformed, struct.error) as e:
            entry.update(signed=True, malformed=str(e), badPage=0)
            out.append(entry)
            continue
        if sig:
            entry.update(signed=True, cd=sig["cd"], cdhash=cdhash(sig["cdBlob"], sig["cd"]["hashType"]), badPage=first_bad_page(image, sig),
                         blobs=sig["blobs"], cdBlob=sig["cdBlob"], buildVersion=build_version(image))
        out.append(entry)
    return out


def run_slice(entries, arch):
    """The slice a Mac of `arch` runs, or None (dyld refuses the file)."""
    for e in entries:
        if e["arch"] == arch:
            return e
    return None


# --- signing ---------------------------------------------------------------

def _blob(magic, payload):
    return struct.pack(">II", magic, 8 + len(payload)) + payload


def _align(n, a):
    return (n + a - 1) // a * a


def default_identifier(path):
    """codesign's identifier for a file outside a bundle: its name without
    the last extension (py2app#546's log: `_sha2.so` built as
    `_sha2.cpython-313-darwin.so` is signed as `_sha2.cpython-313-darwin`;
    openradar 27401688: a version in the name is cut too)."""
    base = os.path.basename(path)
    stem, dot, _ext = base.rpartition(".")
    return stem if dot and stem else base


def _code_directory(image, code_limit, arch, identifier, flags, exec_seg, requirements):
    shift = SIGN_PAGE_SHIFT.get(arch, 12)
    page = 1 << shift
    n_code = (code_limit + page - 1) // page
    n_special = 2
    header = 88  # CodeDirectory version 0x20400
    ident = identifier.encode() + b"\0"
    hash_off = header + len(ident) + n_special * 32
    length = hash_off + n_code * 32
    cd = bytearray(length)
    struct.pack_into(">IIIIIIIIIBBBBI", cd, 0, CSMAGIC_CODEDIRECTORY, length, 0x20400, flags, hash_off, header,
                     n_special, n_code, code_limit, 32, 2, 0, shift, 0)
    # scatterOffset, teamOffset, spare3, codeLimit64, execSegBase/Limit/Flags
    struct.pack_into(">IIIQQQQ", cd, 44, 0, 0, 0, 0, exec_seg[0], exec_seg[1], exec_seg[2])
    cd[header: header + len(ident)] = ident
    # Special slot -2 binds the requirements; -1 (Info.plist) stays zero.
    cd[hash_off - 2 * 32: hash_off - 32] = hashlib.sha256(requirements).digest()
    for i in range(n_code):
        chunk = image[i * page: min((i + 1) * page, code_limit)]
        cd[hash_off + i * 32: hash_off + (i + 1) * 32] = hashlib.sha256(chunk).digest()
    return bytes(cd)


def sign_slice(image, arch, identifier, keep_runtime=False):
    """The slice re-signed ad hoc as `codesign --force --sign -` does.
    Raises Malformed when an unsigned slice has no room for LC_CODE_SIGNATURE."""
    image = bytearray(image)
    filetype, commands, header_end = load_commands(image)
    segs = segments(image, commands)
    link = segs.get("__LINKEDIT")
    text = segs.get("__TEXT")
    if not link or not text:
        raise Malformed("no __LINKEDIT or __TEXT segment")
    sig_cmds = [c for c in commands if c[0] == LC_CODE_SIGNATURE]
    old_flags = 0
    if sig_cmds:
        sig_at = sig_cmds[0][1]
        dataoff = struct.unpack_from("<I", image, sig_at + 8)[0]
        try:
            old = signature_of(bytes(image))
            old_flags = old["cd"]["flags"] if old else 0
        except (Malformed, struct.error):
            pass
    else:
        # A first signature: one more load command in the header padding.
        first_section = min((struct.unpack_from("<I", image, at + 72 + 48)[0] for name, s in segs.items()
                             for at in [s["at"]] if s["nsects"] > 0), default=len(image))
        if header_end + 16 > first_section:
            raise Malformed("no room for a code signature load command")
        sig_at = header_end
        struct.pack_into("<II", image, 16, len(commands) + 1, header_end - 32 + 16)
        struct.pack_into("<IIII", image, sig_at, LC_CODE_SIGNATURE, 16, 0, 0)
        dataoff = _align(link["fileoff"] + link["filesize"], 16)
    del image[dataoff:]
    image.extend(b"\0" * (dataoff - len(image)))
    flags = CS_ADHOC | (old_flags & CS_RUNTIME if keep_runtime and not old_flags & CS_LINKER_SIGNED else 0)
    requirements = _blob(CSMAGIC_REQUIREMENTS, struct.pack(">I", 0))
    cms = _blob(CSMAGIC_BLOBWRAPPER, b"")
    exec_seg = (text["fileoff"], text["filesize"], CS_EXECSEG_MAIN_BINARY if filetype == MH_EXECUTE else 0)
    # The CodeDirectory's size decides the SuperBlob's, which the header
    # records: size it first, fix the header, then hash the pages.
    probe = _code_directory(image, dataoff, arch, identifier, flags, exec_seg, requirements)
    total = 12 + 3 * 8 + len(probe) + len(requirements) + len(cms)
    datasize = _align(total, 16)
    struct.pack_into("<II", image, sig_at + 8, dataoff, datasize)
    new_filesize = dataoff + datasize - link["fileoff"]
    struct.pack_into("<QQQQ", image, link["at"] + 24, link["vmaddr"], _align(new_filesize, SEGMENT_ALIGN.get(arch, 0x1000)),
                     link["fileoff"], new_filesize)
    cd = _code_directory(image, dataoff, arch, identifier, flags, exec_seg, requirements)
    index_end = 12 + 3 * 8
    sb = struct.pack(">III", CSMAGIC_EMBEDDED_SIGNATURE, total, 3)
    sb += struct.pack(">II", CSSLOT_CODEDIRECTORY, index_end)
    sb += struct.pack(">II", CSSLOT_REQUIREMENTS, index_end + len(cd))
    sb += struct.pack(">II", CSSLOT_SIGNATURESLOT, index_end + len(cd) + len(requirements))
    sb += cd + requirements + cms
    image.extend(sb + b"\0" * (datasize - len(sb)))
    return bytes(image)


def sign_file(data, identifier, keep_runtime=False):
    """Every slice re-signed; a universal file is laid out again with each
    slice at its alignment."""
    parts = slices(data)
    if len(parts) == 1 and parts[0][1] == 0:
        return sign_slice(data, parts[0][0], identifier, keep_runtime)
    signed = [(arch, sign_slice(data[off: off + size], arch, identifier, keep_runtime), align) for arch, off, size, align in parts]
    header = bytearray(struct.pack(">II", FAT_MAGIC, len(signed)))
    body, at = [], 8 + 20 * len(signed)
    cpu_of = {v: k for k, v in CPU_TYPES.items()}
    for arch, image, align in signed:
        align = align or FAT_ALIGN.get(arch, 12)
        start = _align(at, 1 << align)
        body.append((start, image))
        cpu = cpu_of.get(arch, 0)
        sub = struct.unpack_from("<i", image, 8)[0]
        header += struct.pack(">iiIII", cpu, sub, start, len(image), align)
        at = start + len(image)
    out = bytearray(at)
    out[: len(header)] = header
    for start, image in body:
        out[start: start + len(image)] = image
    return bytes(out)
