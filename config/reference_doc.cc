// Renders the property table as Markdown, the generated part of docs/configuration.md.

#include <string>

#include "config/config.h"
#include "config/environment.h"

namespace tessera::config {

namespace {

// Text cells: '|' would end the cell, line breaks the row, and <word> would be read as HTML.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

// Code spans show entities literally, so only '|' is escaped there.
std::string code(std::string_view text) {
  std::string out = "`";
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out + "`";
}

std::string default_cell(const property& p) {
  if (!p.default_doc.empty()) return cell(p.default_doc);
  if (p.default_value.empty()) return "(empty)";
  return code(p.default_value);
}

std::string status_cell(const property& p) {
  switch (p.status) {
    case support::used: return "used";
    case support::deprecated: return "deprecated, use " + code(p.replaced_by);
    case support::ignored: return "accepted, no effect";
    case support::ignored_warn: return "accepted, no effect, warns";
  }
  return "";
}

}  // namespace

std::string render_markdown_reference() {
  std::string out;
  out += "<!-- Generated from config/properties_table.cc by tessera_config_reference; do not edit by hand. -->\n";
  const section order[] = {section::http,       section::identity, section::registry, section::storage,
                           section::kafkastore, section::election, section::logging,  section::compatibility_only};
  for (section s : order) {
    out += "\n### " + std::string(to_string_view(s)) + "\n\n";
    out += "| Property | Default | Valid values | Status | Environment variable | Description |\n";
    out += "|---|---|---|---|---|---|\n";
    for (const auto& p : properties()) {
      if (p.group != s) continue;
      out += "| " + code(p.name) + " | " + default_cell(p) + " | " + cell(p.validate.expected) + " | " +
             status_cell(p) + " | " + code(property_to_env(p.name)) + " | " + cell(p.description) + " |\n";
    }
  }
  out += "\n### Key families\n\n";
  out += "| Prefix | Meaning |\n|---|---|\n";
  for (const auto& k : known_prefixes()) {
    out += "| " + code(std::string(k.prefix) + "*") + " | " + cell(k.description) + " |\n";
  }
  return out;
}

}  // namespace tessera::config
