# Per-target warnings: buurtsim_warnings(<target>) adds them to one target only, so third-party
# headers and generated code keep their own settings.
function(buurtsim_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wnull-dereference -Wdouble-promotion -Wimplicit-fallthrough)
  if(BUURTSIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
