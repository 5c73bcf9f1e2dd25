"""The command line of analysis/report.py: arguments, exit status, and writing the page atomically."""
import argparse
import os
import resource
import signal
import sys
import tempfile
import traceback
import warnings

from .load import NotResultsFile, Results
from .probe import CRASHES, damage, wait_for

USAGE = """Makes a self-contained HTML report (figures embedded, nothing loaded from the network) from a
buurtsim results file: run, sweep, calibration or epstein. Without -o the report goes beside the
results file, with the same stem and .html. Exit status: 0 written; 2 the input is missing or is
not a buurtsim results file; 1 the report could not be written. docs/report.md describes it."""


def default_output(path):
    stem, _ = os.path.splitext(path)
    return stem + ".html"


def write_atomically(path, text):
    """Writes `text` to a temporary file beside `path`, then renames it over `path`."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".partial", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def work_seconds(path):
    """The processor time a report may take: 600 s and 1 s per MiB of the results file."""
    return 600 + (os.path.getsize(path) >> 20 if os.path.isfile(path) else 0)


def in_child(work, path):
    """Runs work() (which returns an exit status) in a forked child and returns its status. HDF5
    1.10 crashes on some damaged files (docs/reliability.md, "Findings, fixed"), and h5py reads
    them in this process: a crash then ends only the child, without a core file, and is said in
    words with exit 2. The report is written by the child, complete or not at all."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            # Far above any report's need: the last guard against a loop inside HDF5
            # that the first read (report/probe.py) did not meet.
            resource.setrlimit(resource.RLIMIT_CPU, (work_seconds(path), work_seconds(path) + 5))
            signal.signal(signal.SIGXCPU, signal.SIG_DFL)
            code = work()
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except KeyboardInterrupt:
            code = 130
        except BaseException:  # noqa: B036  (an unexpected error: its traceback, as without the child)
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    status = wait_for(pid)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            print(f"report: error: stopped after {work_seconds(path)} s of processor time: {path} may be damaged "
                  "(HDF5 can loop without end on a damaged file); nothing was written", file=sys.stderr)
            return 2
        if sig in CRASHES:
            print(f"report: error: {path} is damaged: reading it makes the HDF5 library crash (signal {sig}, "
                  f"{signal.Signals(sig).name}); nothing was written", file=sys.stderr)
            return 2
        return 128 + sig
    return os.WEXITSTATUS(status)


def main(argv=None, guarded=False):
    """The command line. guarded: the work is done in a child process (in_child), as analysis/report.py
    runs it; in-process callers (the tests) capture its output."""
    ap = argparse.ArgumentParser(prog="report.py", description=USAGE)
    ap.add_argument("results", metavar="RESULTS.h5", help="a results file written by buurtsim")
    ap.add_argument("-o", "--output", metavar="REPORT.html", help="where to write the report (default: beside the "
                    "results file, same stem, .html)")
    ap.add_argument("--lang", choices=("en", "nl"), help="the report's language: en (English) or nl (Dutch); "
                    "default: the configuration's [report] lang, else English")
    ap.add_argument("--quiet", action="store_true", help="do not print the 'report written to' line")
    args = ap.parse_args(argv)
    if not guarded:
        return make(args)
    if os.path.isfile(args.results):
        what = damage(args.results)  # the file read once first, bounded (report/probe.py)
        if what:
            print(f"report: error: {args.results} is damaged: {what}; nothing was written", file=sys.stderr)
            return 2
    return in_child(lambda: make(args), args.results)


def make(args):
    """Reads the results file, composes the page and writes it: the work of main, in its child."""
    warnings.simplefilter("ignore", RuntimeWarning)  # NaN slices are expected (unfinished runs, baseline rows)
    try:
        results = Results(args.results)
    except NotResultsFile as e:
        print(f"report: error: {e}", file=sys.stderr)
        return 2
    out = args.output or default_output(args.results)
    from .compose import build_page  # matplotlib is loaded only when there is something to draw
    from .lang import choose, set_language
    with results:
        set_language(choose(results, args.lang))
        text = build_page(results)
    try:
        write_atomically(out, text)
    except OSError as e:
        print(f"report: error: cannot write {out}: {e}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"report written to {out}")
    return 0
