// The Protobuf texts of the recorded Confluent 7.9 HTTP corpus, checked without HTTP: every
// schema a Protobuf scenario registers is parsed here, and every recorded GET of it (plain,
// `format=serialized`, `format=ignore_extensions`) and every recorded 42201 detail must match.

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "json/json.h"
#include "unit/formats/protobuf_test_support.h"

namespace tessera::formats {
namespace {

const std::set<std::string> scenarios = {"reg-proto",   "reg-proto-valid",   "reg-proto-invalid",
                                         "refs-proto",  "proto-descriptors", "reg-proto-normalize"};

std::string str(const json::value& v, const char* key) {
  auto s = json::get_string(v, key);
  return s ? std::string(*s) : std::string();
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct registered {
  std::string text;
  std::vector<resolved_reference> refs;
  bool normalize = false;
};

TEST(ProtobufHttpCorpus, RecordedTextsAndDescriptorsMatch) {
  std::string dir = test::proto_shared_dir() + "/external/confluent-recorded/tests/http_conformance/";
  json::document steps_doc;
  json::document golden;
  ASSERT_FALSE(json::parse(test::slurp(dir + "scenarios.json"), steps_doc));
  ASSERT_FALSE(json::parse(test::slurp(dir + "golden.json"), golden));
  int checked = 0;
  int passed = 0;
  std::vector<std::string> failures;
  auto check = [&](const std::string& where, const std::string& want, const std::string& got) {
    ++checked;
    if (want == got) {
      ++passed;
    } else {
      failures.push_back(where + "\n  want " + want + "\n  got  " + got);
    }
  };
  for (const auto& sc : steps_doc.GetArray()) {
    std::string name = str(sc, "name");
    if (!scenarios.count(name)) continue;
    std::map<std::string, registered> subjects;  // first version only: these scenarios use v1
    const auto& records = golden[name.c_str()];
    for (rapidjson::SizeType i = 0; i < sc["steps"].Size(); ++i) {
      const auto& step = sc["steps"][i];
      const auto& rec = records[i];
      std::string where = name + "#" + std::to_string(i);
      std::string method = str(step, "m");
      std::string path = str(step, "p");
      int status = rec["status"].GetInt();
      std::string query = path.find('?') == std::string::npos ? "" : path.substr(path.find('?') + 1);
      std::string route = path.substr(0, path.find('?'));
      if (method == "POST" && route.rfind("/subjects/", 0) == 0 && step.HasMember("b") && step["b"].IsObject() &&
          str(step["b"], "schemaType") == "PROTOBUF") {
        const auto& body = step["b"];
        registered r{str(body, "schema"), {}, query.find("normalize=true") != std::string::npos};
        bool refs_ok = true;
        if (body.HasMember("references")) {
          for (const auto& ref : body["references"].GetArray()) {
            auto it = subjects.find(str(ref, "subject"));
            if (it == subjects.end()) {
              refs_ok = false;
              continue;
            }
            r.refs.push_back(test::proto_ref(str(ref, "name"), it->second.text, str(ref, "subject"), 1));
          }
        }
        if (!refs_ok || r.text.empty()) continue;
        auto parsed = test::parse_proto_schema(r.text, r.refs, true, r.normalize);
        if (status == 200) {
          check(where + " accepted", "", parsed.ok() ? "" : parsed.error);
          std::string subject = percent_decode(route.substr(10, route.find('/', 10) - 10));
          if (route.find("/versions") != std::string::npos && !subjects.count(subject)) subjects[subject] = r;
        } else if (status == 422 && rec["body"].IsObject()) {
          std::string message = str(rec["body"], "message");
          auto at = message.find("details: ");
          if (at == std::string::npos) continue;
          std::string detail = message.substr(at + 9);
          if (parsed.ok()) {
            check(where + " rejected", detail, "accepted");
          } else if (detail.rfind("Could not parse Protobuf - ", 0) == 0) {
            // Syntax errors: wording differs between Wire and libprotobuf (see the design note).
            check(where + " rejected", "Could not parse Protobuf", parsed.error.substr(0, 24));
          } else {
            check(where + " rejected", detail, parsed.error);
          }
        }
        continue;
      }
      if (method != "GET" || route.rfind("/subjects/", 0) != 0 || status != 200) continue;
      auto versions = route.find("/versions/1");
      if (versions == std::string::npos) continue;
      std::string subject = percent_decode(route.substr(10, versions - 10));
      auto it = subjects.find(subject);
      if (it == subjects.end()) continue;
      auto parsed = test::parse_proto_schema(it->second.text, it->second.refs, true, it->second.normalize);
      if (!parsed.ok()) continue;
      const auto& body = rec["body"];
      if (route.size() == versions + 11) {
        check(where, str(body, "schema"), parsed.schema->canonical_text());
      } else if (route.substr(versions + 11) == "/schema") {
        std::string format = query.rfind("format=", 0) == 0 ? query.substr(7) : "";
        check(where + " " + format, str(body, "text"), parsed.schema->formatted(format));
      }
    }
  }
  std::cout << "protobuf http corpus checks: " << passed << "/" << checked << "\n";
  EXPECT_GT(checked, 50);
  for (const auto& f : failures) ADD_FAILURE() << f;
}

}  // namespace
}  // namespace tessera::formats
