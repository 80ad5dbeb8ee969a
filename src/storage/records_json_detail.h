#pragma once
/// Internals shared by the record codec's translation units: a field reader that records the
/// first type error instead of throwing, and the writers/readers of the nested data-contract
/// objects (metadata, rule sets) that several value types embed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "json/json.h"
#include "tessera/core/schema.h"
#include "tessera/storage/record.h"

namespace tessera::storage::detail {

/// Reads typed members of one JSON object. JSON null and a missing member both read as absent
/// (Jackson maps both to null). A member of the wrong type reads as absent and records an error;
/// only the first error is kept, so the caller checks ok() once after reading every field.
class field_reader {
 public:
  field_reader(const json::value& obj, std::string& error) : obj_(obj), error_(error) {}

  /// A string member.
  std::optional<std::string> string(std::string_view name);
  /// An integer member that fits in 32 bits.
  std::optional<std::int32_t> int32(std::string_view name);
  /// A boolean member.
  std::optional<bool> boolean(std::string_view name);
  /// An object member, or nullptr.
  const json::value* object(std::string_view name);
  /// An array member, or nullptr.
  const json::value* array(std::string_view name);

  /// True while no member had the wrong type.
  bool ok() const { return error_.empty(); }
  /// Records an error unless one is already recorded.
  void fail(std::string message);

 private:
  /// The member named `name`; the last one wins on duplicates, as with Jackson. Null = absent.
  const json::value* find(std::string_view name) const;

  const json::value& obj_;
  std::string& error_;
};

/// True for a JSON object; false (with an error recorded) otherwise.
bool expect_object(const json::value& v, std::string_view what, std::string& error);

/// Writes a string member unless it is empty (Jackson NON_EMPTY).
void write_string_member(json::writer& w, const char* name, std::string_view value);

/// Writes Confluent's `Metadata` object: tags, properties, sensitive (each omitted when empty).
void write_metadata(json::writer& w, const schema_metadata& m);
/// Writes Confluent's `RuleSet` object: migrationRules, domainRules, encodingRules.
void write_rule_set(json::writer& w, const schema_rule_set& rs);

/// Reads a `Metadata` object.
std::optional<schema_metadata> read_metadata(const json::value& v, std::string& error);
/// Reads a `RuleSet` object.
std::optional<schema_rule_set> read_rule_set(const json::value& v, std::string& error);

/// Value decoders, one per key type; they return nothing and fill `error` on a bad value.
std::optional<subject_version_entry> read_schema_value(const json::value& v, std::string& error);
std::optional<config_value> read_config_value(const json::value& v, std::string& error);
std::optional<mode_value> read_mode_value(const json::value& v, std::string& error);
std::optional<delete_subject_value> read_delete_subject_value(const json::value& v,
                                                              std::string& error);
std::optional<clear_subject_value> read_clear_subject_value(const json::value& v,
                                                            std::string& error);
std::optional<context_value> read_context_value(const json::value& v, std::string& error);

/// Fast paths for SR's exact SCHEMA key and value forms (records_json_fast.cc); nothing means
/// "not that exact form: use the parser".
std::optional<record_key> fast_schema_key(std::string_view bytes);
std::optional<subject_version_entry> fast_schema_value(std::string_view bytes);

/// Java's String.compareTo order (UTF-16 code units), which Jackson's SortedMap/SortedSet use.
/// It differs from byte order only between U+E000..U+FFFF and supplementary characters.
bool java_string_less(std::string_view a, std::string_view b);

}  // namespace tessera::storage::detail
