"""Plain-language names of outcomes (from their declaration, read from the file) and number formats for the
report's text."""
import math
import re
import textwrap

from .lang import L, dutch

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


def local(text):
    """English separators (1,234.5) to the report's language (Dutch: 1.234,5)."""
    if not dutch():
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def num(x, digits=3):
    """A number with `digits` significant digits, no exponent for ordinary sizes; 'n/a' for NaN."""
    if x is None or not math.isfinite(float(x)):
        return L("n/a", "n.v.t.")
    x = float(x)
    if x == 0:
        return "0"
    mag = math.floor(math.log10(abs(x)))
    decimals = max(0, digits - 1 - mag)
    if abs(x) >= 1e5:
        return local(f"{x:,.0f}")
    return local(f"{x:,.{decimals}f}")


def decimals_for(lo, hi):
    """The decimals an estimate can carry given its interval: one significant digit of its half-width."""
    if lo is None or hi is None or not (math.isfinite(float(lo)) and math.isfinite(float(hi))) or hi == lo:
        return None
    half = abs(float(hi) - float(lo)) / 2
    return max(0, -math.floor(math.log10(half)))


def fixed(x, decimals):
    if x is None or not math.isfinite(float(x)):
        return L("n/a", "n.v.t.")
    text = f"{float(x):,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        text = text.lstrip("-")
    return local(text)


def rounded(x, lo, hi, digits=2):
    """x rounded to what its interval lets it carry; without an interval, `digits` significant digits."""
    d = decimals_for(lo, hi)
    return num(x, digits) if d is None else fixed(x, d)


def signed(x, digits=3, lo=None, hi=None):
    s = rounded(x, lo, hi, digits) if lo is not None else num(x, digits)
    return s if s in ("n/a", "n.v.t.") or s.startswith("-") or s == "0" or float(x) == 0 else "+" + s


def eur(x):
    if x is None or not math.isfinite(float(x)):
        return L("n/a", "n.v.t.")
    amount = local(f"{abs(float(x)):,.0f}")
    if float(x) <= -0.5:
        return L("-EUR ", "€ -") + amount
    return L("EUR ", "€ ") + amount


def eur_round(x, digits=2):
    """An amount to `digits` significant digits ("EUR 12,000"), for statements where more would be noise."""
    if x is None or not math.isfinite(float(x)) or float(x) == 0:
        return eur(x)
    mag = math.floor(math.log10(abs(float(x))))
    return eur(round(float(x), -(mag - digits + 1)) if mag >= digits else float(x))


def pct(share):
    """A share (0-1) as a whole percentage."""
    if share is None or not math.isfinite(float(share)):
        return L("n/a", "n.v.t.")
    return f"{100 * float(share):.0f}%"


def pair(lo_text, hi_text):
    """Two formatted bounds as an interval, "[0.12, 0.34]"; in Dutch "[0,12; 0,34]" (the comma is the decimal mark)."""
    return f"[{lo_text}{L(', ', '; ')}{hi_text}]"


def interval(lo, hi, digits=3):
    if lo is not None and hi is not None:
        return f"[{signed(lo, digits, lo, hi)} {L('to', 'tot')} {signed(hi, digits, lo, hi)}]"
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
    return ", ".join(items[:-1]) + L(" and ", " en ") + items[-1]


def share_of(share, n):
    """A share of n draws or replicates with its Monte Carlo error: "39% ±6 of 64"; none or all of
    them as the rule-of-three bound ("<5% of 64", ">95% of 64"), never 0% or 100%."""
    if share is None or not math.isfinite(float(share)) or not n:
        return L("n/a", "n.v.t.")
    share, n = float(share), int(n)
    of = L(" of ", " van ")
    if share <= 0 or share >= 1:
        bound = 100 * 3 / n
        text = f"<{bound:.0f}%" if share <= 0 else f">{100 - bound:.0f}%"
        return text + f"{of}{n}" if bound < 100 else f"{pct(share)}{of}{n} " + L("(too few to say)", "(te weinig om iets te zeggen)")
    return f"{pct(share)} ±{100 * math.sqrt(share * (1 - share) / n):.0f}{of}{n}"
