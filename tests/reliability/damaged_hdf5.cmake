# Issue 20: a results file that crashes HDF5 is refused, not a crash (docs/reliability.md,
# "Findings, fixed"): the probe itself, and the commands that read a user's results file.
buurtsim_test(reliability_test_probe_untrusted LABEL quick
              SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_probe_untrusted.cpp LIBS buurtsim_experiments)
buurtsim_script_test(reliability_damaged_hdf5 LABEL quick
                     COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_damaged_hdf5.py)
