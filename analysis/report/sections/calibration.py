"""Calibration files (kind "calibration"): prior and posterior per parameter, observed against
predicted per observation, and the generations of the sampler. Reads /posterior/samples,
weights, parameter; /prior/lo, hi; /predictive/*; /generation/*. Every part is optional."""
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import names, plotting, stats, words
from ..lang import L
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
    sec = Section("posterior", L("What the data say about the parameters", "Wat de gegevens over de parameters zeggen"))
    sec.add(p(L("For each calibrated parameter, the prior (what was assumed before seeing the data: uniform between "
                "the bounds, a grey line) and the posterior (the values that reproduce the observed data, dark bars). "
                "A posterior much narrower than its prior means the data pin the parameter down; one as wide as its "
                "prior means they do not.",
                "Voor elke gekalibreerde parameter de prior (wat vooraf werd aangenomen: uniform tussen de grenzen, "
                "een grijze lijn) en de posterior (de waarden die de waarnemingen nabootsen, donkere staven). Een "
                "posterior die veel smaller is dan de prior betekent dat de gegevens de parameter vastleggen; een "
                "even brede betekent dat ze dat niet doen.")))
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
        ax.set_title(plotting.wrap(names.parameter(name), 36), fontsize=8, loc="left")
        ax.set_yticks([])
        q = stats.weighted_quantile(x, w, [0.05, 0.5, 0.95])
        mean = float(np.nansum(x * w) / np.nansum(w)) if np.nansum(w) > 0 else np.nan
        rows.append([f"{esc(names.parameter(name))} <code>{esc(str(name))}</code>", words.num(a), words.num(b),
                     words.num(mean), words.num(q[1]), words.pair(words.num(q[0]), words.num(q[2])),
                     words.pct((q[2] - q[0]) / (b - a))])
    for k in range(n, nrow * ncol):
        axes[k // ncol][k % ncol].set_visible(False)
    axes[0][0].legend(fontsize=6.5, frameon=False)
    sec.add(plotting.done(fig, "fig-posterior", L("Prior and posterior", "Prior en posterior"),
                          L("Histograms of the weighted posterior particles; grey: the uniform prior density.",
                            "Histogrammen van de gewogen deeltjes van de posterior; grijs: de uniforme dichtheid van "
                            "de prior.")))
    sec.add(table(["parameter", L("prior from", "prior van"), L("prior to", "prior tot"),
                   L("posterior mean", "gemiddelde van de posterior"), L("median", "mediaan"),
                   L("90% credible interval", "90%-geloofwaardigheidsinterval"),
                   L("width / prior width", "breedte / breedte van de prior")], rows))
    return sec


def predictive(results):
    obs = results.array("predictive/observed")
    mean = results.array("predictive/predicted_mean")
    if obs is None or mean is None or len(obs) != len(mean) or len(obs) == 0:
        return None
    lo, hi = results.array("predictive/predicted_lo"), results.array("predictive/predicted_hi")
    misfit = results.array("predictive/misfit")
    parts = [results.labels(f"predictive/{n}") for n in ("neighbourhood", "period", "indicator")]
    labels = [names.observation(results, j) for j in range(len(obs))]
    # A figure's row is named by neighbourhood and period: its panel names the indicator.
    short = [" ".join(str(lab[j]) for lab in parts[:2] if lab and len(lab) > j) or labels[j] for j in range(len(obs))]
    sec = Section("predictive", L("Observed against predicted", "Waargenomen tegen voorspeld"))
    sec.add(p(L("Each observation of the data beside what the calibrated model predicts for it (the posterior "
                "predictive mean, with its interval). Red marks an observation the model fails to reproduce.",
                "Elke waarneming naast wat het gekalibreerde model ervoor voorspelt (het gemiddelde van de "
                "voorspellende verdeling, met zijn interval). Rood markeert een waarneming die het model niet "
                "nabootst.")))
    bad = misfit.astype(bool) if misfit is not None and len(misfit) == len(obs) else np.zeros(len(obs), bool)
    indicator = parts[2] if parts[2] and len(parts[2]) == len(obs) else [""] * len(obs)
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
        ax.set_yticklabels([short[j] for j in members], fontsize=7)
        ax.set_ylim(-0.7, len(members) - 0.3)
        ax.set_title(plotting.wrap(names.indicator(results, members[0]) if name else L("value", "waarde"), 70),
                     loc="left", fontsize=8)
        ax.grid(axis="y", visible=False)
    ax = axes[0][0]
    ax.plot([], [], "x", color="black", label=L("observed", "waargenomen"))
    ax.plot([], [], "o", color=plotting.POSTERIOR_COLOUR, label=L("predicted", "voorspeld"))
    ax.plot([], [], "o", color="#d62728", label=L("predicted, misfit", "voorspeld, sluit niet aan"))
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    sec.add(plotting.done(fig, "fig-predictive", L("Observed and predicted per observation",
                                                   "Waargenomen en voorspeld per waarneming"),
                          L("Crosses: the observed values; points and bars: the predicted mean and interval; one panel "
                            "per indicator, in its own unit.",
                            "Kruisjes: de waargenomen waarden; stippen en balken: het voorspelde gemiddelde en "
                            "interval; één paneel per indicator, in de eigen eenheid.")))
    rows = [[esc(labels[j]), words.num(obs[j]), words.num(mean[j]),
             words.pair(words.num(lo[j]), words.num(hi[j])) if lo is not None and hi is not None else L("n/a", "n.v.t."),
             L("misfit", "sluit niet aan") if bad[j] else ""] for j in range(len(obs))]
    sec.add(table([L("observation", "waarneming"), L("observed", "waargenomen"), L("predicted", "voorspeld"),
                   "interval", ""], rows))
    return sec


SERIES = {"tolerance": ("tolerance", "tolerantie"), "acceptance_rate": ("acceptance rate", "acceptatiegraad"),
          "ess": ("effective sample size", "effectieve steekproefgrootte")}


def generations(results):
    series = [(n, results.array(f"generation/{n}")) for n in ("tolerance", "acceptance_rate", "ess")]
    series = [(n, v) for n, v in series if v is not None and len(v) > 0]
    if not series:
        return None
    sec = Section("generations", L("How the calibration converged", "Hoe de kalibratie convergeerde"))
    fig, axes = plotting.new(3.0 * len(series), 2.6, ncols=len(series), squeeze=False)
    for k, (n, v) in enumerate(series):
        ax = axes[0][k]
        ax.plot(np.arange(len(v)), v, "o-", ms=3, color=plotting.NEUTRAL_COLOUR)
        ax.set_xlabel(L("generation", "generatie"))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(L(*SERIES[n]), loc="left")
    sec.add(plotting.done(fig, "fig-generations", L("Generations of the sampler", "Generaties van de sampler"),
                          L("The tolerance (distance to the data accepted), the acceptance rate and the effective "
                            "sample size of the particles, per generation.",
                            "De tolerantie (de geaccepteerde afstand tot de gegevens), de acceptatiegraad en de "
                            "effectieve steekproefgrootte van de deeltjes, per generatie.")))
    return sec
