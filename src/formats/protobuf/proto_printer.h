#pragma once
/// Confluent's ProtobufSchemaUtils printer: the canonical text (`toString`), the normalized text
/// (`toNormalizedString`) and the `ignore_extensions` format. Messages print before enums in
/// every scope, options keep their written order unless normalizing.

#include <string>

#include "formats/protobuf/proto_model.h"
#include "formats/protobuf/proto_types.h"
#include "tessera/core/result.h"

namespace tessera::formats::protobuf {

struct print_options {
  /// Sort options/fields/constants/reserved, fully qualify type names, drop map entry messages.
  bool normalize = false;
  /// Leave out custom (non-Confluent) options, extension ranges and extend blocks.
  bool ignore_extensions = false;
};

/// Prints `file`. Normalizing resolves type names through `types` (the file's own package is
/// used as the scope); a name that resolves nowhere fails with `Could not resolve type: <name>`.
result<std::string> print_proto(const proto_file& file, const type_index& types, const print_options& options);

/// Confluent's escapeChars for string literals in options.
std::string escape_chars(std::string_view s);

}  // namespace tessera::formats::protobuf
