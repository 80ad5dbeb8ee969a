#pragma once
/// The JSON Schema implementation of schema_format, reproducing Confluent 7.9's JsonSchema:
/// the stored text is the compact JSON of the parsed document (member order kept; sorted with
/// normalize=true), the document must load as a schema in its dialect (draft 7 by default), and
/// compatibility is SchemaDiff's difference list filtered by the STRICT policy.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "formats/json_schema/schema_model.h"
#include "tessera/formats/schema_format.h"

namespace tessera::formats::json_schema {

/// A parsed, loaded JSON Schema. Immutable after construction.
class json_parsed_schema final : public parsed_schema {
 public:
  json_parsed_schema(std::string canonical, std::shared_ptr<const schema_graph> graph);

  schema_type type() const override { return schema_type::json; }
  const std::string& canonical_text() const override { return canonical_; }
  /// `*this` reads data written with `writer`: SchemaDiff.compare(writer, this), incompatible
  /// differences rendered with `words` (reader word first).
  std::vector<incompatibility> check_compatibility(const parsed_schema& writer,
                                                   const compat_words& words) const override;

  /// `confluent:tags` on objects and properties (json_schema_tags.cc).
  result<std::string> with_tags(std::span<const tag_edit> edits) const override;
  /// The root of the validator model (for tests and tools).
  node_ref root() const { return graph_->root(); }

 private:
  std::string canonical_;
  std::shared_ptr<const schema_graph> graph_;
};

class json_format final : public schema_format {
 public:
  schema_type type() const override { return schema_type::json; }
  /// Errors: "Invalid JSON <text>" when the text is not JSON, "Invalid JSON Schema" when it does
  /// not load as a schema (both 42201, as Confluent).
  result<std::shared_ptr<const parsed_schema>> parse(std::string_view text,
                                                     std::span<const resolved_reference> references,
                                                     const parse_options& options) const override;
};

/// The process-wide JSON Schema format instance.
const schema_format* json_schema_format();

}  // namespace tessera::formats::json_schema
