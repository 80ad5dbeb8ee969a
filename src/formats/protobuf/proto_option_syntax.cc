#include "formats/protobuf/proto_option_syntax.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/reflection.h>

#include "formats/protobuf/proto_options.h"

namespace tessera::formats::protobuf {

namespace gp = google::protobuf;

namespace {

/// Wire's readWord alphabet: names, numbers (1e+5, -inf) and dotted paths.
bool is_word(const std::string& t) {
  if (t.empty()) return false;
  for (char c : t) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-' && c != '+') return false;
  }
  return true;
}

std::string without_slashes(std::string t) {
  std::erase(t, '/');
  return t;
}

bool is_string(const std::string& t) {
  return t.size() >= 2 && (t[0] == '"' || t[0] == '\'') && t.back() == t[0];
}

/// A recursive-descent check over the tokens; recursion is bounded by the parser's nesting cap.
class checker {
 public:
  explicit checker(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {}

  std::optional<std::string> map(const char* close) {
    while (!at_end() && peek() != close) {
      if (peek() == "[") {
        ++pos_;
        while (!at_end() && peek() != "]") {
          // Type URLs (`[type.googleapis.com/pkg.Msg]`) are one token with slashes.
          if (!is_word(peek()) && peek().find_first_not_of("/") != std::string::npos &&
              !is_word(without_slashes(peek()))) {
            return expected("an extension name");
          }
          ++pos_;
        }
        if (at_end()) return expected("']'");
        ++pos_;
      } else if (is_word(peek())) {
        ++pos_;
      } else {
        return expected("an option name");
      }
      if (peek() == ":") {
        ++pos_;
      } else if (peek() != "{" && peek() != "<") {
        return expected("':'");
      }
      if (auto e = value()) return e;
      if (peek() == "," || peek() == ";") ++pos_;
    }
    if (close[0] != '\0') {
      if (at_end()) return expected(std::string("'") + close + "'");
      ++pos_;
    }
    return std::nullopt;
  }

  bool done() const { return at_end(); }

 private:
  std::optional<std::string> value() {
    const std::string& t = peek();
    if (t == "{" || t == "<") {
      ++pos_;
      return map(t == "{" ? "}" : ">");
    }
    if (t == "[") {
      ++pos_;
      while (!at_end() && peek() != "]") {
        if (auto e = value()) return e;
        if (peek() == ",") {
          ++pos_;
        } else if (peek() != "]") {
          return expected("',' or ']'");
        }
      }
      if (at_end()) return expected("']'");
      ++pos_;
      return std::nullopt;
    }
    if (is_string(t)) {
      while (is_string(peek())) ++pos_;
      return std::nullopt;
    }
    if (is_word(t)) {
      // libprotobuf re-joins tokens with spaces, so `-5` arrives as `- 5`.
      ++pos_;
      if (t == "-" && is_word(peek())) ++pos_;
      return std::nullopt;
    }
    return expected("a value");
  }

  bool at_end() const { return pos_ >= tokens_.size(); }
  const std::string& peek() const {
    static const std::string end;
    return at_end() ? end : tokens_[pos_];
  }
  std::optional<std::string> expected(const std::string& what) const {
    return "expected " + what + " in option value, found " + (at_end() ? std::string("the end") : "'" + peek() + "'");
  }

  std::vector<std::string> tokens_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<std::string> aggregate_syntax_error(std::string_view text) {
  checker c(aggregate_tokens(text));
  if (auto e = c.map("")) return e;
  return std::nullopt;
}

std::optional<std::string> option_syntax_error(const gp::Message& m) {
  if (const auto* u = dynamic_cast<const gp::UninterpretedOption*>(&m)) {
    return u->has_aggregate_value() ? aggregate_syntax_error(u->aggregate_value()) : std::nullopt;
  }
  const gp::Reflection* r = m.GetReflection();
  std::vector<const gp::FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  for (const auto* f : fields) {
    if (f->cpp_type() != gp::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      for (int i = 0; i < r->FieldSize(m, f); ++i) {
        if (auto e = option_syntax_error(r->GetRepeatedMessage(m, f, i))) return e;
      }
    } else if (auto e = option_syntax_error(r->GetMessage(m, f))) {
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace tessera::formats::protobuf
