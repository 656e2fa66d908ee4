#!/usr/bin/env bash
# `scripts/with-node24.sh COMMAND...` runs COMMAND on the Node the project targets (.nvmrc, Lambda's nodejs24.x).
# When the machine's Node is not 24 at .nvmrc's version or newer, the pinned Node comes from the npm registry's
# node-<os>-<arch> package (the registry npm already uses), checked against the registry's integrity, and is cached.
# `--bin` prints the directory to put first on PATH instead: export PATH="$(scripts/with-node24.sh --bin):$PATH".
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
want=$(tr -d ' \nv' <"$root/.nvmrc")
IFS=. read -r want_major want_minor want_patch <<<"$want"
cache=${USERS_API_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/users-api}
dir="$cache/node-v$want"

# Usable as it is: the same major, not older than the pin (what package.json's engines say).
fits() {
  local version
  version=$("$1" -v 2>/dev/null) || return 1
  IFS=. read -r major minor patch <<<"${version#v}"
  [[ $major == "$want_major" ]] && ((minor > want_minor || (minor == want_minor && patch >= want_patch)))
}

fetch() {
  local os arch package integrity tmp tarball actual
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os=unsupported ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=unsupported ;; esac
  if [[ $os == unsupported || $arch == unsupported ]]; then
    echo "with-node24: no Node $want package for $(uname -s) $(uname -m): install Node $want (e.g. nvm install)." >&2
    exit 1
  fi
  package="node-$os-$arch@$want"
  echo "with-node24: $(node -v 2>/dev/null || echo 'no node') is not Node >= $want <$((want_major + 1)): fetching $package" >&2
  integrity=$(npm view "$package" dist.integrity)
  tmp=$(mktemp -d "$cache/.fetch-XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  tarball=$(cd "$tmp" && npm pack --silent "$package")
  actual=$(node -e 'const c = require("node:crypto"), fs = require("node:fs");
    console.log(`sha512-${c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64")}`)' "$tmp/$tarball")
  if [[ $actual != "$integrity" ]]; then
    echo "with-node24: $package: integrity $actual is not the registry's $integrity" >&2
    exit 1
  fi
  mkdir "$tmp/node"
  tar -xzf "$tmp/$tarball" -C "$tmp/node" --strip-components=1
  if [[ $("$tmp/node/bin/node" -v) != "v$want" ]]; then
    echo "with-node24: $package does not run as v$want" >&2
    exit 1
  fi
  # Another run may have cached it meanwhile: keep that one.
  if ! fits "$dir/bin/node"; then
    rm -rf "$dir"
    mv "$tmp/node" "$dir"
  fi
  # exec below skips EXIT traps.
  rm -rf "$tmp"
  trap - EXIT
}

if fits node; then
  bin=$(dirname "$(command -v node)")
else
  mkdir -p "$cache"
  fits "$dir/bin/node" || fetch
  bin="$dir/bin"
fi

if [[ ${1:-} == --bin ]]; then
  echo "$bin"
  exit 0
fi
export PATH="$bin:$PATH"
echo "with-node24: node $(node -v) ($bin/node), npm $(npm -v)" >&2
exec "$@"
