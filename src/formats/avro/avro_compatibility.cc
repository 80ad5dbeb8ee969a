#include "formats/avro/avro_compatibility.h"

#include <algorithm>
#include <deque>
#include <stdexcept>

#include "formats/avro/avro_writer.h"
#include "formats/avro/java_text.h"

namespace tessera::formats::avro {

namespace {

/// Java's AvroRuntimeException from lookupWriterField; caught at the top of the check.
struct compat_exception : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using result_list = std::vector<avro_incompatibility>;
using location = std::vector<std::string>;

/// Java merges result lists by copying them, so a type reached many times can multiply its
/// entries; past this many the rest are dropped to keep a hostile schema from exhausting memory.
constexpr std::size_t max_reported = 100000;

void merge(result_list& into, const result_list& from) {
  std::size_t room = max_reported > into.size() ? max_reported - into.size() : 0;
  into.insert(into.end(), from.begin(), from.begin() + static_cast<std::ptrdiff_t>(std::min(room, from.size())));
}

/// `Incompatibility.getLocation()`: the tokens after the root one, JSON-pointer escaped.
std::string pointer(const location& loc) {
  std::string s = "/";
  for (std::size_t i = 1; i < loc.size(); ++i) {
    if (i > 1) s += '/';
    for (char c : loc[i]) {
      if (c == '~') {
        s += "~0";
      } else if (c == '/') {
        s += "~1";
      } else {
        s += c;
      }
    }
  }
  return s;
}

/// (reader node, writer node) → a value, by open addressing: a check of a record with many fields
/// visits a pair per field and union branch, and a node-based map allocated for each of them.
class pair_memo {
 public:
  /// Room for about `pairs` pairs before the first rehash.
  void reserve(std::size_t pairs) {
    std::size_t size = 64;
    while (size < pairs * 2) size *= 2;
    if (size > slots_.size()) {
      std::vector<std::pair<std::uint64_t, std::int64_t>> old(size);
      old.swap(slots_);
      used_ = 0;
      for (const auto& [stored, value] : old) {
        if (stored != 0) set(stored - 1, value);
      }
    }
  }

  /// The value stored for the pair, or nullptr.
  std::int64_t* find(std::uint64_t key) {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = slot_of(key);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i].first == 0) return nullptr;
      if (slots_[i].first == key + 1) return &slots_[i].second;
    }
  }
  void set(std::uint64_t key, std::int64_t value) {
    if (std::int64_t* v = find(key)) {
      *v = value;
      return;
    }
    if ((used_ + 1) * 2 > slots_.size()) grow();
    std::size_t i = slot_of(key);
    while (slots_[i].first != 0) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = {key + 1, value};  // stored as key + 1: 0 marks a free slot
    ++used_;
  }

 private:
  std::size_t slot_of(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & (slots_.size() - 1);
  }
  void grow() { reserve(std::max<std::size_t>(32, slots_.size())); }

  std::vector<std::pair<std::uint64_t, std::int64_t>> slots_;  ///< size a power of two, or empty
  std::size_t used_ = 0;
};

class checker {
 public:
  checker(const schema_tree& rt, const schema_tree& wt) : rt_(rt), wt_(wt) {
    memo_.reserve(2 * (rt.size() + wt.size()));  // a pair per field and union branch, about
  }

  /// Java's public `getCompatibility(reader, writer)`: a fresh location stack at the root. The
  /// stacks are kept per nesting depth and reused, so a nested fresh check allocates nothing.
  result_list check(node_id r, node_id w) {
    if (fresh_depth_ == fresh_locations_.size()) fresh_locations_.emplace_back();
    location& loc = fresh_locations_[fresh_depth_++];
    struct leave_depth {
      std::size_t& depth;
      ~leave_depth() { --depth; }
    } leave{fresh_depth_};
    loc.clear();
    return check(std::string(), r, w, loc);
  }

 private:
  result_list check(std::string token, node_id r, node_id w, location& loc) {
    loc.push_back(std::move(token));
    const std::uint64_t key = (static_cast<std::uint64_t>(r) << 32) | w;
    result_list result;
    if (const std::int64_t* known = memo_.find(key)) {
      // A pair still in progress is a recursion: compatible unless proven otherwise.
      if (*known >= 0) result = results_[static_cast<std::size_t>(*known)];
    } else {
      memo_.set(key, in_progress);
      result = calculate(r, w, loc);
      if (result.empty()) {
        memo_.set(key, compatible);
      } else {
        results_.push_back(result);
        memo_.set(key, static_cast<std::int64_t>(results_.size() - 1));
      }
    }
    loc.pop_back();
    return result;
  }

  static void add(result_list& out, incompatibility_type t, std::string message, const location& loc) {
    if (out.size() < max_reported) out.push_back({t, pointer(loc), std::move(message)});
  }

  static void type_mismatch(result_list& out, const node& r, const node& w, const location& loc) {
    add(out, incompatibility_type::type_mismatch,
        "reader type: " + std::string(type_constant(r.type)) + " not compatible with writer type: " +
            std::string(type_constant(w.type)),
        loc);
  }

  result_list calculate(node_id rid, node_id wid, location& loc) {
    const node& r = rt_.at(rid);
    const node& w = wt_.at(wid);
    result_list result;
    if (r.type == w.type) {
      switch (r.type) {
        case avro_type::array:
        case avro_type::map:
          merge(result, check(r.type == avro_type::array ? "items" : "values", r.child, w.child, loc));
          return result;
        case avro_type::fixed:
          check_names(result, r, w, loc);
          check_fixed_size(result, r, w, loc);
          return result;
        case avro_type::enumeration:
          check_names(result, r, w, loc);
          check_enum_symbols(result, r, w, loc);
          return result;
        case avro_type::record:
          check_names(result, r, w, loc);
          check_fields(result, r, w, wid, loc);
          return result;
        case avro_type::union_type:
          // Every writer branch must be readable; only the branch failure is reported.
          for (std::size_t i = 0; i < w.branches.size(); ++i) {
            loc.push_back(std::to_string(i));
            if (!check(rid, w.branches[i]).empty()) {
              add(result, incompatibility_type::missing_union_branch,
                  "reader union lacking writer type: " + std::string(type_constant(wt_.at(w.branches[i]).type)),
                  loc);
            }
            loc.pop_back();
          }
          return result;
        default: return result;  // identical primitives
      }
    }
    if (w.type == avro_type::union_type) {
      // Each writer branch is checked from a fresh root location (Java 1.11 behaviour).
      for (node_id b : w.branches) merge(result, check(rid, b));
      return result;
    }
    switch (r.type) {
      case avro_type::int64:
        if (w.type != avro_type::int32) type_mismatch(result, r, w, loc);
        return result;
      case avro_type::float32:
        if (w.type != avro_type::int32 && w.type != avro_type::int64) type_mismatch(result, r, w, loc);
        return result;
      case avro_type::float64:
        if (w.type != avro_type::int32 && w.type != avro_type::int64 && w.type != avro_type::float32) {
          type_mismatch(result, r, w, loc);
        }
        return result;
      case avro_type::bytes:
        if (w.type != avro_type::string) type_mismatch(result, r, w, loc);
        return result;
      case avro_type::string:
        if (w.type != avro_type::bytes) type_mismatch(result, r, w, loc);
        return result;
      case avro_type::union_type:
        for (node_id b : r.branches) {
          if (check(b, wid).empty()) return result;
        }
        add(result, incompatibility_type::missing_union_branch,
            "reader union lacking writer type: " + std::string(type_constant(w.type)), loc);
        return result;
      default: type_mismatch(result, r, w, loc); return result;
    }
  }

  /// `schemaNameEquals`: simple names match, or the writer's full name is a reader alias.
  static void check_names(result_list& out, const node& r, const node& w, location& loc) {
    loc.push_back("name");
    const named_type& rn = *r.named;
    const named_type& wn = *w.named;
    bool equal = rn.name == wn.name || std::find(rn.aliases.begin(), rn.aliases.end(), wn.full) != rn.aliases.end();
    if (!equal) add(out, incompatibility_type::name_mismatch, "expected: " + wn.full, loc);
    loc.pop_back();
  }

  static void check_fixed_size(result_list& out, const node& r, const node& w, location& loc) {
    loc.push_back("size");
    if (r.named->size != w.named->size) {
      add(out, incompatibility_type::fixed_size_mismatch,
          "expected: " + std::to_string(w.named->size) + ", found: " + std::to_string(r.named->size), loc);
    }
    loc.pop_back();
  }

  static void check_enum_symbols(result_list& out, const node& reader, const node& writer, location& loc) {
    const named_type& r = *reader.named;
    loc.push_back("symbols");
    std::vector<std::string> missing;
    for (const std::string& s : writer.named->symbols) {
      if (!schema_tree::has_symbol(r, s)) missing.push_back(s);
    }
    // A reader default that is one of its symbols absorbs unknown writer symbols.
    if (!missing.empty() && !(r.enum_default && schema_tree::has_symbol(r, *r.enum_default))) {
      std::sort(missing.begin(), missing.end(), java_string_less);  // Java prints a TreeSet
      std::string text = "[";
      for (std::size_t i = 0; i < missing.size(); ++i) text += (i > 0 ? ", " : "") + missing[i];
      add(out, incompatibility_type::missing_enum_symbols, text + "]", loc);
    }
    loc.pop_back();
  }

  void check_fields(result_list& out, const node& reader, const node& writer, node_id wid, location& loc) {
    const named_type& r = *reader.named;
    const named_type& w = *writer.named;
    loc.push_back("fields");
    for (std::size_t pos = 0; pos < r.fields.size(); ++pos) {
      const field& rf = r.fields[pos];
      loc.push_back(std::to_string(pos));
      std::optional<std::uint32_t> wf = lookup_writer_field(r, pos, w, wid);
      if (wf) {
        merge(out, check("type", rf.type, w.fields[*wf].type, loc));
      } else if (!rf.default_value) {
        const node& ft = rt_.at(rf.type);
        if (ft.type == avro_type::enumeration && ft.named->enum_default) {
          // Java compares the enum against the writer *record* here; kept as is.
          merge(out, check("type", rf.type, wid, loc));
        } else {
          add(out, incompatibility_type::reader_field_missing_default_value, rf.name, loc);
        }
      }
      loc.pop_back();
    }
    loc.pop_back();
  }

  /// `lookupWriterField`: by name, then by each reader alias; two matches is an error.
  std::optional<std::uint32_t> lookup_writer_field(const named_type& r, std::size_t pos, const named_type& w,
                                                   node_id wid) {
    const field& rf = r.fields[pos];
    std::optional<std::uint32_t> found = schema_tree::find_field(w, rf.name);
    int matches = found ? 1 : 0;
    for (const std::string& alias : rf.aliases) {
      if (std::optional<std::uint32_t> a = schema_tree::find_field(w, alias)) {
        if (!found) found = a;
        ++matches;
      }
    }
    if (matches > 1) {
      throw compat_exception("Reader record field " + rf.name + " type:" +
                             std::string(type_constant(rt_.at(rf.type).type)) + " pos:" + std::to_string(pos) +
                             " matches multiple fields in writer record schema " + write_schema(wt_, wid));
    }
    return found;
  }

  const schema_tree& rt_;
  const schema_tree& wt_;
  static constexpr std::int64_t in_progress = -1;
  static constexpr std::int64_t compatible = -2;  ///< no incompatibility (results_ keeps the others)
  pair_memo memo_;  ///< index into results_, or one of the two above
  std::vector<result_list> results_;
  std::deque<location> fresh_locations_;  ///< a deque: growing it keeps outer frames' references valid
  std::size_t fresh_depth_ = 0;
};

}  // namespace

std::string_view to_string_view(incompatibility_type t) {
  switch (t) {
    case incompatibility_type::name_mismatch: return "NAME_MISMATCH";
    case incompatibility_type::fixed_size_mismatch: return "FIXED_SIZE_MISMATCH";
    case incompatibility_type::missing_enum_symbols: return "MISSING_ENUM_SYMBOLS";
    case incompatibility_type::reader_field_missing_default_value: return "READER_FIELD_MISSING_DEFAULT_VALUE";
    case incompatibility_type::type_mismatch: return "TYPE_MISMATCH";
    case incompatibility_type::missing_union_branch: return "MISSING_UNION_BRANCH";
  }
  return "";
}

compatibility_outcome check_reader_writer(const schema_tree& reader_tree, node_id reader,
                                          const schema_tree& writer_tree, node_id writer) {
  compatibility_outcome out;
  checker c(reader_tree, writer_tree);
  try {
    out.incompatibilities = c.check(reader, writer);
  } catch (const compat_exception& e) {
    out.exception = e.what();
  }
  return out;
}

std::string render_incompatibility(const avro_incompatibility& i, std::string_view reader_word,
                                   std::string_view writer_word) {
  const std::string& p = i.location;
  std::string r(reader_word);
  std::string w(writer_word);
  std::string description;
  switch (i.type) {
    case incompatibility_type::fixed_size_mismatch:
      description = "The size of FIXED type field at path '" + p + "' in the " + r +
                    " schema does not match with the " + w + " schema";
      break;
    case incompatibility_type::type_mismatch:
      description = "The type (path '" + p + "') of a field in the " + r + " schema does not match with the " +
                    w + " schema";
      break;
    case incompatibility_type::name_mismatch:
      description = "The name of the schema has changed (path '" + p + "')";
      break;
    case incompatibility_type::missing_enum_symbols:
      description = "The " + r + " schema is missing enum symbols '" + i.message + "' at path '" + p +
                    "' in the " + w + " schema";
      break;
    case incompatibility_type::missing_union_branch:
      description = "The " + r + " schema is missing a type inside a union field at path '" + p + "' in the " +
                    w + " schema";
      break;
    case incompatibility_type::reader_field_missing_default_value:
      description = "The field '" + i.message + "' at path '" + p + "' in the " + r +
                    " schema has no default value and is missing in the " + w + " schema";
      break;
  }
  return "{errorType:'" + std::string(to_string_view(i.type)) + "', description:'" + description +
         "', additionalInfo:'" + i.message + "'}";
}

}  // namespace tessera::formats::avro
