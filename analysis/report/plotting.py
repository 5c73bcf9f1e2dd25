"""Figures: matplotlib on the Agg backend, each saved as a PNG embedded in the page (base64)."""
import base64
import io
import os
import tempfile

if "MPLCONFIGDIR" not in os.environ or not os.access(os.environ["MPLCONFIGDIR"], os.W_OK):
    # matplotlib writes a cache under $HOME by default, which may not be writable.
    os.environ["MPLCONFIGDIR"] = os.path.join(tempfile.gettempdir(), f"buurtsim-mpl-{os.getuid()}")
    os.makedirs(os.environ["MPLCONFIGDIR"], exist_ok=True)

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from .page import Figure  # noqa: E402

plt.rcParams.update({
    "figure.dpi": 100, "savefig.dpi": 100, "font.size": 9, "axes.titlesize": 10,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
    "svg.hashsalt": "buurtsim", "path.simplify": True,
})

BASELINE_COLOUR = "#555555"
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#bcbd22"]


def colours(scenarios):
    """A fixed colour per scenario: the baseline grey, the others from the palette in order."""
    out, i = {}, 0
    for s in scenarios:
        if s == "baseline":
            out[s] = BASELINE_COLOUR
        else:
            out[s] = PALETTE[i % len(PALETTE)]
            i += 1
    return out


def new(width=7.5, height=4.0, **kw):
    kw.setdefault("layout", "constrained")
    return plt.subplots(figsize=(width, height), **kw)


def done(fig, fid, title, caption):
    """Renders a matplotlib figure to an embedded PNG and closes it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return Figure(fid, title, caption, base64.b64encode(buf.getvalue()).decode("ascii"))


def euro_axis(axis):
    """Tick labels in thousands of euros ("120k") on a matplotlib axis (ax.xaxis or ax.yaxis)."""
    from matplotlib.ticker import FuncFormatter
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1000:,.0f}k" if abs(v) >= 1000 or v == 0 else f"{v:,.0f}"))
