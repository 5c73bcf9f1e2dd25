// Wiring tests of the parameter registry (model/params.hpp, model/params/*.def).
#include <gtest/gtest.h>

#include <set>

#include "model/params.hpp"

using namespace buurtsim;

TEST(Params, NamesAreUniqueAndDotted) {
  std::set<std::string_view> names;
  for (const ParamSpec& p : all_params()) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    EXPECT_NE(p.name.find('.'), std::string_view::npos) << p.name;
  }
}

TEST(Params, EveryDeclarationIsComplete) {
  for (const ParamSpec& p : all_params()) {
    EXPECT_FALSE(p.meaning.empty()) << p.name;
    EXPECT_FALSE(p.source.empty()) << p.name;
    if (p.type == ParamType::Real || p.type == ParamType::Integer) {
      EXPECT_LT(p.min, p.max) << p.name;
      EXPECT_FALSE(p.unit.empty()) << p.name << " needs a unit (\"1\" for a dimensionless number)";
    }
    EXPECT_EQ(check_param_value(p, p.default_value), "") << p.name << " default " << p.default_value;
  }
}

TEST(Params, DefaultsAreTheTypedFieldsAndLookupWorks) {
  const Params defaults;
  for (const ParamSpec& p : all_params()) EXPECT_EQ(p.get(defaults), p.default_value) << p.name;
  const auto id = find_param("fear.offset");
  ASSERT_TRUE(id.has_value());
  Params p;
  param(*id).set(p, -0.5);
  EXPECT_EQ(p.fear.offset, -0.5);
  EXPECT_FALSE(find_param("fear.nonexistent").has_value());
}

TEST(Params, RangeAndTypeChecks) {
  const ParamSpec& rate = param(*find_param("offending.offender_rate"));
  EXPECT_EQ(check_param_value(rate, 1.0), "");
  EXPECT_NE(check_param_value(rate, -1.0), "");
  const ParamSpec& size = param(*find_param("survey.target_responses"));
  EXPECT_NE(check_param_value(size, 400.5), "");
  const ParamSpec& flag = param(*find_param("context.trend_on"));
  EXPECT_NE(check_param_value(flag, 0.5), "");
}

TEST(Params, SuggestsSimilarNames) {
  const auto s = similar_param_names("fear.ofset");
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s.front(), "fear.offset");
}
