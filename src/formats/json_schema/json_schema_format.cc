#include "formats/json_schema/json_schema_format.h"

#include <utility>

#include "formats/json_schema/json_tree.h"
#include "formats/json_schema/loader.h"
#include "formats/json_schema/schema_diff.h"

namespace tessera::formats::json_schema {

json_parsed_schema::json_parsed_schema(std::string canonical, std::shared_ptr<const schema_graph> graph)
    : canonical_(std::move(canonical)), graph_(std::move(graph)) {}

std::vector<incompatibility> json_parsed_schema::check_compatibility(const parsed_schema& writer,
                                                                     const compat_words& words) const {
  const auto* other = dynamic_cast<const json_parsed_schema*>(&writer);
  if (other == nullptr) return {{"", "", "Incompatible because of different schema type"}};
  diff_outcome outcome = compare_schemas(other->root(), root());
  if (outcome.exhausted) {
    return {{"", "", "Unexpected exception during compatibility check: the JSON Schema comparison exceeded its "
                     "work limit"}};
  }
  std::vector<incompatibility> out;
  for (const difference& d : incompatible_differences(outcome)) {
    out.push_back({std::string(to_string_view(d.type)), d.path, render(d, words.reader, words.writer)});
  }
  return out;
}

result<std::shared_ptr<const parsed_schema>> json_format::parse(std::string_view text,
                                                                std::span<const resolved_reference> references,
                                                                const parse_options& options) const {
  std::optional<json_value> document = parse_json(text);
  if (!document) return fail(error_code::invalid_schema, "Invalid JSON " + std::string(text));
  // normalize=true: Confluent re-reads the canonical text with sorted members and works from that.
  if (options.normalize) document = sorted_copy(*document);
  std::string canonical = to_json(*document);
  auto graph = std::make_shared<schema_graph>();
  if (load_schema(*graph, *document, references)) return fail(error_code::unprocessable, "Invalid JSON Schema");  // validation stage
  return std::make_shared<const json_parsed_schema>(std::move(canonical), std::move(graph));
}

const schema_format* json_schema_format() {
  static const json_format instance;
  return &instance;
}

}  // namespace tessera::formats::json_schema
