#!/usr/bin/python3
"""Fault injection: what buurtsim does with files that are not its own, with failed writes and with
signals at the point of no return (docs/reliability.md, "Files, failed writes and signals", lists
each case with the guarantee it shows).

A full disk is a write past the file-size limit (testlib.run_with_file_limit: RLIMIT_FSIZE with
SIGXFSZ ignored, so the write fails with EFBIG as it would with ENOSPC), which needs neither root
nor a small file system. Signals land at an exact moment through the test-only hook
BUURTSIM_TEST_PAUSE_AT (the program prints "test: paused at POINT" and waits for the signal).

Needs BUURTSIM_BIN. Labelled quick (about 30 s on the shared 2-core machine).
"""
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from test_calibrate_cli import CONFIG as CALIBRATION, GOOD as OBSERVED  # noqa: E402
from test_determinism import SMALL  # noqa: E402
from test_sweep_cli import SWEEP  # noqa: E402
from testlib import BIN, check, run_with_file_limit  # noqa: E402

PRECIOUS = b"a file of the user's that buurtsim must never write\n"
OLDER = b"an older results file\n"
# What an HDF5 message looks like when it reaches the user untranslated.
RAW = ("errno =", "bytes actually written", "o_flags", "H5F", "HDF5-DIAG")


def run(args, env=None, timeout=300):
    return subprocess.run([BIN] + args, capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, **(env or {})))


def expect(r, status, what, *phrases):
    """The exit status and the phrases of the message; never a crash or a raw HDF5 message."""
    check(r.returncode == status, f"{what}: exit {r.returncode}, expected {status}: {r.stderr[-1500:]}")
    for p in phrases:
        check(p in r.stderr, f"{what}: the message does not say {p!r}: {r.stderr[-1500:]}")
    for raw in RAW:
        check(raw not in r.stderr, f"{what}: a raw HDF5 message ({raw!r}): {r.stderr[-1500:]}")


def content(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def precious_link(tmp, at):
    """A symbolic link at `at` to a file of the user's; returns the file."""
    target = os.path.join(tmp, "precious.txt")
    write(target, PRECIOUS)
    if os.path.lexists(at):
        os.remove(at)
    os.symlink(target, at)
    return target


def links(tmp, p):
    """A link where buurtsim makes a file of its own is never followed: exit 2, target untouched."""
    out = p("run.h5")
    target = precious_link(tmp, out + ".partial")
    r = run(["run", p("small.toml"), "-o", out, "--quiet"])
    expect(r, 2, "symlink at OUT.h5.partial", "symbolic link", out + ".partial")
    check(content(target) == PRECIOUS and os.path.islink(out + ".partial") and not os.path.exists(out),
          "symlink at OUT.h5.partial: the link's target or the link was changed, or OUT.h5 written")
    os.remove(out + ".partial")
    print("ok   run, a symlink at OUT.h5.partial: exit 2, its target and the link untouched")

    out = p("sweep.h5")
    target = precious_link(tmp, out + ".journal")
    for flag in ("--restart", "--resume"):
        r = run(["sweep", p("sweep.toml"), "-o", out, "--quiet", flag])
        expect(r, 2, f"sweep {flag}, symlink at OUT.h5.journal", "symbolic link", out + ".journal")
        check(content(target) == PRECIOUS and os.path.islink(out + ".journal"),
              f"sweep {flag}, symlink at OUT.h5.journal: the link's target or the link was changed")
    os.remove(out + ".journal")
    print("ok   sweep --restart and --resume, a symlink at OUT.h5.journal: exit 2, its target and the link untouched")

    out = p("cal.h5")
    target = precious_link(tmp, out + ".journal")
    r = run(["calibrate", p("cal.toml"), "--data", p("obs.csv"), "-o", out, "--quiet", "--restart"])
    expect(r, 2, "calibrate --restart, symlink at OUT.h5.journal", "symbolic link")
    check(content(target) == PRECIOUS, "calibrate, symlink at OUT.h5.journal: the link's target was changed")
    os.remove(out + ".journal")
    print("ok   calibrate --restart, a symlink at OUT.h5.journal: exit 2, its target untouched")

    # A finished sweep, then a link at SWEEP.h5.tmp (sensitivity's temporary copy).
    r = run(["sweep", p("sweep.toml"), "-o", out_sweep(p), "--quiet"])
    expect(r, 0, "the sweep for sensitivity")
    before = content(out_sweep(p))
    target = precious_link(tmp, out_sweep(p) + ".tmp")
    r = run(["sensitivity", out_sweep(p), "--quiet", "--allow-small"])
    expect(r, 2, "sensitivity, symlink at SWEEP.h5.tmp", "symbolic link", "was not changed")
    check(content(target) == PRECIOUS and content(out_sweep(p)) == before,
          "sensitivity, symlink at SWEEP.h5.tmp: the link's target or the sweep file was changed")
    os.remove(out_sweep(p) + ".tmp")
    print("ok   sensitivity, a symlink at SWEEP.h5.tmp: exit 2, its target and the sweep file untouched")


def out_sweep(p):
    return p("finished_sweep.h5")


def special_outputs(tmp, p):
    """-o must name a regular file or a new path."""
    fifo = p("fifo")
    os.mkfifo(fifo)
    for target, kind in ((fifo, "FIFO"), (os.devnull, "character device"), (tmp, "directory")):
        r = run(["run", p("small.toml"), "-o", target, "--quiet"])
        expect(r, 2, f"-o at a {kind}", kind)
    check(stat.S_ISFIFO(os.lstat(fifo).st_mode) and stat.S_ISCHR(os.stat(os.devnull).st_mode),
          "-o at a FIFO or device: it was replaced")
    check(not os.path.exists(fifo + ".partial"), "-o at a FIFO: a partial file was made beside it")
    print("ok   -o at a FIFO, at /dev/null and at a directory: exit 2, each left as it was")


def replacing(tmp, p):
    """A read-only results file is refused unless --force; the default name is replaced only with a line saying so."""
    out = p("readonly.h5")
    write(out, OLDER)
    os.chmod(out, 0o444)
    r = run(["run", p("small.toml"), "-o", out, "--quiet"])
    expect(r, 2, "read-only OUT.h5", "read-only", "--force")
    check(content(out) == OLDER and not os.path.exists(out + ".partial"), "read-only OUT.h5: it was changed")
    r = run(["run", p("small.toml"), "-o", out, "--quiet", "--force"])
    expect(r, 0, "read-only OUT.h5 with --force")
    check(content(out) != OLDER, "read-only OUT.h5 with --force: not replaced")
    print("ok   a read-only OUT.h5: exit 2 and untouched without --force, replaced with --force")

    before = content(out_sweep(p))
    os.chmod(out_sweep(p), 0o444)
    r = run(["sensitivity", out_sweep(p), "--quiet", "--allow-small"])
    expect(r, 2, "sensitivity into a read-only sweep file", "read-only", "--force")
    check(content(out_sweep(p)) == before, "sensitivity into a read-only sweep file: it was changed")
    r = run(["sensitivity", out_sweep(p), "--quiet", "--allow-small", "--force"])
    expect(r, 0, "sensitivity into a read-only sweep file with --force")
    print("ok   sensitivity into a read-only sweep file: exit 2 and untouched without --force, written with --force")

    os.makedirs(p("results"), exist_ok=True)
    default = p(os.path.join("results", "small.h5"))
    write(default, OLDER)
    r = subprocess.run([BIN, "run", "small.toml", "--quiet", "--no-report"], capture_output=True, text=True, cwd=tmp,
                       timeout=300)
    expect(r, 0, "run without -o over an existing results/small.h5", "results/small.h5 exists and is replaced")
    print("ok   run without -o over an existing results file: replaced, and stderr says so (even with --quiet)")


def journals(tmp, p):
    """A sweep or calibration whose journal exists refuses to start without --resume or --restart."""
    out = p("interrupted_sweep.h5")
    r = run(["sweep", p("sweep.toml"), "-o", out, "--quiet", "--threads", "1"],
            env={"BUURTSIM_TEST_KILL_AFTER_POINTS": "2"})
    check(r.returncode == -signal.SIGKILL, f"sweep: the kill hook did not kill it (exit {r.returncode})")
    journal = content(out + ".journal")
    r = run(["sweep", p("sweep.toml"), "-o", out, "--quiet"])
    expect(r, 2, "sweep rerun over a journal", "--resume", "--restart", out + ".journal")
    check(content(out + ".journal") == journal, "sweep rerun over a journal: the journal was changed")
    r = run(["sweep", p("sweep.toml"), "-o", out, "--quiet", "--resume", "--restart"])
    expect(r, 2, "sweep --resume --restart", "--restart")
    r = run(["sweep", p("sweep.toml"), "-o", out, "--quiet", "--restart"])
    expect(r, 0, "sweep --restart")
    check(not os.path.exists(out + ".journal"), "sweep --restart: the journal is still there")
    print("ok   sweep rerun after an interruption: exit 2 naming --resume and --restart, journal unchanged; "
          "--restart starts over")

    out = p("interrupted_cal.h5")
    r = run(["calibrate", p("cal.toml"), "--data", p("obs.csv"), "-o", out, "--quiet"],
            env={"BUURTSIM_TEST_STOP_AFTER_GENERATIONS": "1"})
    check(r.returncode == 130 and os.path.exists(out + ".journal"), f"calibrate stopped early: exit {r.returncode}")
    journal = content(out + ".journal")
    r = run(["calibrate", p("cal.toml"), "--data", p("obs.csv"), "-o", out, "--quiet"])
    expect(r, 2, "calibrate rerun over a journal", "--resume", "--restart")
    check(content(out + ".journal") == journal, "calibrate rerun over a journal: the journal was changed")
    print("ok   calibrate rerun after an interruption: exit 2 naming --resume and --restart, journal unchanged")


def full_disk(tmp, p):
    """Failed writes: a clear message, exit 1 (or 2 before any work), never a crash, OUT.h5 untouched."""
    out = p("full.h5")
    write(out, OLDER)
    r = run_with_file_limit([BIN, "run", p("small.toml"), "-o", out, "--quiet"], 0)
    expect(r, 2, "run, no room for OUT.h5.partial's first bytes", "file size limit")
    check(not os.path.exists(out + ".partial"), "run, failed create: an empty OUT.h5.partial was left")
    for limit in (16 * 1024, 64 * 1024, 256 * 1024):
        # --restart: a journal kept by the limit before (finished runs) is not resumed here
        r = run_with_file_limit([BIN, "run", p("small.toml"), "-o", out, "--quiet", "--restart"], limit)
        expect(r, 1, f"run, writes failing past {limit} bytes", "run failed", "file size limit")
        check(out + ".partial" in r.stderr or out + ".journal" in r.stderr,
              f"run, limit {limit}: the message names neither the partial file nor the journal: {r.stderr}")
        check(content(out) == OLDER and not os.path.exists(out + ".partial"), f"run, limit {limit}: OUT.h5 changed")
        if os.path.exists(out + ".journal"):
            check("--resume" in r.stderr, f"run, limit {limit}: a journal was kept without a word on --resume")
    print("ok   run on a full disk (at create, and at 16, 64 and 256 kB): exit 2 / 1 with a plain message naming "
          "the file, no crash, OUT.h5 untouched, no OUT.h5.partial left (a journal of finished runs says --resume)")

    for limit in (64 * 1024, 200 * 1024, 400 * 1024):
        sweep = p(f"full_sweep_{limit}.h5")
        r = run_with_file_limit([BIN, "sweep", p("sweep.toml"), "-o", sweep, "--quiet", "--threads", "1"], limit)
        check(r.returncode in (1,), f"sweep, limit {limit}: exit {r.returncode}, expected 1: {r.stderr[-1500:]}")
        expect(r, 1, f"sweep, limit {limit}", "file size limit")
    cal = p("full_cal.h5")
    r = run_with_file_limit([BIN, "calibrate", p("cal.toml"), "--data", p("obs.csv"), "-o", cal, "--quiet"], 16 * 1024)
    expect(r, 1, "calibrate on a full disk", "file size limit")
    before = content(out_sweep(p))
    r = run_with_file_limit([BIN, "sensitivity", out_sweep(p), "--quiet", "--allow-small"], 64 * 1024)
    expect(r, 1, "sensitivity on a full disk", "file size limit", "was not changed")
    check(content(out_sweep(p)) == before and not os.path.exists(out_sweep(p) + ".tmp"),
          "sensitivity on a full disk: the sweep file was changed or its copy left")
    print("ok   sweep, calibrate and sensitivity on a full disk: exit 1 with a plain message, no crash")


def paused(args, point, sig, env=None):
    """Runs buurtsim paused at `point` (BUURTSIM_TEST_PAUSE_AT), sends `sig` there; returns (status, stdout, stderr)."""
    proc = subprocess.Popen([BIN] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, BUURTSIM_TEST_PAUSE_AT=point, **(env or {})))
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith(f"test: paused at {point}"):
            proc.send_signal(sig)
            break
    stdout, rest = proc.communicate(timeout=300)
    check(any(s.startswith("test: paused") for s in seen), f"{args}: never paused at {point}: {''.join(seen)}")
    return proc.returncode, stdout, "".join(seen) + rest


def signals(tmp, p):
    """A signal before the point of no return leaves OUT.h5 untouched (130); after it the write completes."""
    out = p("signal.h5")
    for sig, resume in ((signal.SIGINT, []), (signal.SIGTERM, ["--resume"])):
        write(out, OLDER)
        code, stdout, stderr = paused(["run", p("small.toml"), "-o", out, "--quiet", *resume], "point_of_no_return",
                                      sig)
        check(code == 130, f"run, {sig.name} at the point of no return: exit {code}, expected 130: {stderr[-1000:]}")
        check(content(out) == OLDER and os.path.exists(out + ".partial") and "results written" not in stdout,
              f"run, {sig.name} at the point of no return: OUT.h5 changed or a summary printed")
        check("point of no return" in stderr and "not touched" in stderr and "--resume" in stderr,
              f"run, {sig.name}: unclear message: {stderr}")
        check(os.path.exists(out + ".journal"), f"run, {sig.name} at the point of no return: the journal was lost")
    code, stdout, stderr = paused(["run", p("small.toml"), "-o", out, "--quiet", "--resume"],
                                  "after_point_of_no_return", signal.SIGTERM)
    check(code == 0 and content(out) != OLDER and not os.path.exists(out + ".partial"),
          f"run, SIGTERM after the point of no return: exit {code} or the write not completed: {stderr[-1000:]}")
    check(not os.path.exists(out + ".journal"), "run, complete: the journal was left behind")
    check("the write was completed" in stderr, f"run, SIGTERM after the point of no return: no message: {stderr}")
    print("ok   run, SIGINT and SIGTERM at the point of no return: exit 130, OUT.h5 untouched, the journal kept "
          "(--resume goes straight to the write); SIGTERM just after it: the write completes, exit 0, stderr says so, "
          "the journal is gone")

    sweep = p("signal_sweep.h5")
    code, _, stderr = paused(["sweep", p("sweep.toml"), "-o", sweep, "--quiet"], "point_of_no_return", signal.SIGINT)
    check(code == 130 and not os.path.exists(sweep) and os.path.exists(sweep + ".journal"),
          f"sweep, SIGINT at the point of no return: exit {code}, or OUT.h5 made, or the journal lost: {stderr}")
    r = run(["sweep", p("sweep.toml"), "-o", sweep, "--quiet", "--resume"])
    expect(r, 0, "sweep --resume after a SIGINT at the point of no return")
    print("ok   sweep, SIGINT at the point of no return: exit 130, no OUT.h5, journal kept; --resume finishes")

    # Handlers first: a SIGTERM as the program starts is honoured (130), not the default action (143).
    code, _, stderr = paused(["run", p("small.toml"), "-o", p("early.h5"), "--quiet"], "start", signal.SIGTERM)
    check(code == 130 and not os.path.exists(p("early.h5")), f"SIGTERM at start: exit {code}: {stderr[-1000:]}")
    print("ok   SIGTERM at the very start: exit 130 (handled), no OUT.h5")

    # Earlier still, while the dynamic loader maps and relocates the program's libraries (about 10 ms
    # here): without bin/buurtsim's launcher, which holds the signals over that, every delay below
    # 15 ms got the default action (exit 143). Popen returns once the launcher is exec'd; its own
    # start, until it blocks the signals, takes microseconds, so 1 ms on is covered.
    early = p("earliest.h5")
    for delay_ms in range(1, 21):
        for sig in (signal.SIGTERM, signal.SIGINT):
            proc = subprocess.Popen([BIN, "run", p("small.toml"), "-o", early, "--quiet"], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
            time.sleep(delay_ms / 1000)
            proc.send_signal(sig)
            _, stderr = proc.communicate(timeout=300)
            check(proc.returncode == 130 and not os.path.exists(early),
                  f"{sig.name} {delay_ms} ms after the start: exit {proc.returncode}, expected 130 and no OUT.h5: "
                  f"{stderr[-1000:]}")
            # Runs that had started leave their partial file (0 runs finished); the next one starts afresh.
            if os.path.exists(early + ".partial"):
                os.remove(early + ".partial")
    print("ok   SIGTERM and SIGINT 1 to 20 ms after the start (while the loader works): exit 130, no OUT.h5")


def two_runs(tmp, p):
    """The second of two runs at one output stops at once, naming the file and the other run."""
    out = p("shared.h5")
    first = subprocess.Popen([BIN, "run", p("small.toml"), "-o", out, "--quiet"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, BUURTSIM_TEST_PAUSE_AT="after_point_of_no_return"))
    line = first.stderr.readline()
    check(line.startswith("test: paused"), f"the first run did not pause: {line}")
    r = run(["run", p("small.toml"), "-o", out, "--quiet"])
    expect(r, 2, "a second run at the same output", out + ".partial", "another buurtsim may be writing")
    first.send_signal(signal.SIGTERM)
    first.communicate(timeout=300)
    check(first.returncode == 0 and os.path.exists(out), f"the first run: exit {first.returncode}")
    print("ok   two runs at one output: the second exits 2 naming OUT.h5.partial and the other run; "
          "the first completes")


def main():
    check(os.access(BIN, os.X_OK), f"BUURTSIM_BIN={BIN} is not an executable")
    with tempfile.TemporaryDirectory(prefix="buurtsim_reliability_") as tmp:
        def p(name):
            return os.path.join(tmp, name)
        for name, text in (("small.toml", SMALL), ("sweep.toml", SWEEP), ("cal.toml", CALIBRATION),
                           ("obs.csv", OBSERVED)):
            with open(p(name), "w", encoding="utf-8") as f:
                f.write(text)
        links(tmp, p)
        special_outputs(tmp, p)
        replacing(tmp, p)
        journals(tmp, p)
        full_disk(tmp, p)
        signals(tmp, p)
        two_runs(tmp, p)
    print("all fault-injection cases passed")


if __name__ == "__main__":
    main()
