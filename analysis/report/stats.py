"""Small numerical helpers: pooling neighbourhoods, bands over replicates, weighted quantiles."""
from statistics import NormalDist

import numpy as np

def pool(values, weights, axis, count=False):
    """Pools `values` over `axis` (neighbourhoods): a sum for counts (an outcome whose `pooling` attribute
    is "sum"), else the weighted mean; NaN skipped."""
    values = np.asarray(values, dtype=float)
    if count:
        all_nan = np.all(np.isnan(values), axis=axis)
        out = np.nansum(values, axis=axis)
        return np.where(all_nan, np.nan, out)
    shape = [1] * values.ndim
    shape[axis] = values.shape[axis]
    w = np.broadcast_to(np.asarray(weights, dtype=float).reshape(shape), values.shape)
    w = np.where(np.isnan(values), 0.0, w)
    total = w.sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, np.nansum(np.nan_to_num(values) * w, axis=axis) / total, np.nan)


def band(values, axis, low=5.0, high=95.0):
    """Mean and the low/high percentiles over `axis`, ignoring NaN (all-NaN slices give NaN)."""
    values = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"), _quiet():
        return (np.nanmean(values, axis=axis), np.nanpercentile(values, low, axis=axis),
                np.nanpercentile(values, high, axis=axis))


def z_for(level):
    """The normal quantile for a two-sided interval at `level` percent."""
    return NormalDist().inv_cdf(0.5 + float(level) / 200.0)


def weighted_quantile(x, w, q):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    ok = np.isfinite(x) & np.isfinite(w) & (w > 0)
    x, w = x[ok], w[ok]
    if x.size == 0:
        return np.full(np.shape(q), np.nan)
    order = np.argsort(x)
    x, w = x[order], w[order]
    cw = (np.cumsum(w) - 0.5 * w) / w.sum()
    return np.interp(q, cw, x)


class _quiet:
    """Silences numpy's 'All-NaN slice' and 'Mean of empty slice' warnings."""

    def __enter__(self):
        import warnings
        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc):
        self._w.__exit__(*exc)
