"""A map of the simulated neighbourhood: blocks coloured by disorder and by incidents, per scenario,
at the last survey wave. Reads /blocks/x, y, neighbourhood_index, disorder(scenario, wave, block),
incidents(scenario, wave, block), /blocks/scenario and /survey/week."""
import numpy as np

from .. import names, plotting
from ..lang import L
from ..page import Section, esc, p

LAYERS = [("disorder", ("Disorder", "Verloedering"), "YlOrBr",
           ("physical disorder on each block (disorder units)", "fysieke verloedering per blok (eenheden)")),
          ("incidents", ("Incidents", "Incidenten"), "Reds",
           ("incidents per week on each block (the police's running average)",
            "incidenten per week per blok (het lopende gemiddelde van de politie)"))]


def grid(x, y, values):
    out = np.full((int(y.max()) + 1, int(x.max()) + 1), np.nan)
    out[y, x] = values
    return out


def build(results):
    x, y = results.array("blocks/x"), results.array("blocks/y")
    scen = results.labels("blocks/scenario")
    if x is None or y is None or not scen or len(x) == 0:
        return None
    nb = results.array("blocks/neighbourhood_index")
    weeks = results.array("survey/week")
    sec = Section("map", L("Map of the simulated neighbourhood", "Kaart van de gesimuleerde buurt"))
    for layer, title, cmap, what in LAYERS:
        title, what = L(*title), L(*what)
        v = results.array(f"blocks/{layer}")
        if v is None or v.ndim != 3 or v.shape[1] == 0 or v.shape[0] != len(scen):
            continue
        w = v.shape[1] - 1
        week = f"week {int(weeks[w])}" if weeks is not None and len(weeks) > w else L("wave", "meting") + f" {w}"
        maps = [grid(x, y, v[s, w]) for s in range(len(scen))]
        vmax = float(np.nanpercentile(np.concatenate([m.ravel() for m in maps]), 99)) or 1.0
        ncol = min(len(scen), 3)
        nrow = (len(scen) + ncol - 1) // ncol
        h, wd = maps[0].shape
        fig, axes = plotting.new(2.9 * ncol + 0.8, (2.9 * h / max(wd, 1)) * nrow + 0.6, nrows=nrow, ncols=ncol,
                                 squeeze=False)
        buffer = grid(x, y, (nb < 0).astype(float)) if nb is not None else None
        for k, m in enumerate(maps):
            ax = axes[k // ncol][k % ncol]
            im = ax.imshow(m, cmap=cmap, vmin=0, vmax=vmax, origin="lower", interpolation="nearest")
            if buffer is not None and np.nansum(buffer) > 0:
                ax.imshow(np.where(buffer == 1, 1.0, np.nan), cmap="Greys", vmin=0, vmax=3, alpha=0.55,
                          origin="lower", interpolation="nearest")
            ax.set_title(names.scenario_short(results, scen[k]))
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
        for k in range(len(maps), nrow * ncol):
            axes[k // ncol][k % ncol].set_visible(False)
        fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.8, label=title.lower())
        sec.add(plotting.done(fig, f"fig-map-{layer}", f"{title} {L('by block', 'per blok')}, {week}",
                              L(f"Each square is a block (street segment) of the simulated neighbourhood: {esc(what)}, "
                                f"at the last survey wave ({week}), replicate 0. Greyed blocks are the untreated "
                                "buffer around the neighbourhood. Same colour scale in every panel.",
                                f"Elk vierkant is een blok (straatdeel) van de gesimuleerde buurt: {esc(what)}, bij de "
                                f"laatste meting ({week}), eerste herhaling. Grijze blokken zijn de onbehandelde rand "
                                "rond de buurt. Dezelfde kleurschaal in elk paneel.")))
    if not sec.figures():
        return None
    sec.parts.insert(0, p(L("Where problems concentrate, and how each approach changes that, in one replicate of the "
                            "simulation (blocks are laid out on a grid, not on a real street map).",
                            "Waar problemen zich concentreren en hoe elke aanpak dat verandert, in één herhaling van "
                            "de simulatie (blokken liggen op een rooster, niet op een echte plattegrond).")))
    return sec
