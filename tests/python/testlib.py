"""What the Python tests of tests/python/ and tests/python_epstein/ share.

The tests run under Debian's /usr/bin/python3 from ctest (tests/CMakeLists.txt), which sets
BUURTSIM_BIN (the program) and BUURTSIM_SOURCE_DIR (the repository); run by hand from the
repository root they fall back to build/bin/buurtsim. Import it from a test with
    sys.path.insert(0, <the directory of this file>)
    from testlib import BIN, check, ...
Nothing here reads a path outside the repository.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("BUURTSIM_SOURCE_DIR", os.path.normpath(os.path.join(HERE, "..", "..")))
BIN = os.path.abspath(os.environ.get("BUURTSIM_BIN", os.path.join(SOURCE, "build", "bin", "buurtsim")))
PYTHON = "/usr/bin/python3"
# The results-file checker of the project (docs/results.md, "Conventions").
CHECK_RESULTS = os.path.join(SOURCE, "scripts", "check_results.py")


def fail(message):
    """Prints the failure and ends the test with exit status 1."""
    print(f"FAIL: {message}")
    sys.exit(1)


def check(condition, message):
    """Fails the test with `message` unless `condition` holds."""
    if not condition:
        fail(message)


def check_results(path, timeout=300):
    """Runs scripts/check_results.py on a results file; returns the CompletedProcess."""
    return subprocess.run([PYTHON, CHECK_RESULTS, path], capture_output=True, text=True, timeout=timeout)
