#!/usr/bin/env bash
# Installs the few Debian packages BciPipeline's tests and demo use, only when they are missing, saying so.
set -euo pipefail

needed=()
# name-of-command-or-file : debian package
while read -r probe package; do
  [ -z "$probe" ] && continue
  if [[ "$probe" == /* ]]; then [ -e "$probe" ] && continue; else command -v "$probe" >/dev/null 2>&1 && continue; fi
  needed+=("$package")
done <<'LIST'
readelf binutils
/usr/lib/python3/dist-packages/numpy python3-numpy
/usr/lib/python3/dist-packages/onnx python3-onnx
/usr/lib/python3/dist-packages/scipy/signal python3-scipy
sox sox
/usr/lib/x86_64-linux-gnu/libasound.so.2 libasound2
LIST

[ ${#needed[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "bci setup: missing ${needed[*]} and no apt-get here: install them with your package manager." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "bci setup: installing Debian packages: ${needed[*]}" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${needed[@]}" >&2
