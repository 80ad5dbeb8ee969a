#pragma once
/// Loading a JSON Schema document into the validator object model, the way Confluent 7.9 does:
/// drafts 4, 6 and 7 through everit's SchemaLoader (keyword extractors, synthetic allOf when
/// several apply), 2019-09 and 2020-12 through json-sKema and Confluent's SchemaTranslator
/// (one schema per keyword, merged by class). Loading is also the validity check: whatever
/// makes those loaders throw is an invalid schema.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "formats/json_schema/json_tree.h"
#include "formats/json_schema/schema_model.h"
#include "tessera/formats/schema_format.h"

namespace tessera::formats::json_schema {

enum class dialect : std::uint8_t { draft4, draft6, draft7, draft2019_09, draft2020_12 };

/// The dialect Confluent loads a root document with: `$schema` 2019-09/2020-12 selects the
/// json-sKema path; a draft-04/06/07 meta-schema URL prefix selects that everit version;
/// anything else (or no `$schema`) is draft 7.
dialect root_dialect(const json_value& document);

/// True for the dialects json-sKema loads.
constexpr bool is_modern(dialect d) { return d == dialect::draft2019_09 || d == dialect::draft2020_12; }

/// Loads `document` into `graph` (setting its root), with `references` available to `$ref` by
/// name. On failure returns the reason (Confluent reports every such failure as
/// "Invalid JSON Schema").
std::optional<std::string> load_schema(schema_graph& graph, const json_value& document,
                                       std::span<const resolved_reference> references);

}  // namespace tessera::formats::json_schema
