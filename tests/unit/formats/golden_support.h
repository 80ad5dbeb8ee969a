#pragma once
/// Helpers shared by the per-format tests over Confluent's recorded golden corpus
/// (../shared/external/confluent-recorded/tests/golden): tallies with explicit exclusions and
/// readable list comparisons.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "json/json.h"

namespace tessera::formats::test {

/// Counts cases; an id in `excluded` (id → reason) is skipped and reported as excluded.
struct golden_tally {
  explicit golden_tally(const std::map<std::string, std::string>& excluded_cases) : excluded(excluded_cases) {}

  const std::map<std::string, std::string>& excluded;
  int total = 0;
  int passed = 0;
  int skipped = 0;
  std::vector<std::string> failures;

  void record(const std::string& id, const std::optional<std::string>& failure) {
    if (excluded.contains(id)) {
      ++skipped;
      return;
    }
    ++total;
    if (failure) {
      failures.push_back(id + ": " + *failure);
    } else {
      ++passed;
    }
  }
  /// `passed/total` plus the number excluded, for the pass-rate line CI prints.
  std::string line() const {
    return std::to_string(passed) + "/" + std::to_string(total) +
           (skipped > 0 ? " (" + std::to_string(skipped) + " excluded)" : "");
  }
};

/// The string member `key` of `v`, or "".
inline std::string str(const json::value& v, const char* key) {
  auto s = json::get_string(v, key);
  return s ? std::string(*s) : std::string();
}

/// The strings of a JSON array (empty for anything else).
inline std::vector<std::string> strings(const json::value& arr) {
  std::vector<std::string> out;
  if (!arr.IsArray()) return out;
  for (const auto& s : arr.GetArray()) out.emplace_back(s.GetString(), s.GetStringLength());
  return out;
}

inline std::string join(const std::vector<std::string>& v) {
  std::string s = "[";
  for (const auto& m : v) s += "\n    " + m;
  return s + "]";
}

/// nullopt when equal, else both lists one per line.
inline std::optional<std::string> compare_lists(const std::string& what, const std::vector<std::string>& want,
                                                const std::vector<std::string>& got) {
  if (want == got) return std::nullopt;
  return what + " want " + join(want) + "\n  got " + join(got);
}

}  // namespace tessera::formats::test
