"""Provenance: the program version, seed, time, command line and the full resolved configuration
(root attributes buurtsim_version, seed, created, command_line, config_source, config_toml)."""
from ..page import Section, details, esc, p, table

SHOWN = [("kind", "kind of file"), ("buurtsim_version", "program version (source revision)"), ("seed", "seed"),
         ("created", "created (UTC)"), ("command_line", "command line"), ("config_source", "configuration from"),
         ("residents", "residents simulated per run"), ("replicates", "replicates"), ("weeks", "recorded weeks"),
         ("burn_in_weeks", "burn-in weeks"), ("start_date", "start date")]


def build(results):
    rows = []
    for key, label in SHOWN:
        v = results.attr(key)
        if v is not None:
            rows.append([esc(label), f"<code>{esc(str(v))}</code>"])
    sec = Section("provenance", "Provenance")
    command = {"sweep": "buurtsim sweep", "calibration": "buurtsim calibrate"}.get(results.kind, "buurtsim run")
    sec.add(p(f"Made from <code>{esc(results.path)}</code>. The same program version, seed and configuration give the "
              f"same numbers: save the configuration below to a file and give it to <code>{command}</code> "
              "(the command line above shows the options used)."))
    sec.add(table(["", "value"], rows))
    config = results.attr("config_toml")
    if config:
        sec.add(details("The full resolved configuration (config_toml)", f"<pre>{esc(str(config))}</pre>"))
    return sec
