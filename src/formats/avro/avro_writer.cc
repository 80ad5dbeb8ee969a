#include "formats/avro/avro_writer.h"

#include <string_view>
#include <unordered_set>

#include "formats/avro/avro_names.h"

namespace tessera::formats::avro {

namespace {

/// `Name.getQualified(defaultSpace)` (Avro 1.11.4): the simple name when the namespace is the
/// default one, unless that simple name is also a type's name ("record", "int", ...), which
/// would read back as that type.
std::string_view qualified(std::string_view full, std::string_view space, std::string_view simple,
                           std::string_view default_space) {
  if (!space.empty() && space == default_space) return is_type_name(simple) ? full : simple;
  return full;
}

class writer {
 public:
  writer(const schema_tree& tree, std::string& out) : tree_(tree), out_(out) {}

  void know(node_id id) {
    const node& n = tree_.at(id);
    if (n.named) written_.insert(n.named->full);
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
    const named_type& t = *n.named;
    if (written_.contains(t.full)) {
      write_json_string(out_, qualified(t.full, t.space, t.name, space_));
      return;
    }
    written_.insert(t.full);
    out_ += R"({"type":)";
    write_json_string(out_, n.type == avro_type::record && t.is_error ? "error" : type_name(n.type));
    out_ += R"(,"name":)";
    write_json_string(out_, t.name);
    if (!t.space.empty()) {
      if (t.space != space_) {
        out_ += R"(,"namespace":)";
        write_json_string(out_, t.space);
      }
    } else if (!space_.empty()) {
      out_ += R"(,"namespace":"")";  // a null namespace inside a non-null one
    }
    std::string_view saved = space_;
    if (n.type == avro_type::record) space_ = t.space;
    if (t.doc) {
      out_ += R"(,"doc":)";
      write_json_string(out_, *t.doc);
    }
    if (n.type == avro_type::record) {
      // A record the parser is still inside has no fields yet (Java prints none).
      if (t.fields_set) write_fields(t);
    } else if (n.type == avro_type::enumeration) {
      out_ += R"(,"symbols":[)";
      for (std::size_t i = 0; i < t.symbols.size(); ++i) {
        if (i > 0) out_ += ',';
        write_json_string(out_, t.symbols[i]);
      }
      out_ += ']';
      if (t.enum_default) {
        out_ += R"(,"default":)";
        write_json_string(out_, *t.enum_default);
      }
    } else {
      out_ += R"(,"size":)";
      out_ += std::to_string(t.size);
    }
    write_props(n.props);
    if (!t.aliases.empty()) {
      out_ += R"(,"aliases":[)";
      for (std::size_t i = 0; i < t.aliases.size(); ++i) {
        if (i > 0) out_ += ',';
        std::string_view alias = t.aliases[i];
        std::string_view space = space_of(alias);
        std::string_view simple = space.empty() ? alias : alias.substr(space.size() + 1);
        write_json_string(out_, qualified(alias, space, simple, t.space));
      }
      out_ += ']';
    }
    out_ += '}';
    space_ = saved;
  }

  void write_fields(const named_type& t) {
    out_ += R"(,"fields":[)";
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
      const field& f = t.fields[i];
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
