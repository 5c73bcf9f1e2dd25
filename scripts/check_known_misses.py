#!/usr/bin/python3
"""The list of known misses is checked too (tests/known_misses.txt, docs/validation.md "Known misses").

A known miss is a fact a test checks through expect_fact (tests/known_misses.hpp) and the model
does not reproduce. This script (ctest `known_misses_listed`, quick) checks that

  - every line of tests/known_misses.txt has the form `Suite.Test/fact: reason`, once;
  - its test exists (TEST(Suite, Test) in a file under tests/) and checks that fact through
    expect_fact: the fact's name is in the test's body as a string literal, or the body hands
    expect_fact computed names (an outcome of model/outcomes.def, as the presets and the survey
    coverage do) and the fact is such a name;
  - docs/validation.md, section "Known misses", names the same keys (each in backticks);
  - no test program that uses expect_fact or the statistical checks skips a test (GTEST_SKIP):
    a miss is a failing expectation, never a skip.

Exit status 1 lists every problem.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIST = os.path.join(ROOT, "tests", "known_misses.txt")
DOCS = os.path.join(ROOT, "docs", "validation.md")
OUTCOMES = os.path.join(ROOT, "model", "outcomes.def")
KEY = re.compile(r"^([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)/([A-Za-z0-9_.]+)$")
TEST = re.compile(r"^TEST(?:_F)?\(\s*([A-Za-z0-9_]+)\s*,\s*([A-Za-z0-9_]+)\s*\)", re.M)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def entries(problems):
    out = {}
    for n, line in enumerate(read(LIST).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, reason = line.partition(": ")
        if not sep or not reason.strip() or not KEY.match(key):
            problems.append(f"tests/known_misses.txt:{n}: not 'Suite.Test/fact: reason': {line}")
        elif key in out:
            problems.append(f"tests/known_misses.txt:{n}: {key} listed twice")
        else:
            out[key] = n
    return out


def test_bodies():
    """(suite, test) -> (path, body): the text from TEST( to the next TEST( or the end of the file."""
    bodies = {}
    for d, _, files in os.walk(os.path.join(ROOT, "tests")):
        for f in files:
            if not f.endswith(".cpp"):
                continue
            path = os.path.join(d, f)
            text = read(path)
            starts = list(TEST.finditer(text))
            for i, m in enumerate(starts):
                end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
                bodies[(m.group(1), m.group(2))] = (os.path.relpath(path, ROOT), text[m.start():end], text)
    return bodies


def outcome_names():
    return set(re.findall(r"BUURTSIM_OUTCOME\(\s*([a-z0-9_]+)", read(OUTCOMES)))


def documented():
    text = read(DOCS)
    m = re.search(r"^(#+) Known misses\s*$", text, re.M)
    if not m:
        return None
    rest = text[m.end():]
    nxt = re.search(r"^#{1,%d} " % len(m.group(1)), rest, re.M)
    section = rest[:nxt.start()] if nxt else rest
    return set(re.findall(r"`([A-Za-z0-9_]+\.[A-Za-z0-9_]+/[A-Za-z0-9_.]+)`", section))


def main():
    problems = []
    listed = entries(problems)
    bodies = test_bodies()
    outcomes = outcome_names()
    for key, n in listed.items():
        suite, test, fact = KEY.match(key).groups()
        if (suite, test) not in bodies:
            problems.append(f"tests/known_misses.txt:{n}: {key}: no TEST({suite}, {test}) under tests/")
            continue
        path, body, whole = bodies[(suite, test)]
        if "expect_fact(" not in body and "expect_fact(" not in whole:
            problems.append(f"tests/known_misses.txt:{n}: {key}: {path} does not use expect_fact")
        elif f'"{fact}"' not in body and not ("expect_fact(" in whole and fact in outcomes):
            problems.append(f"tests/known_misses.txt:{n}: {key}: {path}, TEST({suite}, {test}) checks no fact "
                            f"named \"{fact}\"")
    docs = documented()
    if docs is None:
        problems.append("docs/validation.md: no section \"Known misses\"")
    else:
        for key in sorted(set(listed) - docs):
            problems.append(f"docs/validation.md, Known misses: {key} is in tests/known_misses.txt but not here")
        for key in sorted(docs - set(listed)):
            problems.append(f"docs/validation.md, Known misses: {key} is not in tests/known_misses.txt")
    for (suite, test), (path, body, whole) in sorted(bodies.items()):
        uses = "expect_fact(" in whole or "tests/stat_checks.hpp" in whole
        if uses and "GTEST_SKIP" in body:
            problems.append(f"{path}: TEST({suite}, {test}) skips: a miss must be a failing expectation "
                            "(expect_fact and tests/known_misses.txt), not a skip")
    for p in problems:
        print(p)
    print(f"known misses: {len(listed)} listed, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
