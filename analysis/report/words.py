"""Plain-language names of outcomes (from their declaration, read from the file) and number formats for the
report's text."""
import math
import re
import textwrap

PERCENT_UNITS = {"percent", "%"}


def _lower_first(text):
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) < 2 else text


def plain(info):
    """An outcome in words for running text, from its long name (an OutcomeInfo read from the file)."""
    text = short(info, width=None)
    if info.units in PERCENT_UNITS and text.startswith("Residents"):
        return "the share of " + _lower_first(text)
    return _lower_first(text)


def short(info, width=60):
    """The long name without its parenthetical remarks, cut at `width` characters (None: not cut)."""
    text = re.sub(r"\s*\([^)]*\)", "", info.long_name).strip()
    return text if width is None or len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def axis_label(info, width=38):
    """A figure label: the short name with its unit, wrapped to `width` characters a line."""
    unit = "%" if info.units in PERCENT_UNITS else info.units
    return textwrap.fill(f"{short(info)} ({unit})" if unit else short(info), width)


def better(info):
    """+ when higher is better, - when lower is, None when neither."""
    return {"higher": "+", "lower": "-"}.get(info.better)


def num(x, digits=3):
    """A number with `digits` significant digits, no exponent for ordinary sizes; 'n/a' for NaN."""
    if x is None or not math.isfinite(float(x)):
        return "n/a"
    x = float(x)
    if x == 0:
        return "0"
    mag = math.floor(math.log10(abs(x)))
    decimals = max(0, digits - 1 - mag)
    if abs(x) >= 1e5:
        return f"{x:,.0f}"
    return f"{x:,.{decimals}f}"


def signed(x, digits=3):
    s = num(x, digits)
    return s if s == "n/a" or s.startswith("-") or s == "0" else "+" + s


def eur(x):
    if x is None or not math.isfinite(float(x)):
        return "n/a"
    return ("-" if x < 0 else "") + "EUR " + f"{abs(float(x)):,.0f}"


def pct(share):
    """A share (0-1) as a whole percentage."""
    if share is None or not math.isfinite(float(share)):
        return "n/a"
    return f"{100 * float(share):.0f}%"


def interval(lo, hi, digits=3):
    return f"[{signed(lo, digits)}, {signed(hi, digits)}]"


def points(units):
    """The word for a difference in this outcome's unit ("points" for percentages)."""
    if units in PERCENT_UNITS:
        return "percentage points"
    if units.startswith(("grade", "scale")):
        return "points" + (f" on the {units.split()[-1]} scale" if len(units.split()) > 1 else "")
    if units.startswith("per 1,000"):
        return units
    return units or ""


def listing(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def share_of(share, n):
    """A share of n draws or replicates with its Monte Carlo error: "39% ±6 of 64"; none or all of
    them as the rule-of-three bound ("<5% of 64", ">95% of 64"), never 0% or 100%."""
    if share is None or not math.isfinite(float(share)) or not n:
        return "n/a"
    share, n = float(share), int(n)
    if share <= 0 or share >= 1:
        bound = 100 * 3 / n
        text = f"<{bound:.0f}%" if share <= 0 else f">{100 - bound:.0f}%"
        return text + f" of {n}" if bound < 100 else f"{pct(share)} of {n} (too few to say)"
    return f"{pct(share)} ±{100 * math.sqrt(share * (1 - share) / n):.0f} of {n}"
