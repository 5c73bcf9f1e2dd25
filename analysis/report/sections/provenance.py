"""Provenance: the program version, seed, time, command line and the full resolved configuration
(root attributes buurtsim_version, seed, created, command_line, config_source, config_toml)."""
from ..lang import L
from ..page import Section, details, esc, p, table

SHOWN = [("kind", ("kind of file", "soort bestand")),
         ("buurtsim_version", ("program version (source revision)", "programmaversie (bronrevisie)")),
         ("seed", ("seed", "startwaarde van het toeval")), ("created", ("created (UTC)", "gemaakt (UTC)")),
         ("command_line", ("command line", "opdrachtregel")), ("config_source", ("configuration from", "configuratie uit")),
         ("residents", ("residents simulated per run", "gesimuleerde inwoners per run")),
         ("replicates", ("replicates", "herhalingen")), ("weeks", ("recorded weeks", "gesimuleerde weken")),
         ("burn_in_weeks", ("burn-in weeks", "inloopweken")), ("start_date", ("start date", "startdatum"))]


def build(results):
    rows = []
    for key, label in SHOWN:
        v = results.attr(key)
        if v is not None:
            rows.append([esc(L(*label)), f"<code>{esc(str(v))}</code>"])
    sec = Section("provenance", L("Provenance", "Herkomst"))
    command = {"sweep": "buurtsim sweep", "calibration": "buurtsim calibrate"}.get(results.kind, "buurtsim run")
    sec.add(p(L(f"Made from <code>{esc(results.path)}</code>. The same program version, seed and configuration give "
                f"the same numbers: save the configuration below to a file and give it to <code>{command}</code> "
                "(the command line above shows the options used).",
                f"Gemaakt uit <code>{esc(results.path)}</code>. Dezelfde programmaversie, startwaarde en configuratie "
                "geven dezelfde getallen: bewaar de configuratie hieronder in een bestand en geef die aan "
                f"<code>{command}</code> (de opdrachtregel hierboven toont de gebruikte opties).")))
    sec.add(table(["", L("value", "waarde")], rows))
    config = results.attr("config_toml")
    if config:
        sec.add(details(L("The full resolved configuration", "De volledige configuratie"), f"<pre>{esc(str(config))}</pre>"))
    return sec
