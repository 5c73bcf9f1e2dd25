#!/usr/bin/env bash
# Checks that the generated documentation matches the program:
#   docs/parameters.md  ==  `buurtsim params --format markdown`
#   docs/outcomes.md    ==  `buurtsim params --outcomes --format markdown` (with its heading)
# Exit status: 0 up to date; 1 out of date (the difference is printed); 2 no program to ask.
# Usage: scripts/check_docs.sh [BUURTSIM]   (default: build/bin/buurtsim)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/build/bin/buurtsim}"
case "$bin" in /*) ;; *) [ -n "${1:-}" ] && bin="$PWD/$bin" ;; esac
if [ ! -x "$bin" ]; then
  echo "check_docs.sh: no buurtsim program at $bin; build it first (cmake --build build -j2)" >&2
  exit 2
fi
source "$root/scripts/generated_docs.sh"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
status=0
for doc in parameters outcomes; do
  "render_$doc" "$bin" > "$tmp"
  if ! diff -u "$root/docs/$doc.md" "$tmp" >&2; then
    echo "docs/$doc.md is out of date: run scripts/update_docs.sh" >&2
    status=1
  fi
done
exit $status
