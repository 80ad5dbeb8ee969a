// The schema_type -> schema_format table. Rows are in Confluent's /schemas/types order
// (JSON, PROTOBUF, AVRO); a format this build does not provide has no getter yet, so adding
// one is a one-line change here.

#include <array>

#include "formats/avro/avro_format.h"
#include "formats/json_schema/json_schema_format.h"
#include "formats/protobuf/protobuf_format.h"
#include "tessera/formats/schema_format.h"

namespace tessera::formats {

namespace {

struct format_entry {
  schema_type type;
  const schema_format* (*get)();
};

constexpr std::array<format_entry, 3> format_table{{
    {schema_type::json, &json_schema::json_schema_format},
    {schema_type::protobuf, &protobuf::protobuf_schema_format},
    {schema_type::avro, &avro::avro_schema_format},
}};

}  // namespace

const schema_format* find_format(schema_type type) {
  for (const format_entry& e : format_table) {
    if (e.type == type) return e.get != nullptr ? e.get() : nullptr;
  }
  return nullptr;
}

std::vector<schema_type> available_formats() {
  std::vector<schema_type> out;
  for (const format_entry& e : format_table) {
    if (e.get != nullptr) out.push_back(e.type);
  }
  return out;
}

}  // namespace tessera::formats
