// Checks the Avro texts the recorded HTTP exchanges show (external/confluent-recorded/
// tests/http_conformance): the "details" part of every 42201 for an Avro schema, acceptance of
// every Avro schema Confluent accepted, and the canonical text Confluent served back. The lead's
// full HTTP replay covers the rest of each exchange.

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "json/json.h"
#include "unit/formats/avro_test_support.h"

namespace tessera::formats {
namespace {

using test::parse_avro;
using test::parse_outcome;

const std::set<std::string> avro_scenarios = {"avro-invalid-2", "avro-defaults",      "reg-avro-invalid",
                                              "reg-avro-valid", "reg-avro-normalize", "reg-avro",
                                              "compat-types",   "refs-avro"};

enum class request_kind { none, register_schema, lookup, compatibility, get_version };

struct request {
  request_kind kind = request_kind::none;
  std::string subject;
  std::string version;  ///< for get_version
  bool normalize = false;
};

std::string decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

request classify(std::string_view method, std::string_view path) {
  request r;
  auto q = path.find('?');
  std::string_view query = q == std::string_view::npos ? std::string_view() : path.substr(q + 1);
  path = path.substr(0, q);
  r.normalize = query.find("normalize=true") != std::string_view::npos;
  std::vector<std::string> seg;
  for (std::size_t i = 1; i <= path.size();) {
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    seg.push_back(decode(path.substr(i, j - i)));
    i = j + 1;
  }
  if (method == "POST" && seg.size() == 3 && seg[0] == "subjects" && seg[2] == "versions") {
    r.kind = request_kind::register_schema;
    r.subject = seg[1];
  } else if (method == "POST" && seg.size() == 2 && seg[0] == "subjects") {
    r.kind = request_kind::lookup;
    r.subject = seg[1];
  } else if (method == "POST" && !seg.empty() && seg[0] == "compatibility") {
    r.kind = request_kind::compatibility;
    r.subject = seg.size() > 2 ? seg[2] : "";
  } else if (method == "GET" && seg.size() == 4 && seg[0] == "subjects" && seg[2] == "versions") {
    r.kind = request_kind::get_version;
    r.subject = seg[1];
    r.version = seg[3];
  }
  return r;
}

std::string str(const json::value& v, const char* key) {
  auto s = json::get_string(v, key);
  return s ? std::string(*s) : std::string();
}

struct registry_model {
  /// subject -> canonical texts of its versions (1-based), as the recordings imply them
  std::map<std::string, std::vector<std::string>> canonical;
  std::map<std::string, std::vector<std::string>> texts;
  std::set<std::string> normalize_subjects;  ///< subjects configured with normalize=true
};

struct tally {
  int checked = 0;
  std::vector<std::string> failures;
  void fail(const std::string& where, const std::string& what) { failures.push_back(where + ": " + what); }
};

void run_step(const std::string& where, const json::value& step, const json::value& want, registry_model& model,
              tally& t) {
  request r = classify(str(step, "m"), str(step, "p"));
  if (str(step, "m") == "PUT" && str(step, "p").rfind("/config/", 0) == 0 && step.HasMember("b") &&
      step["b"].IsObject() && step["b"].HasMember("normalize") && step["b"]["normalize"].IsTrue()) {
    model.normalize_subjects.insert(decode(str(step, "p").substr(8)));
  }
  int status = want["status"].GetInt();
  const json::value& body = want["body"];
  if (r.kind == request_kind::get_version) {
    if (status != 200 || !body.IsObject() || body.HasMember("schemaType")) return;
    auto& versions = model.canonical[r.subject];
    std::size_t index = r.version == "latest" || r.version == "-1" ? versions.size() : std::stoul(r.version);
    if (index == 0 || index > versions.size()) return;
    ++t.checked;
    if (versions[index - 1] != str(body, "schema")) {
      t.fail(where, "served\n  want " + str(body, "schema") + "\n  got  " + versions[index - 1]);
    }
    return;
  }
  if (r.kind == request_kind::none || !step.HasMember("b") || !step["b"].IsObject()) return;
  const json::value& b = step["b"];
  if (!b.HasMember("schema") || !b["schema"].IsString()) return;
  if (b.HasMember("schemaType") && str(b, "schemaType") != "AVRO") return;
  std::vector<resolved_reference> refs;
  if (b.HasMember("references")) {
    for (const auto& ref : b["references"].GetArray()) {
      auto& texts = model.texts[str(ref, "subject")];
      int v = ref["version"].GetInt();
      if (v < 1 || static_cast<std::size_t>(v) > texts.size()) return;  // not modelled
      refs.push_back(test::avro_ref(str(ref, "name"), texts[static_cast<std::size_t>(v - 1)]));
    }
  }
  std::string text = str(b, "schema");
  bool normalize = r.normalize || model.normalize_subjects.contains(r.subject);
  // Confluent 7.9 validates defaults only for new schemas (register, compatibility) when
  // normalizing (`(avro.validate.defaults || normalize) && isNew`, avro.validate.defaults off).
  bool is_new = r.kind != request_kind::lookup;
  bool validate = is_new && normalize;
  std::string message = body.IsObject() ? str(body, "message") : "";
  auto details_at = message.find(", details: ");
  if (status == 422 && details_at != std::string::npos) {
    std::string details = message.substr(details_at + 11);
    // Without "with refs" the failure came from the lookup Confluent runs before registering,
    // which parses the schema as not new.
    bool lookup_phase = message.find(" with refs [") == std::string::npos;
    parse_outcome p = parse_avro(text, refs, lookup_phase ? false : validate, normalize);
    ++t.checked;
    if (p.ok()) {
      t.fail(where, "accepted, Confluent rejects with: " + details);
    } else if (details.rfind("com.fasterxml.jackson", 0) != 0 && p.error != details) {
      t.fail(where, "details\n  want " + details + "\n  got  " + p.error);
    }
    return;
  }
  if (status >= 400 && status != 404 && status != 409) return;
  parse_outcome p = parse_avro(text, refs, validate, normalize);
  ++t.checked;
  if (!p.ok()) {
    t.fail(where, "rejected, Confluent accepts: " + p.error);
    return;
  }
  if (r.kind == request_kind::lookup && status == 200 && body.HasMember("schema")) {
    if (p.schema->canonical_text() != str(body, "schema")) {
      t.fail(where, "lookup\n  want " + str(body, "schema") + "\n  got  " + p.schema->canonical_text());
    }
  }
  if (r.kind == request_kind::register_schema && status == 200) {
    auto& versions = model.canonical[r.subject];
    bool known = false;
    for (const auto& c : versions) known = known || c == p.schema->canonical_text();
    if (!known) {
      versions.push_back(p.schema->canonical_text());
      model.texts[r.subject].push_back(text);
    }
  }
}

TEST(AvroHttpDetails, RecordedAvroMessagesAndTextsMatch) {
  std::string dir = test::shared_dir() + "/external/confluent-recorded/tests/http_conformance/";
  json::document scenarios;
  json::document golden;
  ASSERT_FALSE(json::parse(test::read_file(dir + "scenarios.json"), scenarios)) << "cannot read " << dir;
  ASSERT_FALSE(json::parse(test::read_file(dir + "golden.json"), golden)) << "cannot read " << dir;
  tally t;
  int seen = 0;
  for (const auto& s : scenarios.GetArray()) {
    std::string name = str(s, "name");
    if (!avro_scenarios.contains(name)) continue;
    ++seen;
    registry_model model;
    const json::value& records = golden[name.c_str()];
    ASSERT_EQ(records.Size(), s["steps"].Size()) << name;
    auto record = records.Begin();
    int index = 0;
    for (const auto& step : s["steps"].GetArray()) {
      run_step(name + "#" + std::to_string(index++), step, *record++, model, t);
    }
  }
  std::cout << "avro http texts: " << (t.checked - static_cast<int>(t.failures.size())) << "/" << t.checked
            << " steps match" << std::endl;
  EXPECT_EQ(seen, static_cast<int>(avro_scenarios.size()));
  EXPECT_GT(t.checked, 150);
  for (const auto& f : t.failures) ADD_FAILURE() << f;
}

}  // namespace
}  // namespace tessera::formats
