// Data-contract tag editing (POST /subjects/{s}/versions/{v}/tags), as Confluent's
// KafkaSchemaRegistry.modifySchemaTags: the source version's schema gets its inline tags changed
// by its format, then the result is registered in the same subject like any new schema, with
// the request's metadata (or the source's) and `confluent:version` tracking the new version.

#include <algorithm>
#include <iterator>

#include "tessera/core/errors.h"
#include "tessera/core/qualified_subject.h"
#include "tessera/core/registry.h"
#include "tessera/core/subject_validation.h"

namespace tessera {

namespace {

void merge_into(std::vector<formats::tag_edit>& edits, const schema_tags& entry, bool adding) {
  auto it = std::find_if(edits.begin(), edits.end(),
                         [&](const formats::tag_edit& e) { return e.path == entry.path && e.type == entry.type; });
  if (it == edits.end()) {
    edits.push_back({entry.path, entry.type, {}, {}});
    it = std::prev(edits.end());
  }
  std::vector<std::string>& tags = adding ? it->add : it->remove;
  for (const auto& t : entry.tags) {
    if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(t);
  }
}

}  // namespace

std::vector<formats::tag_edit> to_tag_edits(const tag_schema_request& request) {
  std::vector<formats::tag_edit> edits;
  for (const auto& entry : request.tags_to_add) merge_into(edits, entry, true);
  for (const auto& entry : request.tags_to_remove) merge_into(edits, entry, false);
  return edits;
}

result<register_outcome> registry::tag_schema(const std::string& subject, const version_spec& v,
                                              const tag_schema_request& request) {
  if (!is_valid_subject(subject)) return errors::invalid_subject(subject);
  auto source = get_version(subject, v, false);
  if (!source) return source.error();

  std::string tagged;
  {
    read_lock lk(state_mu_);
    const schema_entry* e = state_.find_schema(context_of(source->subject), source->id);
    if (!e) return errors::version_not_found(v.value);
    auto parsed = parsed_of(*e);
    if (!parsed) return parsed.error();
    const std::vector<formats::tag_edit> edits = to_tag_edits(request);
    auto text = (*parsed)->with_tags(edits);
    if (!text) return text.error();
    tagged = std::move(*text);
  }

  schema_request next;
  next.schema = std::move(tagged);
  next.schema_type_text = std::string(to_string_view(source->content.type));
  for (const schema_reference& r : source->content.references) next.references.push_back({r.name, r.subject, r.version});
  // Confluent sets `confluent:version` to the requested version (0 when none was asked for);
  // registration then replaces it with the version actually assigned. The placeholder also
  // keeps the new schema from matching an existing version, so every call adds a version.
  next.metadata = request.metadata ? request.metadata : std::optional<schema_metadata>(source->content.metadata);
  if (!next.metadata) next.metadata.emplace();
  next.metadata->properties["confluent:version"] = std::to_string(request.new_version.value_or(0));
  next.rule_set = request.rule_set;
  if (request.new_version && *request.new_version > 0) next.version = request.new_version;
  return register_schema(subject, next, register_options{});
}

}  // namespace tessera
