# Per-target warnings: buurtsim_warnings(<target>) adds them to one target only, so third-party
# headers and generated code keep their own settings.
function(buurtsim_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>  # GCC 12 false positives in libstdc++ strings (GCC bug 105329)
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough)
  if(BUURTSIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
