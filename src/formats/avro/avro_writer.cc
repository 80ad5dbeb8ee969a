#include "formats/avro/avro_writer.h"

#include <string_view>
#include <unordered_set>

namespace tessera::formats::avro {

namespace {

/// `Name.getQualified(defaultSpace)`: the simple name when the namespace is the default one.
std::string_view qualified(std::string_view full, std::string_view space, std::string_view simple,
                           std::string_view default_space) {
  return space.empty() || space == default_space ? simple : full;
}

class writer {
 public:
  writer(const schema_tree& tree, std::string& out) : tree_(tree), out_(out) {}

  void know(node_id id) {
    const node& n = tree_.at(id);
    if (is_named(n.type)) written_.insert(n.full);
  }

  void write(node_id id) {
    const node& n = tree_.at(id);
    switch (n.type) {
      case avro_type::record:
      case avro_type::enumeration:
      case avro_type::fixed: write_named(n); return;
      case avro_type::array:
      case avro_type::map:
        out_ += n.type == avro_type::array ? R"({"type":"array","items":)" : R"({"type":"map","values":)";
        write(n.child);
        write_props(n.props);
        out_ += '}';
        return;
      case avro_type::union_type:
        out_ += '[';
        for (std::size_t i = 0; i < n.branches.size(); ++i) {
          if (i > 0) out_ += ',';
          write(n.branches[i]);
        }
        out_ += ']';
        return;
      default:
        if (n.props.empty()) {
          write_json_string(out_, type_name(n.type));
        } else {
          out_ += R"({"type":)";
          write_json_string(out_, type_name(n.type));
          write_props(n.props);
          out_ += '}';
        }
    }
  }

 private:
  void write_named(const node& n) {
    if (written_.contains(n.full)) {
      write_json_string(out_, qualified(n.full, n.space, n.name, space_));
      return;
    }
    written_.insert(n.full);
    out_ += R"({"type":)";
    write_json_string(out_, n.type == avro_type::record && n.is_error ? "error" : type_name(n.type));
    out_ += R"(,"name":)";
    write_json_string(out_, n.name);
    if (!n.space.empty()) {
      if (n.space != space_) {
        out_ += R"(,"namespace":)";
        write_json_string(out_, n.space);
      }
    } else if (!space_.empty()) {
      out_ += R"(,"namespace":"")";  // a null namespace inside a non-null one
    }
    std::string_view saved = space_;
    if (n.type == avro_type::record) space_ = n.space;
    if (n.doc) {
      out_ += R"(,"doc":)";
      write_json_string(out_, *n.doc);
    }
    if (n.type == avro_type::record) {
      // A record the parser is still inside has no fields yet (Java prints none).
      if (n.fields_set) write_fields(n);
    } else if (n.type == avro_type::enumeration) {
      out_ += R"(,"symbols":[)";
      for (std::size_t i = 0; i < n.symbols.size(); ++i) {
        if (i > 0) out_ += ',';
        write_json_string(out_, n.symbols[i]);
      }
      out_ += ']';
      if (n.enum_default) {
        out_ += R"(,"default":)";
        write_json_string(out_, *n.enum_default);
      }
    } else {
      out_ += R"(,"size":)";
      out_ += std::to_string(n.size);
    }
    write_props(n.props);
    if (!n.aliases.empty()) {
      out_ += R"(,"aliases":[)";
      for (std::size_t i = 0; i < n.aliases.size(); ++i) {
        if (i > 0) out_ += ',';
        const std::string& alias = n.aliases[i];
        auto dot = alias.rfind('.');
        std::string_view space = dot == std::string::npos ? std::string_view() : std::string_view(alias).substr(0, dot);
        std::string_view simple = dot == std::string::npos ? std::string_view(alias) : std::string_view(alias).substr(dot + 1);
        write_json_string(out_, qualified(alias, space, simple, n.space));
      }
      out_ += ']';
    }
    out_ += '}';
    space_ = saved;
  }

  void write_fields(const node& n) {
    out_ += R"(,"fields":[)";
    for (std::size_t i = 0; i < n.fields.size(); ++i) {
      const field& f = n.fields[i];
      if (i > 0) out_ += ',';
      out_ += R"({"name":)";
      write_json_string(out_, f.name);
      out_ += R"(,"type":)";
      write(f.type);
      if (f.doc) {
        out_ += R"(,"doc":)";
        write_json_string(out_, *f.doc);
      }
      if (f.default_value) {
        out_ += R"(,"default":)";
        write_json(out_, *f.default_value);
      }
      if (f.order != field_order::ascending) {
        out_ += f.order == field_order::descending ? R"(,"order":"descending")" : R"(,"order":"ignore")";
      }
      if (!f.aliases.empty()) {
        out_ += R"(,"aliases":[)";
        for (std::size_t k = 0; k < f.aliases.size(); ++k) {
          if (k > 0) out_ += ',';
          write_json_string(out_, f.aliases[k]);
        }
        out_ += ']';
      }
      write_props(f.props);
      out_ += '}';
    }
    out_ += ']';
  }

  void write_props(const std::vector<property>& props) {
    for (const property& p : props) {
      out_ += ',';
      write_json_string(out_, p.key);
      out_ += ':';
      write_json(out_, p.value);
    }
  }

  const schema_tree& tree_;
  std::string& out_;
  std::unordered_set<std::string_view> written_;
  std::string_view space_;
};

}  // namespace

std::string write_schema(const schema_tree& tree, node_id root, std::span<const node_id> known) {
  std::string out;
  writer w(tree, out);
  for (node_id id : known) w.know(id);
  w.write(root);
  return out;
}

}  // namespace tessera::formats::avro
