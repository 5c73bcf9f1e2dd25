"""What the Python tests of tests/python/ and tests/python_epstein/ share.

The tests run under Debian's /usr/bin/python3 from ctest (tests/CMakeLists.txt), which sets
BUURTSIM_BIN (the program) and BUURTSIM_SOURCE_DIR (the repository); run by hand from the
repository root they fall back to build/bin/buurtsim. Import it from a test with
    sys.path.insert(0, <the directory of this file>)
    from testlib import BIN, check, ...
Nothing here reads a path outside the repository.
"""
import os
import resource
import signal
import subprocess
import sys
import tempfile

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


def signal_on_line(args, trigger, sig, env=None, timeout=600, cwd=None):
    """Runs `args`, sends `sig` to it as soon as a line of its stderr starts with `trigger` (a
    progress line, so the signal lands mid-run, not by timing), and waits for it to end. Fails the
    test when the program ends before printing the line. Returns (exit status, stdout, stderr)."""
    with tempfile.TemporaryFile(mode="w+") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.PIPE, text=True, cwd=cwd,
                                env=dict(os.environ, **(env or {})))
        seen = []
        for line in proc.stderr:
            seen.append(line)
            if line.startswith(trigger):
                proc.send_signal(sig)
                break
        else:
            proc.wait(timeout=timeout)
            fail(f"{' '.join(args)} ended (exit {proc.returncode}) without printing a line starting with "
                 f"{trigger!r}, so the signal could not be sent mid-run: {''.join(seen)[-2000:]}")
        seen.append(proc.stderr.read())
        proc.stderr.close()
        proc.wait(timeout=timeout)
        out.seek(0)
        return proc.returncode, out.read(), "".join(seen)


def run_with_file_limit(args, limit_bytes, timeout=600, cwd=None):
    """Runs `args` unable to write any file beyond `limit_bytes` (RLIMIT_FSIZE, with SIGXFSZ
    ignored, so a write past it fails with EFBIG as on a full disk): a real failure while running,
    reproducible without root or a small file system. Returns the CompletedProcess."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # inherited through exec: writes fail instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=cwd, preexec_fn=limit)
