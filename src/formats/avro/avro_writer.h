#pragma once
/// Java Avro's `Schema.toString()`: compact JSON with Avro's attribute order (type, name,
/// namespace, doc, then the kind's own attributes, custom properties, aliases). A named type is
/// written in full the first time and by name afterwards; names are qualified relative to the
/// enclosing namespace.

#include <span>
#include <string>

#include "formats/avro/avro_schema.h"

namespace tessera::formats::avro {

/// The text of `root`. Named types among `known` (Confluent's referenced schemas) count as
/// already written, so they appear by name only, as in `Schema.toString(referencedSchemas, false)`.
std::string write_schema(const schema_tree& tree, node_id root, std::span<const node_id> known = {});

}  // namespace tessera::formats::avro
