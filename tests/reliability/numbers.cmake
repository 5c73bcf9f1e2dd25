# Issue 20, items 4 and 5 (docs/reliability.md, "Untrusted numbers" and "Memory"): quick tests.
foreach(n test_untrusted_numbers test_memory_estimate)
  buurtsim_test(reliability_${n} LABEL quick SOURCES ${CMAKE_CURRENT_LIST_DIR}/${n}.cpp LIBS buurtsim_experiments)
endforeach()
buurtsim_script_test(python_test_untrusted_numbers LABEL quick
                     COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_untrusted_numbers.py)
