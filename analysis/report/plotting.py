"""Figures: matplotlib on the Agg backend, each saved as a PNG embedded in the page (base64)."""
import base64
import io
import os
import tempfile
import textwrap

if "MPLCONFIGDIR" not in os.environ or not os.access(os.environ["MPLCONFIGDIR"], os.W_OK):
    # matplotlib writes a cache under $HOME by default, which may not be writable.
    os.environ["MPLCONFIGDIR"] = os.path.join(tempfile.gettempdir(), f"buurtsim-mpl-{os.getuid()}")
    os.makedirs(os.environ["MPLCONFIGDIR"], exist_ok=True)

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import ScalarFormatter  # noqa: E402

from . import words  # noqa: E402
from .lang import dutch  # noqa: E402
from .page import Figure  # noqa: E402

plt.rcParams.update({
    "figure.dpi": 100, "savefig.dpi": 100, "font.size": 9, "axes.titlesize": 10,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
    "svg.hashsalt": "buurtsim", "path.simplify": True,
})

BASELINE_COLOUR = "#555555"
# One colour per approach in every report (run, sweep, calibration): the same approach is never blue in
# one and red in another. A scenario with one approach takes its colour; other scenarios (combinations,
# approaches not listed) take the remaining colours in order.
APPROACH_COLOURS = {"vba": "#1f77b4", "bap": "#ff7f0e", "wijkveiligheid": "#2ca02c", "buurtpreventie": "#9467bd"}
NEUTRAL_COLOUR = "#4d4d4d"  # for what belongs to no approach (a posterior, a parameter's bar): never an approach's colour
POSTERIOR_COLOUR = NEUTRAL_COLOUR
PALETTE = ["#d62728", "#17becf", "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f"]


plt.rcParams["axes.prop_cycle"] = matplotlib.cycler(color=[NEUTRAL_COLOUR, "#8c8c8c", "#b0b0b0"])


def colour_of(scenario, approaches=None):
    """The fixed colour of a scenario named by itself or by its one approach; None when it has none fixed."""
    if scenario == "baseline":
        return BASELINE_COLOUR
    if approaches and len(approaches) == 1 and approaches[0] in APPROACH_COLOURS:
        return APPROACH_COLOURS[approaches[0]]
    return APPROACH_COLOURS.get(scenario) if not approaches else None


def colours(scenarios, results=None):
    """A colour per scenario: fixed ones per approach (colour_of), the others from the palette in order.
    `results` gives each scenario's approaches from its configuration."""
    mapping = results.scenario_approaches() if results is not None else {}
    out, i = {}, 0
    for s in scenarios:
        c = colour_of(s, mapping.get(s))
        if c is None:
            c = PALETTE[i % len(PALETTE)]
            i += 1
        out[s] = c
    return out


def new(width=7.5, height=4.0, **kw):
    kw.setdefault("layout", "constrained")
    return plt.subplots(figsize=(width, height), **kw)


class _LocalScalar(ScalarFormatter):
    """Matplotlib's default tick labels with the report language's decimal mark (Dutch: 0,5)."""

    def __call__(self, x, pos=None):
        return words.local(super().__call__(x, pos))

    def get_offset(self):
        return words.local(super().get_offset())


def _localise(fig):
    """Tick labels of the default kind in the report's language: a Dutch figure shows 0,5, not 0.5."""
    if not dutch():
        return
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is ScalarFormatter:
                axis.set_major_formatter(_LocalScalar())


def wrap(text, width):
    """A figure label wrapped to `width` characters a line."""
    return textwrap.fill(str(text), width)


def done(fig, fid, title, caption):
    """Renders a matplotlib figure to an embedded PNG and closes it."""
    _localise(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return Figure(fid, title, caption, base64.b64encode(buf.getvalue()).decode("ascii"))


def euro_axis(axis):
    """Tick labels in thousands of euros ("120k") on a matplotlib axis (ax.xaxis or ax.yaxis)."""
    from matplotlib.ticker import FuncFormatter
    axis.set_major_formatter(FuncFormatter(lambda v, _: words.local(f"{v / 1000:,.0f}k" if abs(v) >= 1000 or v == 0
                                                                     else f"{v:,.0f}")))
