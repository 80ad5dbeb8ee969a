#include "compat/checker.h"

namespace tessera::compat {

namespace {

std::vector<std::string> messages_of(const std::vector<formats::incompatibility>& diffs) {
  std::vector<std::string> out;
  out.reserve(diffs.size());
  for (const auto& d : diffs) out.push_back(d.message);
  return out;
}

/// The `{oldSchemaVersion}` and `{oldSchema}` lines Confluent appends after a failing half.
void append_trailers(std::vector<std::string>& out, const previous_schema& prev) {
  out.push_back("{oldSchemaVersion: " + std::to_string(prev.version) + "}");
  std::string text = prev.schema->canonical_text();
  if (text.size() > old_schema_limit) text = text.substr(0, old_schema_limit) + "<truncated>";
  out.push_back("{oldSchema: '" + text + "'}");
}

/// Messages for one (candidate, previous) pair; empty when compatible.
std::vector<std::string> check_pair(compatibility_level level, const formats::parsed_schema& candidate,
                                    const previous_schema& prev) {
  if (candidate.type() != prev.schema->type()) return {"Incompatible because of different schema type"};
  std::vector<std::string> out;
  if (checks_forward(level)) {
    // Old readers must read new data: reader = previous ("old"), writer = candidate ("new").
    auto diffs = prev.schema->check_compatibility(candidate, formats::compat_words{"old", "new"});
    auto msgs = messages_of(diffs);
    bool trailers = !checks_backward(level);  // in FULL modes only the second half carries them
    out.insert(out.end(), msgs.begin(), msgs.end());
    if (trailers && !msgs.empty()) append_trailers(out, prev);
  }
  if (checks_backward(level)) {
    auto diffs = candidate.check_compatibility(*prev.schema, formats::compat_words{"new", "old"});
    auto msgs = messages_of(diffs);
    out.insert(out.end(), msgs.begin(), msgs.end());
    if (!msgs.empty()) append_trailers(out, prev);
  }
  return out;
}

}  // namespace

compat_report check(compatibility_level level, const formats::parsed_schema& candidate,
                    const std::vector<previous_schema>& history) {
  compat_report report;
  if (level == compatibility_level::none || history.empty()) return report;
  std::size_t count = is_transitive(level) ? history.size() : 1;
  for (std::size_t i = 0; i < count; ++i) {
    auto msgs = check_pair(level, candidate, history[i]);
    if (!msgs.empty()) {
      report.compatible = false;
      report.messages = std::move(msgs);
      report.messages.push_back("{validateFields: 'false', compatibility: '" +
                                std::string(to_string_view(level)) + "'}");
      break;
    }
  }
  return report;
}

}  // namespace tessera::compat
