"""Calibration files (kind "calibration"): prior and posterior per parameter, observed against
predicted per observation, and the generations of the sampler. Reads /posterior/samples,
weights, parameter; /prior/lo, hi; /predictive/*; /generation/*. Every part is optional."""
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import plotting, stats, words
from ..page import Section, esc, p, table


def _posterior(results):
    samples = results.array("posterior/samples")
    params = results.labels("posterior/parameter")
    if samples is None or samples.ndim != 2 or not params or samples.shape[1] != len(params):
        return None
    w = results.array("posterior/weights")
    if w is None or len(w) != samples.shape[0]:
        w = np.ones(samples.shape[0])
    return samples, np.asarray(w, dtype=float), params


def posterior(results):
    post = _posterior(results)
    if post is None:
        return None
    samples, w, params = post
    lo, hi = results.array("prior/lo"), results.array("prior/hi")
    sec = Section("posterior", "What the data say about the parameters")
    sec.add(p("For each calibrated parameter, the prior (what was assumed before seeing the data: uniform between the "
              "bounds, grey) and the posterior (the values that reproduce the observed data, blue). A posterior much "
              "narrower than its prior means the data pin the parameter down; one as wide as its prior means they do "
              "not."))
    n = len(params)
    ncol = min(3, n)
    nrow = (n + ncol - 1) // ncol
    fig, axes = plotting.new(3.0 * ncol, 2.3 * nrow, nrows=nrow, ncols=ncol, squeeze=False)
    rows = []
    for k, name in enumerate(params):
        ax = axes[k // ncol][k % ncol]
        x = samples[:, k]
        a = float(lo[k]) if lo is not None and len(lo) > k else float(np.nanmin(x))
        b = float(hi[k]) if hi is not None and len(hi) > k else float(np.nanmax(x))
        if not b > a:
            b = a + 1.0
        ax.hist(x, bins=25, range=(a, b), weights=w, density=True, color=plotting.POSTERIOR_COLOUR, alpha=0.75,
                label="posterior")
        if lo is not None and hi is not None:
            ax.plot([a, a, b, b], [0, 1 / (b - a), 1 / (b - a), 0], color="#777", lw=1.2, label="prior")
        ax.set_title(name, fontsize=8, loc="left")
        ax.set_yticks([])
        q = stats.weighted_quantile(x, w, [0.05, 0.5, 0.95])
        mean = float(np.nansum(x * w) / np.nansum(w)) if np.nansum(w) > 0 else np.nan
        rows.append([f"<code>{esc(str(name))}</code>", words.num(a), words.num(b), words.num(mean), words.num(q[1]),
                     f"[{words.num(q[0])}, {words.num(q[2])}]",
                     f"{100 * (q[2] - q[0]) / (b - a):.0f}%"])
    for k in range(n, nrow * ncol):
        axes[k // ncol][k % ncol].set_visible(False)
    axes[0][0].legend(fontsize=6.5, frameon=False)
    sec.add(plotting.done(fig, "fig-posterior", "Prior and posterior",
                          "Histograms of the weighted posterior particles; grey: the uniform prior density."))
    sec.add(table(["parameter", "prior from", "prior to", "posterior mean", "median", "90% credible interval",
                   "width / prior width"], rows))
    return sec


def predictive(results):
    obs = results.array("predictive/observed")
    mean = results.array("predictive/predicted_mean")
    if obs is None or mean is None or len(obs) != len(mean) or len(obs) == 0:
        return None
    lo, hi = results.array("predictive/predicted_lo"), results.array("predictive/predicted_hi")
    misfit = results.array("predictive/misfit")
    parts = [results.labels(f"predictive/{n}") for n in ("neighbourhood", "period", "indicator")]
    labels = []
    for j in range(len(obs)):
        bits = [str(lab[j]) for lab in parts if lab and len(lab) > j]
        labels.append(" ".join(bits) if bits else f"observation {j}")
    sec = Section("predictive", "Observed against predicted")
    sec.add(p("Each observation of the data beside what the calibrated model predicts for it (the posterior "
              "predictive mean, with its interval). Red marks an observation the model fails to reproduce."))
    bad = misfit.astype(bool) if misfit is not None and len(misfit) == len(obs) else np.zeros(len(obs), bool)
    indicator = parts[2] if parts[2] and len(parts[2]) == len(obs) else ["value"] * len(obs)
    groups = list(dict.fromkeys(indicator))  # one panel per indicator: their scales differ
    sizes = [sum(1 for i in indicator if i == g) for g in groups]
    fig, axes = plotting.new(7.5, 0.6 * len(groups) + 0.3 * len(obs) + 0.4, nrows=len(groups), squeeze=False,
                             gridspec_kw={"height_ratios": sizes})
    for g, name in enumerate(groups):
        ax = axes[g][0]
        members = [j for j in range(len(obs)) if indicator[j] == name]
        ys = np.arange(len(members))[::-1]
        for y, j in zip(ys, members):
            c = "#d62728" if bad[j] else plotting.POSTERIOR_COLOUR
            if lo is not None and hi is not None:
                ax.errorbar([mean[j]], [y], xerr=np.abs([[mean[j] - lo[j]], [hi[j] - mean[j]]]), fmt="o", color=c,
                            capsize=2, ms=4)
            else:
                ax.plot([mean[j]], [y], "o", color=c, ms=4)
            ax.plot([obs[j]], [y], "x", color="black", ms=6)
        ax.set_yticks(ys)
        ax.set_yticklabels([labels[j] for j in members], fontsize=7)
        ax.set_ylim(-0.7, len(members) - 0.3)
        ax.set_title(str(name), loc="left", fontsize=8)
        ax.grid(axis="y", visible=False)
    ax = axes[0][0]
    ax.plot([], [], "x", color="black", label="observed")
    ax.plot([], [], "o", color=plotting.POSTERIOR_COLOUR, label="predicted")
    ax.plot([], [], "o", color="#d62728", label="predicted, misfit")
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    sec.add(plotting.done(fig, "fig-predictive", "Observed and predicted per observation",
                          "Crosses: the observed values; points and bars: the predicted mean and interval; one panel "
                          "per indicator, in its own unit."))
    rows = [[esc(labels[j]), words.num(obs[j]), words.num(mean[j]),
             f"[{words.num(lo[j])}, {words.num(hi[j])}]" if lo is not None and hi is not None else "n/a",
             "misfit" if bad[j] else ""] for j in range(len(obs))]
    sec.add(table(["observation", "observed", "predicted", "interval", ""], rows))
    return sec


def generations(results):
    series = [(n, results.array(f"generation/{n}")) for n in ("tolerance", "acceptance_rate", "ess")]
    series = [(n, v) for n, v in series if v is not None and len(v) > 0]
    if not series:
        return None
    sec = Section("generations", "How the calibration converged")
    fig, axes = plotting.new(3.0 * len(series), 2.6, ncols=len(series), squeeze=False)
    for k, (n, v) in enumerate(series):
        ax = axes[0][k]
        ax.plot(np.arange(len(v)), v, "o-", ms=3, color=plotting.NEUTRAL_COLOUR)
        ax.set_xlabel("generation")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(n.replace("_", " "), loc="left")
    sec.add(plotting.done(fig, "fig-generations", "Generations of the sampler",
                          "The tolerance (distance to the data accepted), the acceptance rate and the effective "
                          "sample size of the particles, per generation."))
    return sec
