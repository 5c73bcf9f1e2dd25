#!/usr/bin/python3
"""Where outputs go (docs/reliability.md, "Files, failed writes and signals"):

- an output folder the user may not write: each command that writes a file there stops with a
  plain message naming the path and the permissions, exit 2 (nothing was done; analysis/report.py:
  1, "the report could not be written", as docs/report.md has it), never a crash or a raw HDF5
  message, and nothing is left behind. The tests run as root, whom permissions do not stop, so buurtsim runs
  as the unprivileged user nobody (setpriv; runuser as a fallback);
- a symbolic link at the report's path (analysis/report.py, beside the results file as
  `buurtsim run` makes it, and with -o X.html) is replaced by the report, never followed: its
  target is untouched.

Needs BUURTSIM_BIN. Labelled quick (about 20 s).
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from test_determinism import SMALL  # noqa: E402
from test_sweep_cli import SWEEP  # noqa: E402
from testlib import BIN, PYTHON, SOURCE, check  # noqa: E402

RAW = ("errno =", "bytes actually written", "o_flags", "H5F", "HDF5-DIAG", "Segmentation fault", "Traceback")
PRECIOUS = b"a file of the user's that the report must never write\n"
NOBODY = 65534


def as_nobody():
    """The prefix that runs a command as nobody, or None (with the reason) when there is none."""
    if os.geteuid() != 0:
        return None, "not root: the test user's own permissions decide (run as root to test this)"
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"], ""
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"], ""
    return None, "neither setpriv nor runuser is installed"


def unwritable(tmp, prefix):
    """A folder nobody may read but not write, holding a finished run and sweep of root's."""
    ro = os.path.join(tmp, "ro")
    os.mkdir(ro)
    for args in (["run", "small.toml", "-o", "ro/done.h5", "--quiet", "--no-report"],
                 ["sweep", "sweep.toml", "-o", "ro/sweep.h5", "--quiet", "--no-report"]):
        r = subprocess.run([BIN] + args, cwd=tmp, capture_output=True, text=True, timeout=600)
        check(r.returncode == 0, f"making {args[3]}: exit {r.returncode}: {r.stderr[-1500:]}")
    os.chmod(tmp, 0o755)
    os.chmod(ro, 0o755)
    for name in os.listdir(tmp):
        os.chmod(os.path.join(tmp, name), 0o755 if os.path.isdir(os.path.join(tmp, name)) else 0o644)
    for name in os.listdir(ro):
        os.chmod(os.path.join(ro, name), 0o644)
    before = sorted(os.listdir(ro))
    cases = [
        (["run", "small.toml", "-o", "ro/out.h5", "--quiet", "--no-report"], 2, "ro/out.h5", "run -o into it"),
        (["sweep", "sweep.toml", "-o", "ro/new.h5", "--quiet", "--no-report"], 2, "ro/new.h5", "sweep -o into it"),
        (["run", "small.toml", "-o", "ro/sub/out.h5", "--quiet", "--no-report"], 2, "ro/sub",
         "run -o into a new folder in it"),
        # The sweep file is root's (rw-r--r--): read-only for nobody, who is told so first.
        (["sensitivity", "ro/sweep.h5", "--quiet"], 2, ("ro/sweep.h5 exists and is read-only", "--force"),
         "sensitivity into a sweep file in it"),
        (["sensitivity", "ro/sweep.h5", "--quiet", "--force", "--allow-small"], 2, ("ro/sweep.h5.tmp", "ermission denied"),
         "sensitivity --force into a sweep file in it"),
        (["export", "ro/done.h5", "-o", "ro/tables", "--quiet"], 2, ("cannot create the folder ro/tables", "ermission denied"),
         "export into it"),
        (["init", "--neighbourhood", "Buurt=1200", "-o", "ro/buurt.toml"], 2, "ro/buurt.toml", "init -o into it"),
    ]
    for args, status, named, what in cases:
        r = subprocess.run(prefix + [BIN] + args, cwd=tmp, capture_output=True, text=True, timeout=300)
        check(r.returncode == status, f"{what}: exit {r.returncode}, expected {status}: {r.stderr[-1500:]}")
        for phrase in named if isinstance(named, tuple) else (named, "ermission denied"):
            check(phrase in r.stderr, f"{what}: the message does not say {phrase!r}: {r.stderr[-1500:]}")
        for raw in RAW:
            check(raw not in r.stderr, f"{what}: {raw!r} in the message: {r.stderr[-1500:]}")
        check(sorted(os.listdir(ro)) == before, f"{what}: files appeared in the folder: {sorted(os.listdir(ro))}")
        print(f"ok   unwritable folder, {what}: exit {status}, \"{r.stderr.strip().splitlines()[-1]}\"")
    report = os.path.join(SOURCE, "analysis", "report.py")
    r = subprocess.run(prefix + [PYTHON, report, "ro/done.h5", "-o", "ro/done.html"], cwd=tmp, capture_output=True,
                       text=True, timeout=300, env=dict(os.environ, MPLCONFIGDIR=os.path.join(tmp, "mpl")))
    check(r.returncode == 1 and "ro/done.html" in r.stderr and "ermission denied" in r.stderr,
          f"report -o into it: exit {r.returncode}, expected 1 naming the file: {r.stderr[-1500:]}")
    check(sorted(os.listdir(ro)) == before, f"report -o into it: files appeared: {sorted(os.listdir(ro))}")
    print("ok   unwritable folder, report.py -o into it: exit 1 naming the file, nothing left")


def report_link(tmp):
    """A link at the report's path is replaced by the report; its target stays as it was."""
    out = os.path.join(tmp, "linked.h5")
    r = subprocess.run([BIN, "run", os.path.join(tmp, "small.toml"), "-o", out, "--quiet", "--no-report"],
                       capture_output=True, text=True, timeout=600)
    check(r.returncode == 0, f"run: exit {r.returncode}: {r.stderr[-1500:]}")
    target = os.path.join(tmp, "precious.txt")
    env = dict(os.environ, MPLCONFIGDIR=os.path.join(tmp, "mpl"))
    # Beside the results file (the default name, as `buurtsim run` makes it) and with -o.
    for html, extra in ((os.path.join(tmp, "linked.html"), []), (os.path.join(tmp, "named.html"), ["-o"])):
        with open(target, "wb") as f:
            f.write(PRECIOUS)
        os.symlink(target, html)
        r = subprocess.run([PYTHON, os.path.join(SOURCE, "analysis", "report.py"), out, "--quiet"]
                           + (extra + [html] if extra else []), capture_output=True, text=True, timeout=600, env=env)
        what = f"report.py {' '.join(extra + [os.path.basename(html)])}"
        check(r.returncode == 0, f"{what}: exit {r.returncode}: {r.stderr[-1500:]}")
        with open(target, "rb") as f:
            check(f.read() == PRECIOUS, f"{what}: the report was written through the link into its target")
        check(not os.path.islink(html) and os.path.getsize(html) > 1000, f"{what}: {html} is not the report")
        check(not [n for n in os.listdir(tmp) if n.endswith(".partial")], f"{what}: a temporary was left")
        print(f"ok   a symbolic link at the report's path ({what}): replaced by the report, its target untouched")


def main():
    check(os.access(BIN, os.X_OK), f"BUURTSIM_BIN={BIN} is not an executable")
    with tempfile.TemporaryDirectory(prefix="buurtsim_places_") as tmp:
        for name, text in (("small.toml", SMALL), ("sweep.toml", SWEEP)):
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
        prefix, why = as_nobody()
        if prefix is None:
            print(f"skip unwritable folder: {why}")
        else:
            unwritable(tmp, prefix)
        report_link(tmp)
    print("all output-place cases passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
