#!/usr/bin/env bash
# Makes TorchSharp's native shim (libLibTorchSharp.so) loadable where the system libstdc++ is older than the one
# it was linked against.
#
# TorchSharp 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32; Debian 12's libstdc++ provides up to 3.4.30.
# The only symbol bound to GLIBCXX_3.4.32 is std::ios_base_library_init, a link-time marker that GCC 13 emits
# and that has no relocation, so nothing is ever looked up at that version. We rewrite that one version-need
# entry of .gnu.version_r to the GLIBCXX_3.4.30 entry the library already needs (copying its name offset and
# hash), which makes the dynamic loader accept the library with no change to the system.
#
# It does nothing unless `ldd` reports the missing version, refuses when any other symbol needs that version,
# keeps the original beside the file (.orig), and checks `ldd` again afterwards.
set -euo pipefail

lib=${1:?usage: torchsharp-native-fix.sh path/to/libLibTorchSharp.so}
[ -f "$lib" ] || { echo "torchsharp-native-fix: $lib not found" >&2; exit 2; }

missing=$(ldd "$lib" 2>&1 | grep -o "version \`GLIBCXX_[0-9.]*' not found" | grep -o "GLIBCXX_[0-9.]*" | sort -u || true)
if [ -z "$missing" ]; then
  exit 0
fi
if [ "$(echo "$missing" | wc -l)" -ne 1 ] || [ "$missing" != "GLIBCXX_3.4.32" ]; then
  echo "torchsharp-native-fix: $lib needs $missing from libstdc++, which this system lacks; only GLIBCXX_3.4.32 can be worked around." >&2
  echo "  Install a newer libstdc++6 (GCC 13+) or use a system with glibc/libstdc++ as new as the TorchSharp build." >&2
  exit 1
fi

echo "bci setup: $lib needs GLIBCXX_3.4.32, this system's libstdc++ stops at $(strings "$(ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/{print $NF; exit}')" | grep -o '^GLIBCXX_3\.4\.[0-9]*$' | sort -t. -k3 -n | tail -1)."

# Which dynamic symbols are bound to the missing version? Only the link-time marker may be.
bound=$(readelf --dyn-syms -W "$lib" | grep -o '[^ ]*@GLIBCXX_3\.4\.32' | sed 's/@.*//' | sort -u)
if [ "$bound" != "_ZSt21ios_base_library_initv" ]; then
  echo "torchsharp-native-fix: symbols other than std::ios_base_library_init need GLIBCXX_3.4.32 ($bound); refusing to patch." >&2
  exit 1
fi

section_offset=$(readelf -V -W "$lib" | awk '/Version needs section/ {getline; for (i = 1; i <= NF; i++) if ($i == "Offset:") print $(i + 1)}')
entry_of() { readelf -V -W "$lib" | awk -v name="$1" '/Version needs section/ {in_needs = 1} in_needs && $0 ~ "Name: " name " " {sub(":", "", $1); print $1; exit}'; }
target=$(entry_of "GLIBCXX_3\\.4\\.32")
donor=$(entry_of "GLIBCXX_3\\.4\\.30")
if [ -z "$section_offset" ] || [ -z "$target" ] || [ -z "$donor" ]; then
  echo "torchsharp-native-fix: could not find the GLIBCXX_3.4.32 and GLIBCXX_3.4.30 entries in $lib's .gnu.version_r" >&2
  exit 1
fi

# Vernaux entry: vna_hash u32 @0, vna_flags u16 @4, vna_other u16 @6, vna_name u32 @8, vna_next u32 @12.
# Keep vna_other (the version index symbols refer to) and vna_next; take hash and name from the 3.4.30 entry.
t=$((section_offset + target)); d=$((section_offset + donor))
[ -f "$lib.orig" ] || cp -p "$lib" "$lib.orig"
copy_bytes() { dd if="$lib" of="$lib" bs=1 skip=$(($d + $1)) seek=$(($t + $1)) count=4 conv=notrunc status=none; }
copy_bytes 0
copy_bytes 8
touch "$lib"

if ldd "$lib" 2>&1 | grep -q "GLIBCXX_3.4.32' not found"; then
  echo "torchsharp-native-fix: the patch did not take (ldd still reports GLIBCXX_3.4.32); original kept at $lib.orig" >&2
  exit 1
fi
echo "bci setup: rewrote its GLIBCXX_3.4.32 version-need entry to GLIBCXX_3.4.30 (only std::ios_base_library_init, a link-time marker, used it); original kept as $lib.orig."
