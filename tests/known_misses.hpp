#pragma once
// Known misses: facts the model is known not to reproduce, recorded as failing expectations
// that are themselves checked (docs/validation.md, "Known misses").
//
// A test states a fact as the claim it checks (a stylised fact's range, a paper's claim) and
// hands the result to expect_fact(fact, holds, detail). The fact's key is "Suite.Test/fact".
// tests/known_misses.txt lists the keys of the facts the model misses, each with its reason:
//   - a listed fact must still be missed; if it holds, the test fails with "known miss now
//     holds": remove the line (and its row in docs/validation.md);
//   - a fact not listed must hold; if it is missed, the test fails with "fact missed".
// So a miss is never a skip: a new miss makes the suite red until it is fixed or listed, and a
// fixed miss makes it red until the list says so. scripts/check_known_misses.py (ctest
// `known_misses_listed`) checks that every line names a test that exists and checks that fact
// through expect_fact, and that docs/validation.md lists the same keys.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

namespace buurtsim::testing {

// The list, read once: key -> reason.
inline const std::map<std::string, std::string>& known_misses() {
  static const std::map<std::string, std::string> list = [] {
    std::map<std::string, std::string> out;
    const std::string path = std::string(BUURTSIM_TEST_SOURCE_DIR) + "/tests/known_misses.txt";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      const auto colon = line.find(": ");
      if (colon == std::string::npos) throw std::runtime_error(path + ": no ': ' in line: " + line);
      out[line.substr(0, colon)] = line.substr(colon + 2);
    }
    return out;
  }();
  return list;
}

// The key of `fact` in the running test: "Suite.Test/fact".
inline std::string fact_key(const std::string& fact) {
  const ::testing::TestInfo* t = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(t->test_suite_name()) + "." + t->name() + "/" + fact;
}

// Expects `fact` to hold, or, if tests/known_misses.txt lists it, to be missed still.
// `detail` says what was measured; it is printed and goes into any failure message.
inline void expect_fact(const std::string& fact, bool holds, const std::string& detail) {
  const std::string key = fact_key(fact);
  const auto& list = known_misses();
  const auto it = list.find(key);
  const bool listed = it != list.end();
  std::printf("[fact %s] %s: %s\n", holds ? "holds" : (listed ? "known miss" : "MISSED"), key.c_str(), detail.c_str());
  ::testing::Test::RecordProperty(fact, holds ? "holds" : (listed ? "known miss" : "missed"));
  if (listed && holds)
    ADD_FAILURE() << "known miss now holds: " << key << " (" << detail
                  << "). Remove it from tests/known_misses.txt and from docs/validation.md, \"Known misses\".";
  if (!listed && !holds)
    ADD_FAILURE() << "fact missed: " << key << " (" << detail
                  << "). Not a known miss: fix the regression, or, if the miss is understood and accepted, list it "
                     "in tests/known_misses.txt with its reason and in docs/validation.md, \"Known misses\".";
}

}  // namespace buurtsim::testing
