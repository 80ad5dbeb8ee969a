#include "config/yaml_loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <sstream>
#include <string>

namespace tessera::config {

namespace {

int line_of(const YAML::Node& node) {
  auto mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

std::string at_line(const YAML::Node& node) {
  int line = line_of(node);
  return line > 0 ? "line " + std::to_string(line) + ": " : std::string();
}

class flattener {
 public:
  result<source_entries> run(const YAML::Node& root) {
    if (auto r = walk(root, ""); !r) return r.error();
    return std::move(entries_);
  }

 private:
  result<void> walk(const YAML::Node& map, const std::string& prefix) {
    for (const auto& kv : map) {
      const YAML::Node& k = kv.first;
      const YAML::Node& value = kv.second;
      if (!k.IsScalar() || k.Scalar().empty()) {
        return fail(error_code::bad_request, at_line(k) + "keys must be non-empty scalars");
      }
      std::string key = prefix.empty() ? k.Scalar() : prefix + "." + k.Scalar();
      if (value.IsMap()) {
        if (auto r = walk(value, key); !r) return r;
        continue;
      }
      std::string text;
      if (value.IsSequence()) {
        for (const auto& item : value) {
          if (!item.IsScalar()) {
            return fail(error_code::bad_request, at_line(item) + key + ": list items must be scalars");
          }
          text += (text.empty() ? "" : ",") + item.Scalar();
        }
      } else if (value.IsScalar()) {
        text = value.Scalar();
      }  // null: empty value, as `key=` in a properties file
      if (auto [it, fresh] = seen_.emplace(key, line_of(k)); !fresh) {
        return fail(error_code::bad_request, at_line(k) + "key '" + key + "' is defined twice (first at line " +
                                                 std::to_string(it->second) + ")");
      }
      entries_.push_back({std::move(key), std::move(text), line_of(k)});
    }
    return {};
  }

  source_entries entries_;
  std::map<std::string, int> seen_;
};

// Receives parser events and drops them: only the number of documents matters.
class ignore_events : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// yaml-cpp 0.7's LoadAll() never returns for input such as "," at the top level: the parser
// reports an empty document without consuming the token, again and again, until memory runs
// out. So documents are counted here, stopping at the second one. Throws on syntax errors.
result<void> check_single_document(std::string_view text) {
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  ignore_events sink;
  int documents = 0;
  while (documents < 2 && parser.HandleNextDocument(sink)) ++documents;
  if (documents > 1) {
    return fail(error_code::bad_request, "expected a single YAML document, but more follows the first one");
  }
  return {};
}

}  // namespace

result<source_entries> parse_yaml(std::string_view text) {
  YAML::Node root;
  try {
    if (auto single = check_single_document(text); !single) return single.error();
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    // yaml-cpp's what() already reads "yaml-cpp: error at line L, column C: ...".
    return fail(error_code::bad_request, e.what());
  }
  if (root.IsNull()) return source_entries{};
  if (!root.IsMap()) {
    return fail(error_code::bad_request, "the top level of a YAML configuration must be a mapping of keys to values");
  }
  try {
    return flattener{}.run(root);
  } catch (const YAML::Exception& e) {
    return fail(error_code::bad_request, e.what());
  }
}

}  // namespace tessera::config
