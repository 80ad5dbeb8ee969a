#pragma once
/// java.util.Properties text format, so a Confluent `schema-registry.properties` file loads as is.

#include <string_view>

#include "config/source_entry.h"
#include "tessera/core/result.h"

namespace tessera::config {

/// Parses `.properties` text with Properties.load() rules: `=`, `:` or whitespace separators;
/// `#`/`!` comment lines; `\` line continuations (leading blanks of the next line dropped);
/// escapes \t \n \r \f \uXXXX and `\c` → `c`. Bytes outside ASCII are kept as they are (the file
/// is read as UTF-8, not ISO-8859-1 as Java's InputStream overload does). Fails only on a
/// malformed \u escape.
result<source_entries> parse_properties(std::string_view text);

}  // namespace tessera::config
