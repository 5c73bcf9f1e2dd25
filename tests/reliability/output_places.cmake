# Issue 20: an output folder the user may not write (buurtsim run as the unprivileged user nobody)
# and a link at the report's path (docs/reliability.md, "Files, failed writes and signals").
buurtsim_script_test(reliability_output_places LABEL quick
                     COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_output_places.py)
