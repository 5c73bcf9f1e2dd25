"""Opening a buurtsim results file and reading it without assuming every part is there.

Every reader returns None when the dataset, group or attribute is absent, so a section can
check what it needs and leave itself out instead of failing.
"""
import os
import tomllib
from typing import NamedTuple

import h5py
import numpy as np

KINDS = ("run", "sweep", "calibration", "epstein")
FINAL_PREFIX = "mean over the last weeks: "  # a sweep's /final long names (experiments/io/sweep_file.cpp)


class OutcomeInfo(NamedTuple):
    """An outcome as the program declares it (model/outcomes.def), read from its dataset's attributes."""
    name: str
    units: str
    long_name: str
    pooling: str  # "sum" over neighbourhoods, or a residents-weighted "mean"
    key: bool  # a key outcome: summarised and shown first
    better: str  # "higher", "lower" or "neither"
    survey: bool  # a survey indicator (else model-only)


class NotResultsFile(Exception):
    """The input is missing, unreadable, or not a buurtsim results file (exit status 2)."""


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.shape == ():
        return _text(value[()])
    return value


class Results:
    """An open results file. Use as a context manager."""

    def __init__(self, path):
        self.path = path
        if not os.path.exists(path):
            raise NotResultsFile(f"{path}: no such file")
        if os.path.isdir(path):
            raise NotResultsFile(f"{path}: is a directory, expected a results file (.h5)")
        if not h5py.is_hdf5(path):
            raise NotResultsFile(f"{path}: not an HDF5 file, so not a buurtsim results file "
                                 "(make one with `buurtsim run`, `sweep` or `calibrate`)")
        try:
            self.f = h5py.File(path, "r")
        except OSError as e:
            raise NotResultsFile(f"{path}: cannot be opened as HDF5 ({e})") from e
        kind = _text(self.f.attrs.get("kind"))
        if kind is None:
            self.f.close()
            raise NotResultsFile(f"{path}: HDF5 file without the root attribute 'kind', so not a buurtsim "
                                 f"results file (expected kind one of {', '.join(KINDS)})")
        if kind not in KINDS:
            self.f.close()
            raise NotResultsFile(f"{path}: root attribute kind = {kind!r} is not a buurtsim kind "
                                 f"(expected one of {', '.join(KINDS)})")
        self.kind = kind
        self._config = None
        self._outcomes = {}  # group: {name: OutcomeInfo}, read once (names are looked up often)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.f.close()

    # --- reading -------------------------------------------------------------------------
    def has(self, path):
        return path in self.f

    def group(self, path):
        obj = self.f.get(path)
        return obj if isinstance(obj, h5py.Group) else None

    def names(self, path="/"):
        """Names of the datasets directly in a group ([] when the group is absent)."""
        g = self.group(path)
        return [k for k in g if isinstance(g[k], h5py.Dataset)] if g is not None else []

    def array(self, path):
        """A numeric dataset as a numpy array, or None when absent or not numeric."""
        obj = self.f.get(path)
        if not isinstance(obj, h5py.Dataset) or obj.dtype.kind not in "biuf":
            return None
        return obj[()]

    def labels(self, path):
        """A label dataset as a list of str (string labels) or of numbers, or None."""
        obj = self.f.get(path)
        if not isinstance(obj, h5py.Dataset):
            return None
        if obj.dtype.kind in "OSU":
            return [_text(v) for v in obj.asstr()[()].ravel()] if obj.dtype.kind != "U" else list(obj[()])
        return list(obj[()].ravel())

    def attr(self, name, default=None, path="/"):
        obj = self.f.get(path)
        if obj is None:
            return default
        value = obj.attrs.get(name)
        return default if value is None else _text(value)

    def outcomes(self, path="/"):
        """The outcome datasets of a group, {name: OutcomeInfo} in the program's declaration order: those
        that carry the attributes written from the declaration (pooling, key, better, order)."""
        if path not in self._outcomes:
            self._outcomes[path] = self._read_outcomes(path)
        return dict(self._outcomes[path])

    def _read_outcomes(self, path):
        g = self.group(path)
        if g is None:
            return {}
        found = []
        for name, obj in g.items():
            if not isinstance(obj, h5py.Dataset) or "pooling" not in obj.attrs:
                continue
            a = {k: _text(obj.attrs.get(k)) for k in ("units", "long_name", "pooling", "key", "better", "kind",
                                                      "order")}
            long_name = str(a["long_name"] or name).removeprefix(FINAL_PREFIX)
            found.append((int(a["order"]) if a["order"] is not None else 1 << 30, name, OutcomeInfo(
                name, a["units"] or "", long_name, a["pooling"], bool(int(a["key"] or 0)),
                a["better"] or "neither", str(a["kind"] or "").startswith("survey"))))
        return {name: info for _, name, info in sorted(found)}

    def key_outcomes(self, path="/"):
        """The key outcomes of a group, {name: OutcomeInfo}, in declaration order."""
        return {n: o for n, o in self.outcomes(path).items() if o.key}

    def dataset_attr(self, path, name, default=""):
        obj = self.f.get(path)
        if obj is None:
            return default
        value = obj.attrs.get(name)
        return default if value is None else _text(value)

    def config(self):
        """The resolved configuration (root attribute config_toml) as a dict; {} if absent or unreadable."""
        if self._config is None:
            try:
                self._config = tomllib.loads(self.attr("config_toml", ""))
            except (tomllib.TOMLDecodeError, TypeError):
                self._config = {}
        return self._config

    def scenario_approaches(self):
        """{scenario name: [approach, ...]} from the configuration ({} when unknown)."""
        out = {}
        for s in self.config().get("scenario", []) or []:
            if isinstance(s, dict) and "name" in s:
                out[str(s["name"])] = [str(a) for a in s.get("approaches", []) or []]
        return out
