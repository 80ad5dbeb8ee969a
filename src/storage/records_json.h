#pragma once
/// The `_schemas` record codec: Confluent's key/value JSON, byte for byte as Schema Registry's
/// Jackson mapper writes it (compact, raw UTF-8, fixed field order, NON_EMPTY omission), and a
/// tolerant reader for everything SR, Karapace and older SR versions have put on the topic.
/// Every backend stores these bytes, so the codec lives in the storage layer.
/// Spec: /work/shared/spec/confluent-internals.md §2.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "tessera/storage/record.h"

namespace tessera::storage {

/// Why a stored record was not turned into a record. The reader logs it and moves on, as SR does
/// (SR's reader would die on an unknown keytype; we skip it like Karapace and Redpanda do).
enum class skip_kind {
  null_key,          ///< missing or zero-length key bytes
  malformed_key,     ///< not JSON, not an object, missing/ill-typed fields, no keytype
  unknown_keytype,   ///< a keytype this build does not know (e.g. ASSOC from SR 8.2+)
  bad_magic,         ///< SCHEMA key whose magic is neither 0 nor 1
  empty_value,       ///< zero-length, non-null value: Karapace's delete form, not a tombstone
  malformed_value,   ///< value JSON unparsable or missing required fields / unknown enum names
};

/// Stable lower-case name of a skip kind, for logs and metrics.
std::string_view to_string_view(skip_kind k);

/// A stored record that was skipped, with a human-readable reason.
struct skipped_record {
  skip_kind kind = skip_kind::malformed_key;
  std::string reason;
};

/// Either the decoded record or why it was skipped. Decoding never throws on bad input.
using decode_result = std::variant<record, skipped_record>;

/// Confluent's key bytes, e.g. `{"keytype":"SCHEMA","subject":"s","version":1,"magic":1}`.
/// `key.magic` is written as given (see the key factories below for the values SR uses), so a
/// tombstone built from a decoded key reproduces the original bytes.
std::string encode_key(const record_key& key);

/// Confluent's value bytes; no value (a tombstone) stays absent.
std::optional<std::string> encode_value(const std::optional<record_value>& value);

/// Both halves of a record.
raw_record encode(const record& r);

/// Parses stored bytes into a record, or says why the record must be skipped.
decode_result decode(const raw_record& raw);

/// A schema's data-contract parts as Confluent's JSON: `{"metadata":{..},"ruleSet":{..}}`,
/// absent parts left out. The state snapshot keeps these rare parts in this form.
std::string encode_data_contract(const schema_content& content);
/// Reads encode_data_contract()'s bytes into `content`'s metadata and rule set; false when
/// they are malformed.
bool decode_data_contract(std::string_view json, schema_content& content);

/// Parses only the key (used to build tombstones and by tools).
std::variant<record_key, skipped_record> decode_key(std::string_view key);

// Key factories carrying the magic SR 7.x/8.x writes: 1 for SCHEMA, 0 for everything else.

/// `{"keytype":"SCHEMA","subject":S,"version":V,"magic":1}`
record_key schema_key(std::string subject, schema_version version);
/// `{"keytype":"CONFIG","subject":S,"magic":0}`; no subject = the global config key.
record_key config_key(std::optional<std::string> subject);
/// `{"keytype":"MODE","subject":S,"magic":0}`; no subject = the global mode key.
record_key mode_key(std::optional<std::string> subject);
/// `{"keytype":"DELETE_SUBJECT","subject":S,"magic":0}`
record_key delete_subject_key(std::string subject);
/// `{"keytype":"CLEAR_SUBJECT","subject":S,"magic":0}`
record_key clear_subject_key(std::optional<std::string> subject);
/// `{"keytype":"CONTEXT","tenant":T,"context":C,"magic":0}`
record_key context_key(std::string tenant, std::string context);
/// `{"keytype":"NOOP","magic":0}`
record_key noop_key();

/// Wire name of a key type ("SCHEMA", "CONFIG", ...).
std::string_view to_string_view(key_type t);
/// Key type from its exact wire name.
std::optional<key_type> key_type_from_string_view(std::string_view s);

}  // namespace tessera::storage
