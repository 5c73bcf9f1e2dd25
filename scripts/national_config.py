#!/usr/bin/env python3
"""A configuration of the whole country (docs/usage.md, "The national run"; issue 22).

Every buurt of the CBS files given (by default the two extracts shipped in data/) keeps its real
figures, through `buurtsim neighbourhood --all-buurten --world-per-municipality`; the rest of the
country is SYNTHETIC: municipalities and buurten whose sizes follow a stated distribution, scaled
so that the totals are CBS's. Each municipality is a world of its own (docs/usage.md, "Worlds").

    /usr/bin/python3 scripts/national_config.py -o national.toml
    build/bin/buurtsim run national.toml -o national.h5

The synthetic part, without randomness (the same file on every machine):
- municipality sizes are the quantiles (i + 1/2)/m of a lognormal distribution with a median of
  30,000 residents and a log-standard deviation of 1.0 (Dutch municipalities range from about a
  thousand residents to about 930,000, half of them below about 30,000), scaled to the residents
  left after the real buurten and rounded by largest remainder; largest first;
- each municipality gets buurten in proportion to its residents (at least one);
- within a municipality buurt sizes are the quantiles of a lognormal with a log-standard
  deviation of 0.8 on top of 20 residents each (the model's smallest neighbourhood).
The totals (--residents, --municipalities, --buurten) default to CBS figures: 17,942,942
residents on 1 January 2024 (CBS, Bevolking op 1 januari, StatLine), 342 municipalities in 2024
(CBS, Gemeentelijke indeling op 1 januari 2024) and about 14,000 buurten (the order of the
Kerncijfers wijken en buurten tables of recent years; a full download of the year modelled
gives the exact count, and with `--cbs` that download's buurten are all real).
"""
import argparse
import datetime
import os
import re
import subprocess
import sys
from statistics import NormalDist

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIPPED = [os.path.join(SOURCE, "data", name) for name in
           ("cbs_kwb_2019_84583NED_den_haag.csv", "cbs_kwb_2020_84799NED_aa_en_hunze.csv")]
MIN_RESIDENTS = 20  # the model's smallest neighbourhood (model/validate.cpp)
MUNICIPALITY_MEDIAN, MUNICIPALITY_SIGMA = 30_000, 1.0
BUURT_SIGMA = 0.8


def fail(message):
    print(f"national_config: {message}", file=sys.stderr)
    sys.exit(2)


def largest_remainder(weights, total):
    """Non-negative integers in proportion to `weights` that sum to `total` exactly."""
    s = sum(weights)
    exact = [w * total / s for w in weights]
    out = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def lognormal_quantiles(n, sigma):
    """Relative sizes: the quantiles (i + 1/2)/n of a lognormal with median 1, ascending."""
    z = NormalDist()
    return [2.718281828459045 ** (sigma * z.inv_cdf((i + 0.5) / n)) for i in range(n)]


def real_entries(buurtsim, files):
    """(text, residents, buurten, worlds) of every buurt of the CBS files, one world per municipality."""
    text, residents, buurten, worlds = [], 0, 0, []
    for path in files:
        r = subprocess.run([buurtsim, "neighbourhood", "--cbs", path, "--all-buurten", "--world-per-municipality"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"{path}: buurtsim neighbourhood failed (exit {r.returncode}):\n{r.stderr}")
        text.append(r.stdout + "\n")
        residents += sum(int(n) for n in re.findall(r"^residents = (\d+)", r.stdout, re.M))
        buurten += len(re.findall(r"^\[\[neighbourhood\]\]", r.stdout, re.M))
        for w in re.findall(r"^world = '([^']*)'", r.stdout, re.M):
            if not worlds or worlds[-1] != w:
                if w in worlds:
                    fail(f"{path}: municipality {w} is also in an earlier file; give each municipality's buurten "
                         "in one file")
                worlds.append(w)
    return "".join(text), residents, buurten, worlds


def synthetic_entries(residents, municipalities, buurten):
    """The TOML of the synthetic municipalities (worlds S001, S002, ...) and their buurten."""
    if residents <= 0 and municipalities <= 0:
        return "", 0
    if municipalities <= 0 or residents < MIN_RESIDENTS * buurten or buurten < municipalities:
        fail(f"the CBS files leave {residents} residents, {municipalities} municipalities and {buurten} buurten to "
             "make up; expected at least one municipality and one buurt per municipality, and at least "
             f"{MIN_RESIDENTS} residents per buurt")
    sizes = largest_remainder([MUNICIPALITY_MEDIAN * q for q in lognormal_quantiles(municipalities,
                                                                                    MUNICIPALITY_SIGMA)], residents)
    sizes.sort(reverse=True)  # largest first: the long tasks start first
    counts = [1 + c for c in largest_remainder(sizes, max(buurten - municipalities, 0))]
    out = []
    for m, (size, n) in enumerate(zip(sizes, counts), start=1):
        if size < MIN_RESIDENTS * n:
            fail(f"a synthetic municipality of {size} residents and {n} buurten; expected at least {MIN_RESIDENTS} "
                 "residents per buurt (more --residents, or fewer --buurten)")
        extra = largest_remainder(lognormal_quantiles(n, BUURT_SIGMA), size - MIN_RESIDENTS * n)
        for b, e in enumerate(extra, start=1):
            out.append(f"[[neighbourhood]]\nname = 'S{m:03d}-{b:04d}'\nworld = 'S{m:03d}'\n"
                       f"residents = {MIN_RESIDENTS + e}\n")
    return "\n".join(out), len(out)


def survey_dates(start, years):
    """The second Monday of October of each year (the Veiligheidsmonitor's fieldwork month)."""
    out = []
    for y in range(start.year, start.year + years):
        first = datetime.date(y, 10, 1)
        out.append(first + datetime.timedelta(days=(7 - first.weekday()) % 7 + 7))
    return [d for d in out if d >= start]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", required=True, help="the configuration to write (refused if it exists)")
    ap.add_argument("--force", action="store_true", help="replace an existing output file")
    ap.add_argument("--buurtsim", default=os.path.join(SOURCE, "build", "bin", "buurtsim"), help="the program")
    ap.add_argument("--cbs", action="append", help="a CBS Kerncijfers wijken en buurten file whose buurten are "
                    "taken as they are (repeatable; default: the two extracts in data/)")
    ap.add_argument("--no-cbs", action="store_true", help="synthetic buurten only")
    ap.add_argument("--residents", type=int, default=17_942_942, help="residents of the country (CBS, 1 Jan 2024)")
    ap.add_argument("--municipalities", type=int, default=342, help="municipalities (CBS, 2024)")
    ap.add_argument("--buurten", type=int, default=14_000, help="buurten (about 14,000 in recent CBS tables)")
    ap.add_argument("--weeks", type=int, default=520, help="recorded weeks (default ten years)")
    ap.add_argument("--burn-in", type=int, default=52, help="burn-in weeks before week 0")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start-date", default="2024-01-01", help="the date of week 0 (a Monday)")
    a = ap.parse_args()
    if os.path.exists(a.output) and not a.force:
        fail(f"{a.output} exists; expected a new file name (or --force to replace it)")
    for name in ("residents", "municipalities", "buurten", "weeks"):
        if getattr(a, name) <= 0:
            fail(f"--{name} {getattr(a, name)}: expected a positive number")
    try:
        start = datetime.date.fromisoformat(a.start_date)
    except ValueError:
        fail(f"--start-date {a.start_date}: expected a date YYYY-MM-DD")
    files = [] if a.no_cbs else (a.cbs or SHIPPED)
    real_text, real_residents, real_buurten, real_worlds = real_entries(a.buurtsim, files)
    if real_residents > a.residents:
        fail(f"the CBS files hold {real_residents} residents, more than --residents {a.residents}")
    synth_text, synth_buurten = synthetic_entries(a.residents - real_residents, a.municipalities - len(real_worlds),
                                                  a.buurten - real_buurten)
    waves = survey_dates(start, a.weeks // 52 + 1)
    waves = [d for d in waves if (d - start).days // 7 < a.weeks]
    worlds = len(real_worlds) + len(set(re.findall(r"^world = '([^']*)'", synth_text, re.M)))
    head = f"""# buurtsim — the whole country: {a.residents:,} residents in {worlds} municipalities (worlds), {real_buurten + synth_buurten:,} buurten.
# Written by scripts/national_config.py (its docstring gives the distribution), from
#   {', '.join(os.path.basename(f) for f in files) or 'no CBS file'}: {real_buurten} real buurten ({real_residents:,} residents) in
#   {len(real_worlds)} municipalities, with their CBS figures;
#   and SYNTHETIC municipalities S001... with synthetic buurten for the rest (sizes only; every
#   other figure at the model's default).
# Run it with:   build/bin/buurtsim run national.toml -o national.h5
model = "buurtsim"
weeks = {a.weeks}
burn_in_weeks = {a.burn_in}
replicates = 1
seed = {a.seed}
start_date = "{start.isoformat()}"

# Yearly survey waves, in October.
[survey]
dates = [{', '.join(f'"{d.isoformat()}"' for d in waves)}]

"""
    text = head + real_text.lstrip("\n") + "\n# The synthetic municipalities.\n" + synth_text
    tmp = a.output + ".partial"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, a.output)
    print(f"national_config: wrote {a.output}: {a.residents} residents, {real_buurten + synth_buurten} buurten, "
          f"{worlds} worlds")


if __name__ == "__main__":
    main()
