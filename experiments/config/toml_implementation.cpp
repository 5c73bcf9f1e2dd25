// The one compiled copy of toml++ (TOML_HEADER_ONLY=0 for every file that includes it,
// experiments/CMakeLists.txt).
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
