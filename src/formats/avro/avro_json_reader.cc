// Reads schema text into json_value with RapidJSON's SAX reader: numbers arrive as raw text so
// integers and floats keep their identity, and objects collapse repeated keys as Jackson does.

#include <charconv>
#include <string>
#include <unordered_map>

#include "formats/avro/avro_json.h"
#include "formats/avro/java_text.h"
#include "json/json.h"

namespace tessera::formats::avro {

namespace {

/// RapidJSON input stream over a string_view (the input need not be NUL-terminated).
class view_stream {
 public:
  using Ch = char;
  explicit view_stream(std::string_view s) : begin_(s.data()), cur_(s.data()), end_(s.data() + s.size()) {}
  Ch Peek() const { return cur_ == end_ ? '\0' : *cur_; }
  Ch Take() { return cur_ == end_ ? '\0' : *cur_++; }
  std::size_t Tell() const { return static_cast<std::size_t>(cur_ - begin_); }
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  std::size_t PutEnd(Ch*) { return 0; }

 private:
  const char* begin_;
  const char* cur_;
  const char* end_;
};

/// Objects with more members than this get a hash index for duplicate-key detection, so large
/// objects stay linear.
constexpr std::size_t index_threshold = 16;

class tree_builder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, tree_builder> {
 public:
  bool Null() { return add(json_value{}); }
  bool Bool(bool b) {
    json_value v;
    v.kind = json_kind::boolean;
    v.boolean = b;
    return add(std::move(v));
  }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    std::string_view text(s, n);
    json_value v;
    if (text.find_first_of(".eE") != std::string_view::npos) {
      std::string ignored;
      v.kind = json_kind::floating;
      v.floating = java_parse_double(text, ignored).value_or(0.0);
    } else {
      auto r = std::from_chars(text.data(), text.data() + text.size(), v.integer);
      if (r.ec == std::errc()) {
        v.kind = json_kind::integer;
      } else {
        v.kind = json_kind::big_integer;
        v.text = std::string(text);
      }
    }
    return add(std::move(v));
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return add(json_value::make_string(std::string(s, n)));
  }
  bool StartObject() { return open(json_kind::object); }
  bool StartArray() { return open(json_kind::array); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    frame& f = stack_.back();
    std::string key(s, n);
    f.pending = find_key(f, key);
    if (f.pending == npos) {
      f.value.keys.push_back(std::move(key));
      if (!f.index.empty()) f.index.emplace(f.value.keys.back(), f.value.keys.size() - 1);
    }
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  bool too_deep() const { return too_deep_; }
  json_value take_root() { return std::move(root_); }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  struct frame {
    json_value value;
    std::size_t pending = npos;  ///< member slot a repeated key overwrites
    std::unordered_map<std::string, std::size_t> index;
  };

  static std::size_t find_key(frame& f, const std::string& key) {
    auto& keys = f.value.keys;
    if (f.index.empty() && keys.size() < index_threshold) {
      for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == key) return i;
      }
      return npos;
    }
    if (f.index.empty()) {
      for (std::size_t i = 0; i < keys.size(); ++i) f.index.emplace(keys[i], i);
    }
    auto it = f.index.find(key);
    return it == f.index.end() ? npos : it->second;
  }

  bool open(json_kind kind) {
    if (static_cast<int>(stack_.size()) >= json::max_depth) {
      too_deep_ = true;
      return false;
    }
    stack_.emplace_back();
    stack_.back().value.kind = kind;
    return true;
  }

  bool close() {
    json_value v = std::move(stack_.back().value);
    stack_.pop_back();
    return add(std::move(v));
  }

  bool add(json_value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return true;
    }
    frame& f = stack_.back();
    if (f.value.kind == json_kind::object && f.pending != npos) {
      // Jackson's ObjectNode.set: the later value replaces the earlier one in place.
      f.value.items[f.pending] = std::move(v);
      f.pending = npos;
    } else {
      f.value.items.push_back(std::move(v));
    }
    return true;
  }

  std::vector<frame> stack_;
  json_value root_;
  bool too_deep_ = false;
};

}  // namespace

json_document parse_json(std::string_view text) {
  json_document doc;
  tree_builder builder;
  view_stream stream(text);
  rapidjson::Reader reader;
  constexpr unsigned flags = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseCommentsFlag |
                             rapidjson::kParseStopWhenDoneFlag |
                             rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;
  rapidjson::ParseResult r = reader.Parse<flags>(stream, builder);
  if (r.IsError()) {
    if (r.Code() == rapidjson::kParseErrorDocumentEmpty) {
      doc.status = json_status::empty;
      return doc;
    }
    doc.status = json_status::invalid;
    if (builder.too_deep()) {
      doc.error = "Invalid JSON: nesting is deeper than " + std::to_string(json::max_depth) + " levels";
    } else {
      doc.error = std::string("Invalid JSON: ") + rapidjson::GetParseError_En(r.Code()) +
                  " (at offset " + std::to_string(r.Offset()) + ")";
    }
    return doc;
  }
  doc.status = json_status::ok;
  doc.root = builder.take_root();
  doc.end = stream.Tell();
  return doc;
}

}  // namespace tessera::formats::avro
