#pragma once
/// Confluent 7.9's Protobuf differ (protobuf-provider .../protobuf/diff): SchemaDiff,
/// MessageSchemaDiff, FieldSchemaDiff, OneOfDiff, EnumSchemaDiff. Fields are matched by number,
/// messages and enums by name; differences come out in Confluent's (hash-set) order.

#include <string>
#include <string_view>
#include <vector>

#include "formats/protobuf/proto_model.h"
#include "formats/protobuf/proto_types.h"

namespace tessera::formats::protobuf {

/// One difference: its type name (e.g. FIELD_KIND_CHANGED) and path (e.g. `#/Message/2`).
struct difference {
  std::string type;
  std::string path;
};

/// A schema as the differ sees it: the file and the type table built for it.
struct diff_side {
  const proto_file* file = nullptr;
  const type_index* types = nullptr;
};

/// SchemaDiff.compare(original, update): every difference, compatible or not.
std::vector<difference> compare_schemas(const diff_side& original, const diff_side& update);

/// Whether a difference type is in SchemaDiff.COMPATIBLE_CHANGES.
bool is_compatible_change(std::string_view type);

/// Difference.toString with the two `%s` holes filled (reader word first):
/// `{errorType:"TYPE", description:"..."}`.
std::string render_difference(const difference& d, std::string_view reader, std::string_view writer);

}  // namespace tessera::formats::protobuf
