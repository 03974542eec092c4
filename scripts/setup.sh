#!/usr/bin/env bash
# Installs what the build and tests need, and only what is missing: Debian packages with
# apt-get (through sudo when not root) and npm packages with `npm ci`. Idempotent and
# quiet; a second run takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."

# command or file that proves a package is there -> the Debian package
declare -A need=(
  [/usr/bin/g++]=g++
  [/usr/bin/cmake]=cmake
  [/usr/bin/make]=make
  [/usr/bin/em++]=emscripten
  [/usr/bin/wasm-opt]=binaryen
  [/usr/include/nlohmann/json.hpp]=nlohmann-json3-dev
  [/usr/include/doctest/doctest.h]=doctest-dev
  [/usr/bin/chromium]=chromium
  [/usr/bin/clang++-14]=clang-14
  [/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a]=libclang-rt-14-dev
  [/usr/bin/node]=nodejs
  [/usr/bin/npm]=npm
  [/usr/lib/cmake/pybind11/pybind11Config.cmake]=pybind11-dev
  [/usr/bin/python3-config]=python3-dev
  [/usr/bin/clang-format]=clang-format
  [/usr/lib/python3/dist-packages/pandas/__init__.py]=python3-pandas
  [/usr/lib/python3/dist-packages/pytest/__init__.py]=python3-pytest
  [/usr/lib/python3/dist-packages/distributed/__init__.py]=python3-distributed
  # word lists that train the language identification (data/langid.json)
  [/usr/share/dict/american-english]=wamerican
  [/usr/share/dict/british-english]=wbritish
  [/usr/share/dict/spanish]=wspanish
  [/usr/share/dict/french]=wfrench
  [/usr/share/dict/ngerman]=wngerman
  [/usr/share/dict/portuguese]=wportuguese
  [/usr/share/dict/brazilian]=wbrazilian
  [/usr/share/dict/italian]=witalian
  [/usr/share/dict/dutch]=wdutch
  [/usr/share/dict/polish]=wpolish
  [/usr/share/dict/catalan]=wcatalan
  [/usr/share/dict/swedish]=wswedish
  [/usr/share/dict/danish]=wdanish
  [/usr/share/dict/bokmaal]=wnorwegian
)
missing=()
for path in "${!need[@]}"; do
  [ -e "$path" ] || missing+=("${need[$path]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages, from the lockfile, when it changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
