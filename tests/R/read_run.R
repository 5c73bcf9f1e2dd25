# Reads a run file in R with hdf5r as docs/export.md shows, and its exported series.csv, and
# checks them against values read with h5py (tests/python/test_r_reading.py passes them):
#   Rscript tests/R/read_run.R RUN.h5 SERIES.csv EXPECTED_VALUE EXPECTED_NPV_VBA EXPECTED_DIFFERENCE_VBA
# Exits 1 with a message on the first difference.
suppressPackageStartupMessages(library(hdf5r))
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 5)
fail <- function(...) { cat("FAIL:", ..., "\n"); quit(status = 1) }
# Equal to the last bits R's decimal reader keeps (it is not always correctly rounded at 17 digits).
same <- function(a, b) abs(a - b) <= 1e-13 * max(1, abs(b))

f <- H5File$new(args[1], mode = "r")
scenario <- f[["scenario"]]$read()
unsafe <- f[["unsafe_sometimes_pct"]]$read()  # axes reversed: week x neighbourhood x replicate x scenario
dimnames(unsafe) <- list(f[["week"]]$read(), f[["neighbourhood"]]$read(), f[["replicate"]]$read(), scenario)
if (!identical(dim(unsafe), c(8L, 2L, 2L, 2L))) fail("dimensions", paste(dim(unsafe), collapse = " x "))
if (!identical(scenario, c("baseline", "vba"))) fail("scenario labels", scenario)
value <- unsafe["5", "Noord, oost", "1", "vba"]
if (!same(value, as.numeric(args[3]))) fail("unsafe_sometimes_pct[vba, 1, Noord, 5] =", value, "expected", args[3])
if (h5attr(f[["unsafe_sometimes_pct"]], "units") != "percent") fail("units attribute")
npv <- f[["cba/npv_eur"]]$read()
names(npv) <- f[["cba/scenario"]]$read()
if (!same(npv[["vba"]], as.numeric(args[4]))) fail("cba/npv_eur[vba] =", npv[["vba"]], "expected", args[4])
# /comparison: one matrix per statistic over (outcome, scenario), read as scenario x outcome.
difference <- f[["comparison/difference"]]$read()
dimnames(difference) <- list(f[["comparison/scenario"]]$read(), f[["comparison/outcome"]]$read())
if (!same(difference["vba", "unsafe_sometimes_pct"], as.numeric(args[5])))
  fail("comparison/difference[unsafe_sometimes_pct, vba] =", difference["vba", "unsafe_sometimes_pct"], "expected", args[5])
f$close_all()

s <- read.csv(args[2], stringsAsFactors = FALSE)
row <- subset(s, scenario == "vba" & replicate == 1 & neighbourhood == "Noord, oost" & week == 5 &
                 outcome == "unsafe_sometimes_pct")
if (nrow(row) != 1 || !same(row$value, value)) fail("series.csv gives", row$value, "the file", value)
cat("ok   R reads the run file (hdf5r) and its series.csv with the values of h5py\n")
