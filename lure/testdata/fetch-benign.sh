#!/usr/bin/env bash
# Fetches a corpus of benign npm packages (scaffolders, web3 wallet kits,
# packages with legitimate install scripts, big minified bundles) for
# measuring the lure scanner's false alarms. Each package is fetched with
# "npm pack" as a .tgz into $CLEARANCE_LURE_CORPUS (default
# $HOME/.cache/clearance/lure-corpus); nothing is installed or run.
#
# Idempotent: a package already in the folder is not fetched again, and a
# package that fails to fetch is skipped with a note. Versions are pinned
# so that figures measured on the corpus can be reproduced.
#
# Usage: lure/testdata/fetch-benign.sh [--list]
set -u

dir=${CLEARANCE_LURE_CORPUS:-$HOME/.cache/clearance/lure-corpus}

# name@version, chosen for what a lure scanner must not flag:
packages=(
  create-vite@5.5.5           # project scaffolder (templates with configs)
  create-next-app@14.2.15     # scaffolder
  create-t3-app@7.40.0        # scaffolder with many template files
  create-astro@4.10.0         # scaffolder
  express-generator@4.16.1    # scaffolder with route templates
  hardhat@2.22.15             # dev tool with network and child_process use
  @solana/wallet-adapter-wallets@0.19.32  # names wallet extensions
  @solana/wallet-adapter-react@0.15.35
  @rainbow-me/rainbowkit@2.1.7  # wallet kit: extension IDs, store links
  wagmi@2.12.17
  web3modal@1.9.12
  ethers@6.13.4
  esbuild@0.24.0              # postinstall runs install.js
  sharp@0.33.5                # install script
  husky@9.1.6                 # git hooks
  prisma@5.21.1               # preinstall script, big minified bundle
  puppeteer@23.5.3            # postinstall downloads a browser
  electron@33.0.2             # postinstall fetches a binary
  core-js@3.38.1              # postinstall banner, Function('return this')
  axios@1.7.7                 # HTTP client used by the lures themselves
  dotenv@16.4.5               # .env loading
  nodemon@3.1.7               # spawns child processes
  concurrently@9.0.1          # starts several servers (a lure trick, here benign)
  tailwindcss@3.4.14          # config files
  vite@5.4.9                  # dev server, big bundles
  node-gyp@10.2.0             # install hooks of native modules
  patch-package@8.0.0         # postinstall tool
  jquery@3.7.1                # the minified library lures hide in
)

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-benign: npm not found; install it (apt-get install -y npm)" >&2
  exit 1
fi

# file_of NAME@VERSION: where npm pack leaves it (@scope/name@1.2.3 is
# scope-name-1.2.3.tgz).
file_of() {
  local base=${1#@}
  local name=${base%@*}
  echo "${name//\//-}-${base##*@}.tgz"
}

mkdir -p "$dir"
tmp=$(mktemp -d "$dir/.tmp-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
missing=()
kept=0
for p in "${packages[@]}"; do
  if [ -s "$dir/$(file_of "$p")" ]; then
    kept=$((kept + 1))
  else
    missing+=("$p")
  fi
done

# One npm process packs them all (about 20 s for the whole list, where one
# process per package takes minutes); if it fails, each is tried alone so
# one unavailable package does not cost the others.
if [ ${#missing[@]} -gt 0 ]; then
  if ! (cd "$tmp" && timeout 120 npm pack --silent --ignore-scripts "${missing[@]}" >/dev/null 2>&1); then
    for p in "${missing[@]}"; do
      [ -s "$tmp/$(file_of "$p")" ] && continue
      (cd "$tmp" && timeout 60 npm pack --silent --ignore-scripts "$p" >/dev/null 2>&1) || true
    done
  fi
fi
fetched=0 failed=0
for p in "${missing[@]}"; do
  f=$(file_of "$p")
  if [ -s "$tmp/$f" ]; then
    mv "$tmp/$f" "$dir/$f" # atomic within one file system
    fetched=$((fetched + 1))
  else
    echo "fetch-benign: skipped $p (npm pack failed)" >&2
    failed=$((failed + 1))
  fi
done
echo "fetch-benign: $dir: $fetched fetched, $kept already there, $failed skipped ($(du -sh "$dir" | cut -f1))"
