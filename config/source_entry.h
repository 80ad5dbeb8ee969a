#pragma once
/// A key/value read from a configuration source, before validation.

#include <string>
#include <vector>

namespace tessera::config {

struct source_entry {
  std::string key;
  std::string value;
  int line = 0;  ///< 1-based line in the file where the entry starts; 0 when unknown
};

/// Entries in the order they appear; a later duplicate overrides an earlier one when merged.
using source_entries = std::vector<source_entry>;

}  // namespace tessera::config
