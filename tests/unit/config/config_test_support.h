#pragma once
// Shared helpers for the config tests: temporary files and hermetic load options.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config.h"

namespace tessera::config::testing_support {

/// A fresh directory per test, removed afterwards.
class temp_dir {
 public:
  temp_dir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "." + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    path_ = std::filesystem::path(::testing::TempDir()) / ("tessera_config_" + name);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  /// Writes `content` to `name` inside the directory and returns its path.
  std::filesystem::path write(const std::string& name, std::string_view content) const {
    auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  std::filesystem::path path_;
};

/// Options that never read the process environment.
inline load_options hermetic(std::optional<std::filesystem::path> file = std::nullopt,
                             std::map<std::string, std::string> env = {},
                             std::vector<std::pair<std::string, std::string>> overrides = {}) {
  load_options o;
  o.config_file = std::move(file);
  o.environment = std::move(env);
  o.overrides = std::move(overrides);
  return o;
}

/// True when some warning contains `fragment`.
inline bool has_warning(const settings& s, std::string_view fragment) {
  return std::any_of(s.warnings.begin(), s.warnings.end(),
                     [fragment](const std::string& w) { return w.find(fragment) != std::string::npos; });
}

}  // namespace tessera::config::testing_support
