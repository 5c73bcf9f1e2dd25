"""The buurtsim report: one self-contained HTML page made from any results file (run, sweep,
calibration, epstein). analysis/report.py is its command line; docs/report.md describes what
each section shows and which datasets it reads.

Modules, one job each:
  load      open a results file, check it is one, read datasets tolerantly
  stats     pooling over neighbourhoods, bands over replicates, weighted quantiles
  words     names and number formats for plain-language text
  plotting  matplotlib (Agg) figures as embedded PNG
  page      HTML building blocks and the page itself
  compose   which sections a kind of file gets, each one guarded
  sections/ one module per section
  cli       the command line: arguments, exit status, writing the file atomically
"""
