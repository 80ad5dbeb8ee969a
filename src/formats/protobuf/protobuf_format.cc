#include "formats/protobuf/protobuf_format.h"

#include <set>
#include <utility>

#include "formats/protobuf/proto_builtin.h"
#include "formats/protobuf/proto_descriptor.h"
#include "formats/protobuf/proto_diff.h"
#include "formats/protobuf/proto_parser.h"
#include "formats/protobuf/proto_printer.h"

namespace tessera::formats::protobuf {

type_index build_type_index(const proto_file& file, const std::vector<dependency>& dependencies) {
  type_index index;
  std::set<std::string> named;
  for (const auto& d : dependencies) {
    index.add_file(*d.file, d.origin);
    named.insert(d.name);
  }
  for (const auto& [name, known] : known_dependencies()) {
    if (!named.count(name)) index.add_file(known, std::nullopt);
  }
  index.add_file(file, type_origin{"", -1});
  return index;
}

protobuf_parsed_schema::protobuf_parsed_schema(std::shared_ptr<const proto_file> file,
                                               std::vector<dependency> dependencies, std::string canonical)
    : file_(std::move(file)), dependencies_(std::move(dependencies)), canonical_(std::move(canonical)) {
  types_ = build_type_index(*file_, dependencies_);
}

std::vector<incompatibility> protobuf_parsed_schema::check_compatibility(const parsed_schema& writer,
                                                                         const compat_words& words) const {
  const auto* other = dynamic_cast<const protobuf_parsed_schema*>(&writer);
  if (other == nullptr) return {{"", "", "Incompatible because of different schema type"}};
  // Confluent: new.isBackwardCompatible(old) = SchemaDiff.compare(original = old, update = new).
  std::vector<difference> diffs = compare_schemas({other->file_.get(), &other->types_}, {file_.get(), &types_});
  std::vector<incompatibility> out;
  for (const auto& d : diffs) {
    if (is_compatible_change(d.type)) continue;
    out.push_back({d.type, d.path, render_difference(d, words.reader, words.writer)});
  }
  return out;
}

std::string protobuf_parsed_schema::formatted(std::string_view format) const {
  if (format == "serialized") {
    std::set<std::string> available;
    for (const auto& d : dependencies_) available.insert(d.name);
    for (const auto& [name, known] : known_dependencies()) available.insert(name);
    return serialized_descriptor(*file_, types_, [&](const std::string& n) { return available.count(n) > 0; });
  }
  if (format == "ignore_extensions") {
    auto text = print_proto(*file_, types_, {false, true});
    if (text) return *text;
  }
  return canonical_;
}

result<std::shared_ptr<const parsed_schema>> protobuf_format::parse(std::string_view text,
                                                                    std::span<const resolved_reference> references,
                                                                    const parse_options& options) const {
  std::vector<dependency> dependencies;
  for (const resolved_reference& ref : references) {
    auto parsed = parse_proto(ref.text);
    if (!parsed) return parsed.error();
    dependencies.push_back({ref.name, {ref.subject, static_cast<int>(ref.version)},
                            std::make_shared<const proto_file>(std::move(*parsed))});
  }
  auto parsed = parse_proto(text);
  if (!parsed) return parsed.error();
  auto file = std::make_shared<const proto_file>(std::move(*parsed));
  if (options.validate || options.normalize) {
    // Confluent validates by normalizing: every type name must resolve.
    type_index types = build_type_index(*file, dependencies);
    auto normalized = print_proto(*file, types, {true, false});
    if (!normalized) return error{error_code::unprocessable, normalized.error().message};  // validation stage
    if (options.normalize) {
      // The normalized text is parsed again and becomes the schema, as in ProtobufSchema.normalize().
      auto reparsed = parse_proto(*normalized);
      if (!reparsed) return reparsed.error();
      return std::make_shared<const protobuf_parsed_schema>(std::make_shared<const proto_file>(std::move(*reparsed)),
                                                            std::move(dependencies), *normalized);
    }
  }
  type_index types = build_type_index(*file, dependencies);
  auto canonical = print_proto(*file, types, {});
  if (!canonical) return canonical.error();
  return std::make_shared<const protobuf_parsed_schema>(std::move(file), std::move(dependencies), *canonical);
}

const schema_format* protobuf_schema_format() {
  static const protobuf_format instance;
  return &instance;
}

}  // namespace tessera::formats::protobuf
