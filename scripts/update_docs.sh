#!/usr/bin/env bash
# Regenerates the generated documentation from the program itself:
#   docs/parameters.md  <- `buurtsim params --format markdown` (the parameter registry)
#   docs/outcomes.md    <- `buurtsim params --outcomes --format markdown` (the outcome declarations)
# Usage: scripts/update_docs.sh [BUURTSIM]   (default: build/bin/buurtsim)
# scripts/check_docs.sh checks that the committed files are up to date.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/build/bin/buurtsim}"
# A relative path given by the caller is relative to where the caller stands.
case "$bin" in /*) ;; *) [ -n "${1:-}" ] && bin="$PWD/$bin" ;; esac
if [ ! -x "$bin" ]; then
  echo "update_docs.sh: no buurtsim program at $bin; build it first (cmake --build build -j2)" >&2
  exit 2
fi
source "$root/scripts/generated_docs.sh"
for doc in parameters outcomes; do
  tmp="$(mktemp)"
  "render_$doc" "$bin" > "$tmp"
  mv "$tmp" "$root/docs/$doc.md"
  echo "docs/$doc.md regenerated from $bin"
done
