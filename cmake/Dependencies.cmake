# Every dependency comes from Debian 12 packages installed by scripts/setup.sh.
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
find_package(TBB REQUIRED)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(tomlplusplus 3 REQUIRED)
find_package(MPI REQUIRED COMPONENTS C CXX)

# One HDF5 flavour for everything: the parallel (OpenMPI) C library. Debian ships no parallel
# C++ API, so we use the C API behind our own RAII layer (experiments/io/hdf5/).
set(HDF5_PREFER_PARALLEL ON)
find_package(HDF5 1.10 REQUIRED COMPONENTS C HL)
if(NOT HDF5_IS_PARALLEL)
  message(FATAL_ERROR "buurtsim needs the parallel HDF5 library (Debian: libhdf5-openmpi-dev); "
                      "run scripts/setup.sh")
endif()

# Random123 (header-only, librandom123-dev) lives in /usr/include; adding that as a SYSTEM
# include directory breaks libstdc++'s #include_next, so only check that it is there.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)

if(BUURTSIM_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
if(BUURTSIM_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# We use MPI's C API only; keep OpenMPI's deprecated C++ bindings out of every translation unit
# (they would need libmpi_cxx at link time).
add_compile_definitions(OMPI_SKIP_MPICXX MPICH_SKIP_MPICXX)
