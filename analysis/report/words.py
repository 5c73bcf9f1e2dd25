"""Plain-language names of outcomes and number formats for the report's text."""
import math

# The key outcomes of the printed table and of the report, with a plain name, a short axis label
# and which direction is better (+, -, or None when it is not clear-cut).
KEY_OUTCOMES = {
    "unsafe_sometimes_pct": ("the share of residents who sometimes or often feel unsafe", "feel unsafe (%)", "-"),
    "trust_police_mean": ("trust in the police", "trust in police (0-10)", "+"),
    "team_awareness_pct": ("the share of residents who know the neighbourhood team", "know the team (%)", "+"),
    "active_pct": ("the share of residents active for their neighbourhood", "active in past year (%)", "+"),
    "victimised_12m_pct": ("the share of residents victimised in the past year", "victimised in past year (%)", "-"),
    "recorded_crime": ("police-recorded crime", "recorded crime (/1,000/month)", None),
}

PERCENT_UNITS = {"percent", "%"}


def plain(outcome):
    return KEY_OUTCOMES.get(outcome, (outcome.replace("_", " "), outcome, None))[0]


def axis_label(outcome):
    return KEY_OUTCOMES.get(outcome, (None, outcome.replace("_", " "), None))[1]


def better(outcome):
    return KEY_OUTCOMES.get(outcome, (None, None, None))[2]


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


def points(outcome, units):
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
