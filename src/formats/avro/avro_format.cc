#include "formats/avro/avro_format.h"

#include <utility>

#include "formats/avro/avro_compatibility.h"
#include "formats/avro/avro_normalize.h"
#include "formats/avro/avro_parser.h"
#include "formats/avro/avro_writer.h"

namespace tessera::formats::avro {

namespace {

struct parsed_tree {
  schema_tree tree;
  node_id root = no_node;
  std::vector<node_id> references;
};

/// What Confluent's AvroSchema constructor does: one parser, the referenced schemas first
/// (dependencies before dependents), then the schema, all sharing one name table.
result<parsed_tree> parse_with_references(std::string_view text, std::span<const resolved_reference> references,
                                          bool validate_defaults) {
  parsed_tree out;
  parser p(out.tree, validate_defaults);
  out.references.reserve(references.size());
  for (const resolved_reference& ref : references) {
    result<node_id> r = p.parse(ref.text);
    if (!r) return r.error();
    out.references.push_back(*r);
  }
  result<node_id> root = p.parse(text);
  if (!root) return root.error();
  out.root = *root;
  return out;
}

}  // namespace

avro_parsed_schema::avro_parsed_schema(schema_tree tree, node_id root, std::vector<node_id> references)
    : tree_(std::move(tree)), root_(root), references_(std::move(references)) {
  // Referenced types are written by name, never inlined (`Schema.toString(refs, false)`).
  canonical_ = write_schema(tree_, root_, references_);
}

std::vector<incompatibility> avro_parsed_schema::check_compatibility(const parsed_schema& writer,
                                                                     const compat_words& words) const {
  const auto* other = dynamic_cast<const avro_parsed_schema*>(&writer);
  if (other == nullptr) return {{"", "", "Incompatible because of different schema type"}};
  compatibility_outcome outcome = check_reader_writer(tree_, root_, other->tree_, other->root_);
  if (outcome.exception) {
    return {{"", "", "Unexpected exception during compatibility check: " + *outcome.exception}};
  }
  std::vector<incompatibility> out;
  out.reserve(outcome.incompatibilities.size());
  for (const avro_incompatibility& i : outcome.incompatibilities) {
    out.push_back({std::string(to_string_view(i.type)), i.location,
                   render_incompatibility(i, words.reader, words.writer)});
  }
  return out;
}

std::string avro_parsed_schema::formatted(std::string_view format) const {
  if (format == "resolved") return write_schema(tree_, root_);
  return canonical_;
}

result<std::shared_ptr<const parsed_schema>> avro_format::parse(std::string_view text,
                                                                std::span<const resolved_reference> references,
                                                                const parse_options& options) const {
  result<parsed_tree> parsed = parse_with_references(text, references, options.validate);
  if (!parsed) return parsed.error();
  if (options.normalize) {
    // Confluent normalises by writing a normalized text and parsing that again.
    result<std::string> normalized = normalized_text(parsed->tree, parsed->root, parsed->references);
    if (!normalized) return normalized.error();
    parsed = parse_with_references(*normalized, references, options.validate);
    if (!parsed) return parsed.error();
  }
  return std::make_shared<const avro_parsed_schema>(std::move(parsed->tree), parsed->root,
                                                    std::move(parsed->references));
}

const schema_format* avro_schema_format() {
  static const avro_format instance;
  return &instance;
}

}  // namespace tessera::formats::avro
