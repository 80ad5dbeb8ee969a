#pragma once
/// The Protobuf implementation of schema_format: .proto text parsed by libprotobuf, printed,
/// normalised and diffed the way Confluent 7.9 does (Square Wire elements underneath).

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "formats/protobuf/proto_model.h"
#include "formats/protobuf/proto_types.h"
#include "tessera/formats/schema_format.h"

namespace tessera::formats::protobuf {

/// A referenced file as parsed: its import path and the subject-version it came from.
struct dependency {
  std::string name;
  type_origin origin;
  std::shared_ptr<const proto_file> file;
};

/// A parsed Protobuf schema with its references and type table. Immutable after construction.
class protobuf_parsed_schema final : public parsed_schema {
 public:
  protobuf_parsed_schema(std::shared_ptr<const proto_file> file, std::vector<dependency> dependencies,
                         std::string canonical);

  schema_type type() const override { return schema_type::protobuf; }
  const std::string& canonical_text() const override { return canonical_; }
  std::vector<incompatibility> check_compatibility(const parsed_schema& writer,
                                                   const compat_words& words) const override;
  /// "serialized" (base64 FileDescriptorProto) and "ignore_extensions"; others give the canonical text.
  std::string formatted(std::string_view format) const override;
  /// `(confluent.message_meta)` / `(confluent.field_meta)` tags (proto_tags.cc).
  result<std::string> with_tags(std::span<const tag_edit> edits) const override;

  const proto_file& file() const { return *file_; }
  const type_index& types() const { return types_; }

 private:
  std::shared_ptr<const proto_file> file_;
  std::vector<dependency> dependencies_;
  type_index types_;
  std::string canonical_;
};

class protobuf_format final : public schema_format {
 public:
  schema_type type() const override { return schema_type::protobuf; }
  result<std::shared_ptr<const parsed_schema>> parse(std::string_view text,
                                                     std::span<const resolved_reference> references,
                                                     const parse_options& options) const override;
};

/// The process-wide Protobuf format instance.
const schema_format* protobuf_schema_format();

/// The type table Confluent's Context builds for a schema: references (with their
/// subject-version), then the known dependencies they do not shadow, then the schema itself.
type_index build_type_index(const proto_file& file, const std::vector<dependency>& dependencies);

}  // namespace tessera::formats::protobuf
