"""Reads a results file once in a child process, bounded in processor time, before the report
reads it in earnest. Debian's HDF5 1.10 crashes on some damaged files and loops without end on
others (docs/reliability.md, "Findings, fixed"), and h5py uses that library: the child meets the
damage instead of the report. The same bound as buurtsim's own probe
(experiments/io/hdf5/probe_untrusted.hpp)."""
import os
import resource
import signal

import h5py
import numpy as np

CPU_FLOOR_SECONDS = 3  # plus one second per MiB of the file
SLICE_BYTES = 64 << 20  # larger datasets are read a slice at a time

# The signals by which a process dies of its own fault (a crash inside the HDF5 library).
CRASHES = {signal.SIGSEGV, signal.SIGBUS, signal.SIGFPE, signal.SIGILL, signal.SIGABRT, signal.SIGTRAP, signal.SIGSYS}


def cpu_seconds_allowed(path):
    try:
        return CPU_FLOOR_SECONDS + (os.path.getsize(path) >> 20)
    except OSError:
        return CPU_FLOOR_SECONDS


def _read_everything(path):
    """Every attribute and every dataset's values, as a report may read them."""
    def read(obj):
        for key in obj.attrs:
            _ = obj.attrs[key]
        if isinstance(obj, h5py.Dataset):
            if obj.shape is None or obj.ndim == 0:
                _ = obj[()]
                return
            row = max(1, obj.dtype.itemsize * int(np.prod(obj.shape[1:], dtype=np.int64)))
            step = max(1, SLICE_BYTES // row)
            for start in range(0, obj.shape[0], step):
                _ = obj[start:start + step]

    with h5py.File(path, "r") as f:
        read(f)
        f.visititems(lambda _name, obj: read(obj))


def wait_for(pid):
    """The child's status, once it has ended."""
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except KeyboardInterrupt:  # the Ctrl-C reached the child too; wait for it to end
            continue


def damage(path):
    """None when reading `path` ends (with or without an error, which the report then words);
    else what the HDF5 library did: crashed, or kept busy until the bound."""
    seconds = cpu_seconds_allowed(path)
    pid = os.fork()
    if pid == 0:
        try:
            for sig in CRASHES | {signal.SIGXCPU, signal.SIGINT, signal.SIGTERM}:
                signal.signal(sig, signal.SIG_DFL)
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
            _read_everything(path)
        except BaseException:  # noqa: B036  (any error is the report's to word)
            pass
        finally:
            os._exit(0)
    status = wait_for(pid)
    if not os.WIFSIGNALED(status):
        return None
    sig = os.WTERMSIG(status)
    if sig == signal.SIGXCPU:
        return f"reading it keeps the HDF5 library busy without end (stopped after {seconds} s of processor time)"
    if sig in CRASHES:
        return f"reading it makes the HDF5 library crash (signal {sig}, {signal.Signals(sig).name})"
    return None
