#!/bin/sh
# Sets uv-shim up from a clone: installs the locked dependencies, builds, and
# links the uv/uvx shims into a directory on PATH. Non-interactive and safe to
# run again (a CI image's Dockerfile can RUN it).
#
#   ./install.sh [--dir DIR] [--shell bash|zsh|fish] [--profile]
#   ./install.sh --uninstall [--dir DIR]
#
# --dir defaults to ~/.local/bin; a relative DIR is taken from the directory
# this is run in. Everything but --uninstall is passed to `uv-shim install` /
# `uv-shim uninstall` (see README.md).
set -eu

# npm runs in the clone; uv-shim runs here, where --dir was typed.
root=$(cd "$(dirname "$0")" && pwd)

say() { printf 'install.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

uninstall=0
for arg in "$@"; do
  [ "$arg" = "--uninstall" ] && uninstall=1
done

command -v node >/dev/null 2>&1 || die "node is not on PATH. Install Node.js 20 or newer (https://nodejs.org/) and run this again."
command -v npm >/dev/null 2>&1 || die "npm is not on PATH. It comes with Node.js; install Node.js 20 or newer."
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || die "Node.js $(node --version) is too old; uv-shim needs 20 or newer."

if [ "$uninstall" = 1 ]; then
  # Uninstalling needs the built CLI; build it if this clone never was.
  if [ ! -f "$root/dist/bin/uv-shim.js" ]; then
    (cd "$root" && npm ci --no-audit --no-fund && npm run build) >&2
  fi
  # The same arguments without --uninstall.
  for arg in "$@"; do
    shift
    [ "$arg" = "--uninstall" ] || set -- "$@" "$arg"
  done
  exec node "$root/dist/bin/uv-shim.js" uninstall "$@"
fi

say "installing dependencies (npm ci)…"
(cd "$root" && npm ci --no-audit --no-fund) >&2
say "building…"
(cd "$root" && npm run build) >&2
exec node "$root/dist/bin/uv-shim.js" install "$@"
