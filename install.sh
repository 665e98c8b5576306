#!/bin/sh
# Sets uv-shim up from a clone: installs the locked dependencies, builds, and
# links the uv/uvx shims into a directory on PATH. Non-interactive and safe to
# run again (a CI image's Dockerfile can RUN it); a re-run with nothing
# changed skips npm ci and the build. From an npm-installed package (no
# src/), it only links: run `uv-shim install` there instead.
set -eu

usage() {
  cat <<'USAGE'
Usage: ./install.sh [--dir DIR] [--shell bash|zsh|fish] [--profile]
       ./install.sh --uninstall [--dir DIR] [--purge]

Installs uv-shim from this clone (npm ci, build) and links uv, uvx and
uv-shim into DIR (default ~/.local/bin; a relative DIR is taken from where
this is run).

  --dir DIR      where the shims go; it must come before the real uv on PATH
  --shell SHELL  the shell whose profile line to print or write (default: $SHELL)
  --profile      append that PATH line to the shell's profile (once)
  --uninstall    remove the shims and the profile lines install added
  --purge        with --uninstall: also remove uv-shim's state (verdicts, logs, counts, trust records)
  -h, --help     show this help
USAGE
}

say() { printf 'install.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
usage_error() { say "error: $*"; printf '\n' >&2; usage >&2; exit 2; }

# Read every argument before doing anything slow, so a typo answers at once.
uninstall=0
purge=0
expect_value=
for arg in "$@"; do
  if [ -n "$expect_value" ]; then
    case "$arg" in -*|'') usage_error "$expect_value needs a value" ;; esac
    expect_value=
    continue
  fi
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    --uninstall) uninstall=1 ;;
    --purge) purge=1 ;;
    --profile) ;;
    --dir|--shell) expect_value=$arg ;;
    --dir=?*|--shell=?*) ;;
    *) usage_error "unknown option '$arg'" ;;
  esac
done
[ -z "$expect_value" ] || usage_error "$expect_value needs a value"
[ "$purge" = 0 ] || [ "$uninstall" = 1 ] || usage_error "--purge goes with --uninstall"

# npm runs in the clone; uv-shim runs here, where --dir was typed.
root=$(cd "$(dirname "$0")" && pwd)
cli="$root/dist/cli/uv-shim.cjs"

command -v node >/dev/null 2>&1 || die "node is not on PATH. Install Node.js 22.9 or newer (https://nodejs.org/) and run this again."
# package.json's engines, ^20.17.0 || >=22.9.0: the `which` package asks that
# much; the code needs process.getBuiltinModule (20.16, 22.3) and crypto.hash.
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit((a===20&&b>=17)||(a===22&&b>=9)||a>22?0:1)' \
  || die "Node.js $(node --version) cannot run uv-shim; it needs 20.17 or newer on the 20 line, or 22.9 or newer."

# Runs a step quietly; on failure shows its output and stops.
log="${TMPDIR:-/tmp}/uv-shim-install.$$.log"
trap 'rm -f "$log"' EXIT
step() {
  what=$1; shift
  say "$what…"
  if ! (cd "$root" && "$@") >"$log" 2>&1; then
    cat "$log" >&2
    die "$what failed (output above)."
  fi
}

# A checksum of what a step depends on, kept next to its output: equal
# means the step has nothing to do.
fingerprint() { (cd "$root" && find "$@" -type f 2>/dev/null | LC_ALL=C sort | xargs cksum | cksum); }

if [ -d "$root/src" ] && [ -f "$root/package-lock.json" ]; then
  command -v npm >/dev/null 2>&1 || die "npm is not on PATH. It comes with Node.js; install Node.js 22.9 or newer."
  deps=$(fingerprint package-lock.json)
  if [ "$(cat "$root/node_modules/.uv-shim-deps" 2>/dev/null)" != "$deps" ]; then
    step "installing dependencies (npm ci)" npm ci --no-audit --no-fund --loglevel=error
    printf '%s\n' "$deps" >"$root/node_modules/.uv-shim-deps"
  fi
  sources=$(fingerprint src package-lock.json package.json tsconfig.json rolldown.config.mjs)
  if [ ! -f "$cli" ] || [ "$(cat "$root/dist/.uv-shim-build" 2>/dev/null)" != "$sources" ]; then
    step "building" npm run build
    printf '%s\n' "$sources" >"$root/dist/.uv-shim-build"
  fi
elif [ ! -f "$cli" ]; then
  die "$cli is missing and this is not a clone to build it from. Reinstall uv-shim (npm install -g uv-shim)."
fi

if [ "$uninstall" = 1 ]; then
  # The same arguments without --uninstall.
  for arg in "$@"; do
    shift
    [ "$arg" = "--uninstall" ] || set -- "$@" "$arg"
  done
  exec node "$cli" uninstall "$@"
fi
exec node "$cli" install "$@"
