#pragma once
/// Reader for the hand-written golden record files in tests/data/golden/records/ (format in
/// tests/data/golden/README.md).

#include <optional>
#include <string>
#include <vector>

#include "tessera/storage/record.h"

namespace tessera::storage::testing {

struct golden_record {
  std::string name;
  int line = 0;  ///< where `@ name` is, for failure messages
  raw_record raw;
  std::optional<raw_record> canonical;  ///< tolerated.txt: what re-encoding must give
  std::string expect;                   ///< skipped.txt: the expected skip kind
};

/// Reads tests/data/golden/records/<file>; throws std::runtime_error on a malformed file.
std::vector<golden_record> load_golden(const std::string& file);

}  // namespace tessera::storage::testing
