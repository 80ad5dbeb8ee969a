#pragma once
/// The interface every schema format (Avro, JSON Schema, Protobuf) implements, so the registry
/// never branches on the schema type. Compatibility results are data (incompatibility records).

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tessera/core/enums.h"
#include "tessera/core/result.h"
#include "tessera/core/schema.h"

namespace tessera::formats {

/// A referenced schema, already fetched from its subject-version. The registry passes the
/// transitive closure in dependency order (dependencies before dependents), duplicates removed.
struct resolved_reference {
  std::string name;  ///< Avro full name, Protobuf import path, or JSON Schema $ref URL
  std::string subject;
  schema_version version = 0;
  schema_type type = schema_type::avro;
  std::string text;
};

struct parse_options {
  /// Produce Confluent's normalized text (`normalize=true`) instead of the plain canonical text.
  bool normalize = false;
  /// `schema.validate.new.schemas`-style strictness for newly registered schemas: strict name
  /// validation and default values checked against their types. Lookups and stored schemas
  /// replayed from the log are parsed leniently.
  bool validate = true;
};

/// The words Confluent puts in the two holes of a difference message, reader first.
struct compat_words {
  std::string_view reader = "new";
  std::string_view writer = "old";
};

/// One reason why a reader cannot read a writer's data.
struct incompatibility {
  std::string type;     ///< e.g. TYPE_MISMATCH, READER_FIELD_MISSING_DEFAULT_VALUE
  std::string path;     ///< JSON-pointer style location, e.g. /fields/0/type
  std::string message;  ///< Confluent's rendered text, e.g. {errorType:'...', description:'...', additionalInfo:'...'}
};

/// Confluent's SchemaEntity.EntityType: a named type (`sr_record`) or one of its fields (`sr_field`).
enum class tag_entity_type { record, field };

/// One inline-tag change of a tag request (POST .../tags): the entity as Confluent addresses it
/// (`entityPath`, e.g. `com.x.User.name`, `object.a`, `M.Inner.x`) and the tags to add and to
/// remove. Removal applies after addition, as Confluent does.
struct tag_edit {
  std::string path;
  tag_entity_type type = tag_entity_type::field;
  std::vector<std::string> add;     ///< distinct, in request order
  std::vector<std::string> remove;  ///< distinct, in request order
};

/// A schema that parsed and validated. Immutable, shareable across threads.
class parsed_schema {
 public:
  virtual ~parsed_schema() = default;

  virtual schema_type type() const = 0;
  /// The text Confluent stores and serves (canonicalString, or the normalized form).
  virtual const std::string& canonical_text() const = 0;
  /// Can `*this` (reader) read data written with `writer`? Empty = compatible. `writer` has the
  /// same type (the caller handles cross-type pairs).
  virtual std::vector<incompatibility> check_compatibility(const parsed_schema& writer,
                                                           const compat_words& words) const = 0;
  /// The text for GET with `?format=` (e.g. Avro `resolved`). Unknown formats give the canonical text.
  virtual std::string formatted(std::string_view format) const { (void)format; return canonical_text(); }
  /// The schema text with its inline tags changed (Confluent's `ParsedSchema.copy(tagsToAdd,
  /// tagsToRemove)`), edits applied in order. The caller registers the result as a new schema.
  /// A path that matches nothing fails with invalid_schema and Confluent's exception text.
  virtual result<std::string> with_tags(std::span<const tag_edit> edits) const;
};

class schema_format {
 public:
  virtual ~schema_format() = default;

  virtual schema_type type() const = 0;
  /// Parses `text` with `references` known. On failure the message is the "details" part Confluent
  /// appends (e.g. `Record has no fields: {...}`) and the code tells the stage: invalid_schema for
  /// text that does not parse, unprocessable for a parsed schema that fails validation (Confluent
  /// words those without "with refs [...] of type T"). The registry answers 42201 for both.
  virtual result<std::shared_ptr<const parsed_schema>> parse(
      std::string_view text, std::span<const resolved_reference> references,
      const parse_options& options) const = 0;
};

/// The format for a schema type, or nullptr when this build does not provide it.
const schema_format* find_format(schema_type type);
/// The loaded formats, in Confluent's /schemas/types order.
std::vector<schema_type> available_formats();

}  // namespace tessera::formats
