#include <cstdio>

#include "model/spec.hpp"

namespace buurtsim {

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t Date::days() const {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

Date Date::from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<int>(z - era * 146097);
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  Date d;
  d.day = doy - (153 * mp + 2) / 5 + 1;
  d.month = mp < 10 ? mp + 3 : mp - 9;
  d.year = static_cast<int>(yoe + era * 400) + (d.month <= 2 ? 1 : 0);
  return d;
}

bool Date::parse(const std::string& text, Date& out) {
  int y = 0, m = 0, d = 0;
  char extra = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3) return false;
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1800 || y > 2200) return false;
  const Date candidate{y, m, d};
  const Date back = from_days(candidate.days());
  if (back.year != y || back.month != m || back.day != d) return false;
  out = candidate;
  return true;
}

std::string Date::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

int Date::week_of_year() const {
  const std::int64_t doy = days() - Date{year, 1, 1}.days();
  return static_cast<int>(doy / 7) + 1;
}

}  // namespace buurtsim
