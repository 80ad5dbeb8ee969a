#pragma once
/// Loading the configuration: defaults < config file < environment < `--override key=value`.
///
/// The file is YAML (`.yaml`/`.yml`, flat dotted keys or nested maps) or a Confluent
/// `schema-registry.properties` file (`.properties`, java.util.Properties syntax). Environment
/// variables follow the Confluent image convention: `SCHEMA_REGISTRY_KAFKASTORE_TOPIC` sets
/// `kafkastore.topic` (see environment.h). A bad value fails the load with a message naming the
/// key, the value and what is expected; unknown keys only warn, except under `tessera.`.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/property.h"
#include "config/settings.h"
#include "tessera/core/result.h"

namespace tessera::config {

/// Inputs of load().
struct load_options {
  /// Configuration file; none means defaults, environment and overrides only.
  std::optional<std::filesystem::path> config_file;
  /// Environment variables by name; nullopt reads the process environment (tests inject a map).
  std::optional<std::map<std::string, std::string>> environment;
  /// `--override key=value` pairs, applied last, later pairs winning.
  std::vector<std::pair<std::string, std::string>> overrides;
};

/// Reads, merges and validates the configuration. Warnings are logged with spdlog and returned in
/// settings::warnings. Errors use error_code::bad_request (bad syntax or values) or
/// error_code::internal (the file cannot be read); several problems are reported together, one
/// per line.
result<settings> load(const load_options& options);

/// Splits one command-line override `key=value` at the first '='.
result<std::pair<std::string, std::string>> parse_override(std::string_view text);

/// The Markdown reference of every property (the generated part of docs/configuration.md).
std::string render_markdown_reference();

}  // namespace tessera::config
