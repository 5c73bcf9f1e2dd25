# The version string and the source revision it was built from (`buurtsim --version`).
execute_process(COMMAND git -C ${CMAKE_SOURCE_DIR} describe --always --dirty --abbrev=12
                OUTPUT_VARIABLE BUURTSIM_GIT_REVISION OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE _git_rc)
if(NOT _git_rc EQUAL 0 OR BUURTSIM_GIT_REVISION STREQUAL "")
  set(BUURTSIM_GIT_REVISION "unknown")
endif()
