#pragma once
/// Confluent's `normalize=true` for Avro. `AvroSchemaUtils.toNormalizedString` writes the schema
/// with full names, sorted aliases and properties, logical-type attributes first and defaults
/// re-rendered through their field's type; Confluent then parses that text again and stores the
/// re-parsed schema's canonical text. This module produces the intermediate text; the format
/// re-parses it, so every consequence of the round trip (dropped defaults, `1` becoming `1.0`,
/// namespaces re-inherited) matches Confluent's.

#include <span>
#include <string>

#include "formats/avro/avro_schema.h"
#include "tessera/core/result.h"

namespace tessera::formats::avro {

/// The normalized text of `root`. Named types defined at the top of `references` are written by
/// name. Fails (invalid_schema) with the message of the exception Java throws while rendering a
/// default it cannot convert, e.g. an array default holding a value of the wrong type.
result<std::string> normalized_text(const schema_tree& tree, node_id root, std::span<const node_id> references);

}  // namespace tessera::formats::avro
