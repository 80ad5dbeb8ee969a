#pragma once
/// Pieces every format's tag editing shares: Java's `String.split("\\.")` of an entity path,
/// the IllegalArgumentException texts Confluent answers with, and the inline tag set arithmetic
/// (LinkedHashSet: existing tags in order, then the added ones, minus the removed ones).

#include <string>
#include <string_view>
#include <vector>

#include "tessera/core/result.h"
#include "tessera/formats/schema_format.h"

namespace tessera::formats {

/// `path.split("\\.")` in Java: empty pieces kept except trailing ones; "" gives {""}.
std::vector<std::string> java_split_dots(std::string_view path);

/// 42201 with `java.lang.IllegalArgumentException: <message>`, the text Confluent's resource
/// reports when tag application throws.
error illegal_argument(std::string message);

/// `No matching path '<path>' found in the schema` (Avro and JSON Schema).
error no_matching_path(std::string_view path);

/// The tags of an entity after `edit`: `existing` in order, then `edit.add` not yet present,
/// without any of `edit.remove`.
std::vector<std::string> edited_tags(const std::vector<std::string>& existing, const tag_edit& edit);

}  // namespace tessera::formats
