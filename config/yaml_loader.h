#pragma once
/// YAML configuration text → flat dotted keys. The only file that sees yaml-cpp is yaml_loader.cc.

#include <string_view>

#include "config/source_entry.h"
#include "tessera/core/result.h"

namespace tessera::config {

/// Parses one YAML document whose top level is a mapping. Nested mappings flatten to dotted keys
/// (`kafkastore: {topic: x}` → `kafkastore.topic`); a sequence of scalars becomes a comma-separated
/// value; null becomes the empty string. An empty document yields no entries. Fails on syntax
/// errors, several documents, a non-mapping top level, non-scalar keys, nested sequences and keys
/// defined twice (also when spelled once flat and once nested).
result<source_entries> parse_yaml(std::string_view text);

}  // namespace tessera::config
