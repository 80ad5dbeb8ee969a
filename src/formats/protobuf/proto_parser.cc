#include "formats/protobuf/proto_parser.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/stubs/logging.h>

#include "formats/protobuf/proto_convert.h"
#include "formats/protobuf/proto_option_syntax.h"
#include "formats/protobuf/proto_source.h"

namespace tessera::formats::protobuf {

namespace gp = google::protobuf;

namespace {

/// Keeps the first error; the parser reports follow-on errors we do not want.
class first_error : public gp::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (!error) error = {line, column, message};
  }
  void AddWarning(int, int, const std::string&) override {}

  struct entry {
    int line;
    int column;
    std::string message;
  };
  std::optional<entry> error;
};

std::string position(int line, int column) { return ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1); }

/// Wire's words where its message and libprotobuf's differ in a way clients may match on.
std::string wire_message(const std::string& message) {
  const std::string syntax_prefix = "Unrecognized syntax identifier \"";
  if (message.rfind(syntax_prefix, 0) == 0) {
    auto end = message.find('"', syntax_prefix.size());
    return "unexpected syntax: " + message.substr(syntax_prefix.size(), end - syntax_prefix.size());
  }
  return message;
}

std::optional<std::string> base64_decode(std::string_view s) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (s.empty() || s.size() % 4 != 0) return std::nullopt;
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '=') {
      if (i + 2 < s.size()) return std::nullopt;
      break;
    }
    auto v = alphabet.find(c);
    if (v == std::string::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

/// Brace/bracket nesting beyond any real schema is refused before parsing: the elements,
/// the aggregate reader and the printer all recurse once per level.
constexpr int max_nesting = 64;

std::optional<std::string> too_deep(std::string_view text) {
  first_error ignored;
  gp::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  gp::io::Tokenizer tokenizer(&input, &ignored);
  int depth = 0;
  while (tokenizer.Next()) {
    const auto& t = tokenizer.current();
    if (t.type != gp::io::Tokenizer::TYPE_SYMBOL) continue;
    if (t.text == "{" || t.text == "[" || t.text == "<") {
      if (++depth > max_nesting) {
        return "Syntax error in " + position(t.line, t.column) + ": nesting deeper than " +
               std::to_string(max_nesting) + " levels";
      }
    } else if ((t.text == "}" || t.text == "]" || t.text == ">") && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

/// Checks Wire's parser makes and libprotobuf's parser leaves to the descriptor builder.
std::optional<std::string> wire_checks(const gp::FileDescriptorProto& file, const source_index& source) {
  // 'required' is a syntax error in proto3 for Wire.
  if (file.syntax() == "proto3") {
    std::function<std::optional<std::string>(const gp::DescriptorProto&, const proto_path&)> fields;
    fields = [&](const gp::DescriptorProto& d, const proto_path& path) -> std::optional<std::string> {
      for (int i = 0; i < d.field_size(); ++i) {
        if (d.field(i).label() != gp::FieldDescriptorProto::LABEL_REQUIRED) continue;
        auto at = source.first(extend_path(path, {2, i, 4}));
        if (at) {
          return "Syntax error in " + position(at->start_line, at->start_col) +
                 ": 'required' label forbidden in proto3 field declarations";
        }
      }
      for (int j = 0; j < d.nested_type_size(); ++j) {
        if (auto e = fields(d.nested_type(j), extend_path(path, {3, j}))) return e;
      }
      return std::nullopt;
    };
    for (int i = 0; i < file.message_type_size(); ++i) {
      if (auto e = fields(file.message_type(i), {4, i})) return e;
    }
  }
  // A type name declared twice in one scope.
  std::function<std::optional<std::string>(const std::vector<std::pair<std::string, proto_path>>&)> scope;
  scope = [&](const std::vector<std::pair<std::string, proto_path>>& names) -> std::optional<std::string> {
    std::map<std::string, proto_path> seen;
    for (const auto& [name, path] : names) {
      auto [it, fresh] = seen.emplace(name, path);
      if (fresh) continue;
      auto first = source.first(it->second);
      auto again = source.first(path);
      if (first && again) {
        return name + " (" + position(again->start_line, again->start_col) + ") is already defined at " +
               position(first->start_line, first->start_col);
      }
    }
    return std::nullopt;
  };
  std::function<std::optional<std::string>(const gp::DescriptorProto&, const proto_path&)> nested;
  nested = [&](const gp::DescriptorProto& d, const proto_path& path) -> std::optional<std::string> {
    std::vector<std::pair<std::string, proto_path>> names;
    for (int j = 0; j < d.nested_type_size(); ++j) {
      if (d.nested_type(j).options().has_map_entry()) continue;
      names.push_back({d.nested_type(j).name(), extend_path(path, {3, j})});
    }
    for (int j = 0; j < d.enum_type_size(); ++j) names.push_back({d.enum_type(j).name(), extend_path(path, {4, j})});
    if (auto e = scope(names)) return e;
    for (int j = 0; j < d.nested_type_size(); ++j) {
      if (auto e = nested(d.nested_type(j), extend_path(path, {3, j}))) return e;
    }
    return std::nullopt;
  };
  std::vector<std::pair<std::string, proto_path>> names;
  for (int i = 0; i < file.message_type_size(); ++i) names.push_back({file.message_type(i).name(), {4, i}});
  for (int i = 0; i < file.enum_type_size(); ++i) names.push_back({file.enum_type(i).name(), {5, i}});
  if (auto e = scope(names)) return e;
  for (int i = 0; i < file.message_type_size(); ++i) {
    if (auto e = nested(file.message_type(i), {4, i})) return e;
  }
  return std::nullopt;
}

}  // namespace

result<proto_file> parse_proto(std::string_view text) {
  if (auto e = too_deep(text)) return fail(error_code::invalid_schema, "Could not parse Protobuf - " + *e);
  gp::FileDescriptorProto file;
  first_error errors;
  bool ok = false;
  {
    // The parser logs a warning for files without a syntax statement; that is normal here.
    gp::LogSilencer quiet;
    gp::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
    gp::io::Tokenizer tokenizer(&input, &errors);
    gp::compiler::Parser parser;
    parser.RecordErrorsTo(&errors);
    ok = parser.Parse(&tokenizer, &file);
  }
  if (!ok || errors.error) {
    if (auto bytes = base64_decode(text)) {
      gp::FileDescriptorProto decoded;
      if (decoded.ParseFromString(*bytes)) {
        if (auto e = option_syntax_error(decoded)) {
          return fail(error_code::invalid_schema, "Could not parse Protobuf - Syntax error: " + *e);
        }
        return to_proto_file(decoded, nullptr);
      }
    }
    std::string detail = errors.error ? "Syntax error in " + position(errors.error->line, errors.error->column) +
                                            ": " + wire_message(errors.error->message)
                                      : std::string("Syntax error");
    return fail(error_code::invalid_schema, "Could not parse Protobuf - " + detail);
  }
  source_index source(file.source_code_info(), text);
  if (auto e = wire_checks(file, source)) return fail(error_code::invalid_schema, "Could not parse Protobuf - " + *e);
  if (auto e = option_syntax_error(file)) {
    return fail(error_code::invalid_schema, "Could not parse Protobuf - Syntax error: " + *e);
  }
  return to_proto_file(file, &source);
}

}  // namespace tessera::formats::protobuf
