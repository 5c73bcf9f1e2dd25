#!/usr/bin/env bash
# Every C++ file of the tree is formatted as .clang-format says (the test command runs this).
# To fix: git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp')
else
  mapfile -t files < <(find model experiments tests bench -name '*.cpp' -o -name '*.hpp')
fi
if ! clang-format --dry-run -Werror "${files[@]}" 2>/tmp/buurtsim_format.$$; then
  grep -oE '^[^:]+:[0-9]+:[0-9]+: error' /tmp/buurtsim_format.$$ | cut -d: -f1,2 | sort -u | head -20 >&2
  echo "check_format: $(grep -oE '^[^:]+:[0-9]+:[0-9]+: error' /tmp/buurtsim_format.$$ | cut -d: -f1 | sort -u | wc -l) file(s) differ from .clang-format; fix with: git ls-files '*.cpp' '*.hpp' | xargs clang-format -i" >&2
  rm -f /tmp/buurtsim_format.$$
  exit 1
fi
rm -f /tmp/buurtsim_format.$$
echo "check_format: ${#files[@]} C++ files follow .clang-format"
