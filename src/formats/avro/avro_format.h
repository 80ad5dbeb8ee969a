#pragma once
/// The Avro implementation of schema_format: parse (references first, into one name table),
/// canonical text as Confluent stores it, optional normalisation, compatibility checks.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "formats/avro/avro_schema.h"
#include "tessera/formats/schema_format.h"

namespace tessera::formats::avro {

/// A parsed Avro schema: the referenced schemas' nodes and the schema's own, plus the texts
/// computed once at parse time. Immutable after construction.
class avro_parsed_schema final : public parsed_schema {
 public:
  avro_parsed_schema(schema_tree tree, node_id root, std::vector<node_id> references);

  schema_type type() const override { return schema_type::avro; }
  const std::string& canonical_text() const override { return canonical_; }
  std::vector<incompatibility> check_compatibility(const parsed_schema& writer,
                                                   const compat_words& words) const override;
  /// "resolved": the schema with referenced types inlined (Java's `Schema.toString()`).
  std::string formatted(std::string_view format) const override;
  /// `confluent:tags` on records and fields (avro_tags.cc).
  result<std::string> with_tags(std::span<const tag_edit> edits) const override;

  const schema_tree& tree() const { return tree_; }
  node_id root() const { return root_; }
  std::span<const node_id> references() const { return references_; }

 private:
  schema_tree tree_;
  node_id root_;
  std::vector<node_id> references_;  ///< roots of the referenced schemas, in parse order
  std::string canonical_;
};

class avro_format final : public schema_format {
 public:
  schema_type type() const override { return schema_type::avro; }
  result<std::shared_ptr<const parsed_schema>> parse(std::string_view text,
                                                     std::span<const resolved_reference> references,
                                                     const parse_options& options) const override;
};

/// The process-wide Avro format instance.
const schema_format* avro_schema_format();

}  // namespace tessera::formats::avro
