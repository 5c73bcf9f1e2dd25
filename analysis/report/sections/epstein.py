"""Epstein files (kind "epstein"): quiet, active and jailed citizens over the steps, and the
outbursts. Reads quiet, active, jailed (replicate, step), /outbursts/* and /summary/*."""
import numpy as np

from .. import plotting, stats
from ..page import Section, p


def states(results):
    arrays = {n: results.array(n) for n in ("quiet", "active", "jailed")}
    if any(a is None or a.ndim != 2 for a in arrays.values()):
        return None
    steps = results.array("step")
    x = np.asarray(steps if steps is not None else np.arange(1, arrays["active"].shape[1] + 1), dtype=float)
    citizens = results.attr("citizens") or float(np.nanmax(sum(arrays.values())))
    sec = Section("states", "Citizens over time")
    fig, ax = plotting.new(7.5, 3.5)
    for n, c in (("quiet", "#1f77b4"), ("active", "#d62728"), ("jailed", "#555555")):
        m, lo, hi = stats.band(arrays[n] / float(citizens), axis=0)
        ax.plot(x, m, color=c, label=n)
        ax.fill_between(x, lo, hi, color=c, alpha=0.15, lw=0)
    thr = results.attr("outburst_threshold")
    if thr is not None:
        ax.axhline(float(thr), color="#d62728", ls=":", lw=0.8)
    ax.set_xlabel("step")
    ax.set_ylabel("share of citizens")
    ax.legend(fontsize=7, frameon=False)
    sec.add(plotting.done(fig, "fig-epstein-states", "Quiet, active and jailed citizens",
                          "Mean over replicates, band: 5th to 95th percentile; dotted: the outburst threshold."))
    return sec


def outbursts(results):
    length, peak = results.array("outbursts/length"), results.array("outbursts/peak_share")
    if length is None or peak is None:
        return None
    sec = Section("outbursts", "Outbursts")
    if len(length) == 0:
        sec.add(p("No outburst: the active share never rose above the threshold."))
        return sec
    fig, axes = plotting.new(7.5, 2.8, ncols=2, squeeze=False)
    axes[0][0].hist(length, bins=min(20, max(3, len(length))), color="#1f77b4")
    axes[0][0].set_xlabel("length (steps)")
    axes[0][1].hist(peak, bins=min(20, max(3, len(peak))), color="#d62728")
    axes[0][1].set_xlabel("peak active share")
    sec.add(plotting.done(fig, "fig-epstein-outbursts", "Outbursts: length and peak",
                          f"{len(length)} outbursts over all replicates (the punctuated equilibrium of Epstein 2002)."))
    return sec
