"""The cost-effectiveness figures' logic, apart from drawing: where an approach lies on the plane, what
its cost per resident-year not feeling unsafe may honestly be called, and axes that fit the points.

A negative ratio is never shown as a number: it means either that the approach saves money and
does better (dominant) or costs money and does worse (dominated). A ratio whose effect cannot be
told from zero (its interval includes zero) is withheld: dividing by an effect that may be zero
gives a number without meaning."""
import math

import numpy as np

from . import words
from .lang import L

EFFECT_OUTCOME = "unsafe_sometimes_pct"  # the resident-years not feeling unsafe come from this outcome


def quadrant(effect, net_cost):
    """'dominant', 'dominated', 'trade-off' (more effect, more cost) or 'saving' (less effect, less cost)."""
    if effect >= 0 and net_cost <= 0:
        return "dominant"
    if effect <= 0 and net_cost >= 0:
        return "dominated"
    return "trade-off" if effect > 0 else "saving"


def ratio_text(effect, net_cost, ratio, effect_clear):
    """The cost per resident-year not feeling unsafe as it may be stated."""
    if not (np.isfinite(effect) and np.isfinite(net_cost)):
        return L("n/a", "n.v.t.")
    if not effect_clear:
        return L("withheld: the effect cannot be told from zero", "niet gegeven: het effect is niet van nul te onderscheiden")
    q = quadrant(effect, net_cost)
    if q == "dominant":
        return L("dominant: saves money and more residents feel safe", "dominant: bespaart geld en meer bewoners voelen zich veilig")
    if q == "dominated":
        return L("dominated: costs money and fewer residents feel safe", "gedomineerd: kost geld en minder bewoners voelen zich veilig")
    if not np.isfinite(ratio):
        return L("n/a", "n.v.t.")
    if q == "saving":
        return (L(f"saves {words.eur(abs(ratio))} per resident-year of feeling safe lost",
                  f"bespaart {words.eur(abs(ratio))} per verloren bewonersjaar zonder onveiligheidsgevoel"))
    return words.eur(ratio) + L(" per resident-year", " per bewonersjaar")


def plane_limits(xs, ys, margin=0.15):
    """Axis limits that hold the points and the origin with a margin, never a range of zero."""
    xs = [v for v in xs if np.isfinite(v)] + [0.0]
    ys = [v for v in ys if np.isfinite(v)] + [0.0]
    def span(v):
        lo, hi = min(v), max(v)
        width = hi - lo
        if width <= 0:
            width = max(abs(hi), 1.0)
        return lo - margin * width, hi + margin * width
    return span(xs), span(ys)


def wtp_segment(w, xlim, ylim):
    """The part of the line y = w x inside the box, as ((x0, y0), (x1, y1)), or None when it misses it."""
    (x0, x1), (y0, y1) = xlim, ylim
    if w == 0:
        return ((x0, 0.0), (x1, 0.0)) if y0 <= 0 <= y1 else None
    lo = max(x0, min(y0 / w, y1 / w))
    hi = min(x1, max(y0 / w, y1 / w))
    if lo >= hi:
        return None
    return (lo, w * lo), (hi, w * hi)


def effect_clear(results, scenario):
    """Whether the change in the outcome behind the resident-years has an interval excluding zero."""
    from .rundata import comparison
    scen, comp = comparison(results)
    if not scen or EFFECT_OUTCOME not in comp or scenario not in scen:
        return True  # no interval to judge by: the ratio is shown as computed
    _, lo, hi, _ = comp[EFFECT_OUTCOME]
    i = scen.index(scenario)
    return bool(np.isfinite(lo[i]) and np.isfinite(hi[i]) and (lo[i] > 0 or hi[i] < 0))


def nice_wtp(values, ylim, xlim):
    """Two willingness-to-pay values whose lines cross the box (from the file's grid), or fewer."""
    out = []
    for w in values:
        if w > 0 and wtp_segment(w, xlim, ylim) is not None:
            out.append(float(w))
    if len(out) > 2:
        out = [out[len(out) // 4], out[-1]]
    return out


def draws_text(n):
    return L(f"{n} draws", f"{n} trekkingen") if n else ""


def fmt_years(x):
    return words.num(x, 2) if math.isfinite(x) else L("n/a", "n.v.t.")
