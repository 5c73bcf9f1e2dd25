#!/usr/bin/python3
"""Include directions follow the architecture (docs/architecture.md, "Which folder may include which").

Each folder of the program is a layer; a file may include project headers of its own layer and of
the layers below it, never above:

    model  <  experiments/config  <  experiments/analysis  <  experiments/io  <  experiments/runner  <  experiments/cli

Two more rules: experiments/io/hdf5 (the HDF5 layer) includes nothing of the project but itself,
and the version header build_info.hpp (generated) is for the runner and the command line only.
Tests and benchmarks may include anything. Exit status 1 lists every include against the
direction as FILE:LINE.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYERS = ["model", "experiments/config", "experiments/analysis", "experiments/io", "experiments/runner",
          "experiments/cli"]
HDF5 = "experiments/io/hdf5"
GENERATED = {"build_info.hpp": "experiments/runner"}  # the lowest layer that may include it
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer(path):
    """The index in LAYERS of the layer that holds `path`, or None outside the program."""
    for k in range(len(LAYERS) - 1, -1, -1):
        if path == LAYERS[k] or path.startswith(LAYERS[k] + "/"):
            return k
    return None


def sources():
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "model", "experiments"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        out = [os.path.relpath(os.path.join(d, f), ROOT) for top in ("model", "experiments")
               for d, _, fs in os.walk(os.path.join(ROOT, top)) for f in fs]
    return sorted(f for f in out if f.endswith((".cpp", ".hpp", ".def")))


def violations(path, lines):
    here = layer(path)
    for n, line in enumerate(lines, 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        target = m.group(1)
        if target in GENERATED:
            if here is None or here < LAYERS.index(GENERATED[target]):
                yield n, f'"{target}" is for {GENERATED[target]} and above'
            continue
        there = layer(target)
        if there is None:
            yield n, f'"{target}" is not a header of the program'
        elif path.startswith(HDF5 + "/") and not target.startswith(HDF5 + "/"):
            yield n, f'the HDF5 layer includes only itself, not "{target}"'
        elif there > here:
            yield n, f'{LAYERS[here]} may not include {LAYERS[there]} ("{target}")'


def main():
    bad = 0
    files = sources()
    for path in files:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            for n, why in violations(path, f.read().splitlines()):
                print(f"{path}:{n}: {why}")
                bad += 1
    if bad:
        print(f"check_includes: {bad} include(s) against the direction of docs/architecture.md", file=sys.stderr)
        return 1
    print(f"check_includes: {len(files)} files include only their own layer and the layers below")
    return 0


if __name__ == "__main__":
    sys.exit(main())
