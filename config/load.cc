// config::load(), first half: read the sources, merge them by precedence, check every key on its
// own. resolve.cc does the second half (cross-key rules and typed fields).

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "config/config.h"
#include "config/environment.h"
#include "config/properties_parser.h"
#include "config/resolve.h"
#include "config/validators.h"
#include "config/yaml_loader.h"

namespace tessera::config {

namespace {

std::string join(const std::vector<std::string>& lines, std::string_view sep) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : std::string(sep)) + l;
  return out;
}

result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(error_code::internal, "cannot open configuration file " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return fail(error_code::internal, "cannot read configuration file " + path.string());
  return buffer.str();
}

// The parser is chosen by extension; any other extension tries YAML, then properties.
result<source_entries> parse_config_file(const std::filesystem::path& path, std::vector<std::string>& warnings) {
  auto text = read_file(path);
  if (!text) return text.error();
  std::string_view content = *text;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  auto ext = to_lower(path.extension().string());
  auto where = [&](const error& e) {
    return fail(error_code::bad_request, "configuration file " + path.string() + ": " + e.message);
  };
  if (ext == ".yaml" || ext == ".yml") {
    auto entries = parse_yaml(content);
    return entries ? entries : where(entries.error());
  }
  if (ext == ".properties") {
    auto entries = parse_properties(content);
    return entries ? entries : where(entries.error());
  }
  auto yaml = parse_yaml(content);
  if (yaml) return yaml;
  auto props = parse_properties(content);
  if (!props) {
    return fail(error_code::bad_request, "configuration file " + path.string() +
                                             " is neither YAML (" + yaml.error().message +
                                             ") nor a Java properties file (" + props.error().message +
                                             "); name it .yaml or .properties to choose");
  }
  warnings.push_back("configuration file " + path.string() + " is not YAML (" + yaml.error().message +
                     "); read it as a Java properties file");
  return props;
}

bool under_known_prefix(std::string_view key) {
  const auto& prefixes = known_prefixes();
  return std::any_of(prefixes.begin(), prefixes.end(), [key](const known_prefix& p) {
    return key.size() > p.prefix.size() && key.substr(0, p.prefix.size()) == p.prefix;
  });
}

std::string hint_for(std::string_view key) {
  auto near = closest_property(key);
  return near ? "; did you mean '" + std::string(*near) + "'?" : std::string();
}

// Checks one configured key on its own: value errors and unknown `tessera.` keys are errors,
// everything else that deserves attention is a warning.
void check_key(const std::string& key, const std::string& value, const value_origin& origin,
               std::vector<std::string>& errors, std::vector<std::string>& warnings) {
  const property* p = find_property(key);
  if (p == nullptr) {
    if (key.substr(0, own_prefix.size()) == own_prefix) {
      errors.push_back("unknown property '" + key + "' (" + origin.where + ")" + hint_for(key));
    } else if (!under_known_prefix(key)) {
      warnings.push_back("unknown property '" + key + "' (" + origin.where + ") is ignored" + hint_for(key));
    }
    return;
  }
  if (auto problem = p->validate.check(value)) {
    std::string msg = "invalid value '" + value + "' for " + key + ": expected " + p->validate.expected;
    if (!problem->empty()) msg += "; " + *problem;
    errors.push_back(msg + " [" + origin.where + "]");
    return;
  }
  if (p->status == support::deprecated) {
    warnings.push_back("'" + key + "' (" + origin.where + ") is deprecated; use '" + std::string(p->replaced_by) + "'");
  } else if (p->status == support::ignored_warn && !value.empty()) {
    warnings.push_back("'" + key + "' (" + origin.where + ") has no effect in Tessera: " +
                       std::string(p->description));
  }
}

}  // namespace

result<std::pair<std::string, std::string>> parse_override(std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || trim(text.substr(0, eq)).empty()) {
    return fail(error_code::bad_request, "override '" + std::string(text) + "' is not key=value");
  }
  return std::pair{std::string(trim(text.substr(0, eq))), std::string(text.substr(eq + 1))};
}

result<settings> load(const load_options& options) {
  std::vector<std::string> warnings;
  configured_values configured;
  auto set = [&](std::string key, std::string_view value, value_origin::layer layer, std::string where) {
    configured.insert_or_assign(std::move(key),
                                std::pair{std::string(trim(value)), value_origin{layer, std::move(where)}});
  };

  if (options.config_file) {
    auto entries = parse_config_file(*options.config_file, warnings);
    if (!entries) return entries.error();
    for (auto& e : *entries) {
      std::string where = "file " + options.config_file->string();
      if (e.line > 0) where += " line " + std::to_string(e.line);
      set(std::move(e.key), e.value, value_origin::layer::file, std::move(where));
    }
  }

  auto scan = scan_environment(options.environment ? *options.environment : process_environment());
  warnings.insert(warnings.end(), scan.warnings.begin(), scan.warnings.end());
  for (auto& e : scan.entries) {
    set(std::move(e.property), e.value, value_origin::layer::environment, "environment variable " + e.variable);
  }

  for (const auto& [key, value] : options.overrides) {
    set(std::string(trim(key)), value, value_origin::layer::override_arg, "--override " + std::string(trim(key)));
  }

  // The image's log4j level is a fallback only: any explicit tessera.log.level wins.
  if (scan.log4j_root_level && !configured.contains("tessera.log.level")) {
    set("tessera.log.level", scan.log4j_root_level->value, value_origin::layer::environment,
        "environment variable " + scan.log4j_root_level->variable);
  }

  std::vector<std::string> errors;
  for (const auto& [key, entry] : configured) check_key(key, entry.first, entry.second, errors, warnings);

  result<settings> resolved = errors.empty() ? resolve(configured, warnings)
                                             : result<settings>(fail(error_code::bad_request, join(errors, "\n")));
  for (const auto& w : warnings) spdlog::warn("config: {}", w);
  return resolved;
}

}  // namespace tessera::config
