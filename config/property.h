#pragma once
/// The property table: every key Tessera understands, with default, description and validator,
/// in one place (see properties_table.cc). Loading, validation and docs/configuration.md all
/// derive from it, so they cannot disagree.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::config {

/// Checks one (trimmed) value.
struct validator {
  /// What a valid value looks like, e.g. "an integer in [0, 2147483647]". Used verbatim after
  /// "expected" in error messages and in the "valid values" column of the docs.
  std::string expected;
  /// nullopt when the value is valid; otherwise an optional detail ("" when `expected` says it all).
  std::function<std::optional<std::string>(std::string_view)> check;
};

/// What Tessera does with a property. Being honest here is the point: the docs print it.
enum class support {
  used,          ///< Tessera reads it
  deprecated,    ///< old Confluent name, still honoured; setting it logs a warning naming the new one
  ignored,       ///< accepted silently for compatibility with Confluent files; no effect (yet)
  ignored_warn,  ///< accepted, no effect, but setting it logs a warning: operators usually rely on it
};

/// Documentation sections, in the order docs/configuration.md lists them.
enum class section { http, identity, registry, storage, kafkastore, election, logging, compatibility_only };
/// The heading text of a section.
std::string_view to_string_view(section s);

/// One configuration property.
struct property {
  std::string_view name;
  std::string default_value;  ///< textual default; empty when unset or computed (see default_doc)
  std::string_view description;
  validator validate;
  support status = support::used;
  section group = section::registry;
  std::string_view default_doc = {};   ///< how an empty default is resolved, for the docs
  std::string_view replaced_by = {};   ///< for deprecated properties: the current name
  bool kafka_client = false;           ///< also passed to the Kafka clients (kafka_client_properties)
};

/// A family of keys accepted as a whole, e.g. every `kafkastore.*` key.
struct known_prefix {
  std::string_view prefix;
  std::string_view description;
};

/// Every property, in documentation order.
const std::vector<property>& properties();
/// The property with exactly this name, or nullptr.
const property* find_property(std::string_view name);
/// Key prefixes whose keys are all known (no unknown-key warning).
const std::vector<known_prefix>& known_prefixes();
/// Prefix that marks Tessera's own keys: an unknown key under it is an error, not a warning.
inline constexpr std::string_view own_prefix = "tessera.";

/// The closest property name within a small edit distance, for "did you mean" hints.
std::optional<std::string_view> closest_property(std::string_view name);

}  // namespace tessera::config
