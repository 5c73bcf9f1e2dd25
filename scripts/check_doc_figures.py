#!/usr/bin/python3
"""Checks the parameter values the hand-written docs state against the program.

A table in docs/ or in an approach's page (model/approaches/NAME/README.md) whose first column names a parameter (`group.name`) and which has a column
headed "default" or "NL-average default" states the registry default (an approach's page may name its own parameters without the group): the figure must equal
`buurtsim params --format csv`'s default to the digits shown. A column headed "aandachtswijk"
states the value configs/baseline.toml sets for its neighbourhood. docs/parameters.md is
generated (scripts/check_docs.sh) and not read here.

Usage: scripts/check_doc_figures.py [BUURTSIM]   (default: build/bin/buurtsim)
Exit status: 0 every figure agrees; 1 some figure differs (each printed with file and line);
2 no program to ask.
"""
import csv
import io
import pathlib
import re
import subprocess
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+]?\.\d+")


def registry(binary):
    out = subprocess.run([binary, "params", "--format", "csv"], check=True, capture_output=True, text=True).stdout
    return {row["name"]: row["default"] for row in csv.DictReader(io.StringIO(out))}


def aandachtswijk():
    with open(ROOT / "configs" / "baseline.toml", "rb") as f:
        config = tomllib.load(f)
    values = {}

    def flatten(table, prefix=""):
        for key, value in table.items():
            if isinstance(value, dict):
                flatten(value, prefix + key + ".")
            else:
                values[prefix + key] = value

    flatten(config["neighbourhood"][0])
    return values


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def agrees(stated, actual):
    """Whether the figure `stated` (as written in the docs) shows the value `actual`."""
    text = stated.replace("\u2212", "-").replace("EUR", "").strip()
    m = NUMBER.search(text)
    if not m:  # a word: a choice or a boolean ("on"/"off" for true/false)
        word = text.split()[0].lower() if text else ""
        return {"on": "true", "off": "false"}.get(word, word) == str(actual).lower()
    shown = m.group(0).replace(",", "")
    try:
        value = float(actual)
    except ValueError:
        return False
    decimals = len(shown.split(".")[1]) if "." in shown and "e" not in shown.lower() else 0
    return abs(float(shown) - value) <= 0.5 * 10 ** (-decimals) * (1 + 1e-9)


def check_file(path, defaults, local):
    problems = []
    header = None
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.startswith("|"):
            header = None
            continue
        row = cells(line)
        if header is None:
            header = [c.lower() for c in row]
            continue
        if set(line.replace("|", "").strip()) <= set("-: "):
            continue
        name = re.fullmatch(r"`([a-z_]+\.[a-z_0-9]+|[a-z_0-9]+)`", row[0])
        # An approach's page names its own parameters without the group.
        param = name.group(1) if name else ""
        if name and "." not in param and path.name == "README.md":
            param = path.parent.name + "." + param
        if param not in defaults:
            continue
        for column, title in enumerate(header):
            if column >= len(row):
                break
            if title in ("default", "nl-average default"):
                expected, what = defaults[param], "the registry default"
            elif title == "aandachtswijk" and param in local:
                expected, what = local[param], "configs/baseline.toml"
            else:
                continue
            if not agrees(row[column], expected):
                problems.append(f"{path.relative_to(ROOT)}:{number}: `{param}` is stated as {row[column]!r}; "
                                f"{what} is {expected}")
    return problems


def main():
    binary = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "bin" / "buurtsim")
    if not binary.is_file():
        print(f"check_doc_figures: no buurtsim program at {binary}; build it first", file=sys.stderr)
        return 2
    defaults, local = registry(str(binary)), aandachtswijk()
    problems, checked = [], 0
    pages = sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "model" / "approaches").glob("*/README.md"))
    for path in pages:
        if path.name == "parameters.md":
            continue
        checked += 1
        problems += check_file(path, defaults, local)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_doc_figures: {len(problems)} figure(s) disagree with the program", file=sys.stderr)
        return 1
    print(f"check_doc_figures: the parameter values stated in {checked} docs agree with the program")
    return 0


if __name__ == "__main__":
    sys.exit(main())
