#include "kafkastore/topic_admin.h"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <thread>

#include "kafkastore/rdkafka_errors.h"
#include "tessera/core/errors.h"

namespace tessera::kafkastore {

namespace {

/// Every rule-violation message starts with this, so is_rule_violation() can tell them apart.
constexpr std::string_view rule_violation_prefix = "The schema topic ";


using clock = std::chrono::steady_clock;

// unique_ptr deleters for the C admin API's objects.
template <class T, void (*Destroy)(T*)>
struct c_deleter {
  void operator()(T* p) const {
    if (p != nullptr) Destroy(p);
  }
};
template <class T, void (*Destroy)(T*)>
using c_ptr = std::unique_ptr<T, c_deleter<T, Destroy>>;

using new_topic_ptr = c_ptr<rd_kafka_NewTopic_t, rd_kafka_NewTopic_destroy>;
using admin_options_ptr = c_ptr<rd_kafka_AdminOptions_t, rd_kafka_AdminOptions_destroy>;
using queue_ptr = c_ptr<rd_kafka_queue_t, rd_kafka_queue_destroy>;
using event_ptr = c_ptr<rd_kafka_event_t, rd_kafka_event_destroy>;
using config_resource_ptr = c_ptr<rd_kafka_ConfigResource_t, rd_kafka_ConfigResource_destroy>;

int remaining_ms(clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 1, 24LL * 3600 * 1000));
}

tessera::error admin_error(rd_kafka_resp_err_t err, std::string_view what, const char* detail) {
  std::string text(what);
  if (detail != nullptr && *detail != '\0') text += std::string(" (") + detail + ")";
  return call_error(static_cast<RdKafka::ErrorCode>(err), text);
}

result<admin_options_ptr> admin_options(rd_kafka_t* rk, rd_kafka_admin_op_t op, clock::time_point deadline) {
  admin_options_ptr opts(rd_kafka_AdminOptions_new(rk, op));
  std::array<char, 512> why{};
  if (rd_kafka_AdminOptions_set_request_timeout(opts.get(), remaining_ms(deadline), why.data(), why.size()) != 0) {
    return fail(error_code::store_error, why.data());
  }
  if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS &&
      rd_kafka_AdminOptions_set_operation_timeout(opts.get(), remaining_ms(deadline), why.data(), why.size()) != 0) {
    return fail(error_code::store_error, why.data());
  }
  return opts;
}

/// Waits for the admin result event on `queue`; an event-level error fails.
result<event_ptr> await_event(rd_kafka_queue_t* queue, clock::time_point deadline, std::string_view what) {
  event_ptr ev(rd_kafka_queue_poll(queue, remaining_ms(deadline) + 1000));
  if (!ev) return fail(error_code::operation_timeout, std::string(what) + ": no answer from the Kafka cluster in time");
  if (rd_kafka_event_error(ev.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return admin_error(rd_kafka_event_error(ev.get()), what, rd_kafka_event_error_string(ev.get()));
  }
  return ev;
}

const RdKafka::TopicMetadata* find_topic(const RdKafka::Metadata& md, const std::string& name) {
  for (const auto* t : *md.topics()) {
    if (t->topic() == name) return t;
  }
  return nullptr;
}

/// CreateTopics for one topic. TOPIC_ALREADY_EXISTS (a race with another node) is success.
result<bool> create_topic(rd_kafka_t* rk, const topic_spec& spec, int replication, clock::time_point deadline) {
  std::array<char, 512> why{};
  new_topic_ptr nt(rd_kafka_NewTopic_new(spec.name.c_str(), 1, replication, why.data(), why.size()));
  if (!nt) return fail(error_code::store_error, "topic " + spec.name + ": " + why.data());
  auto configs = spec.configs;
  configs["cleanup.policy"] = "compact";  // forced, as Confluent does
  for (const auto& [k, v] : configs) {
    if (auto err = rd_kafka_NewTopic_set_config(nt.get(), k.c_str(), v.c_str()); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return admin_error(err, "kafkastore.topic.config." + k, nullptr);
    }
  }
  auto opts = admin_options(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, deadline);
  if (!opts) return opts.error();
  queue_ptr queue(rd_kafka_queue_new(rk));
  std::array<rd_kafka_NewTopic_t*, 1> topics{nt.get()};
  rd_kafka_CreateTopics(rk, topics.data(), topics.size(), opts->get(), queue.get());
  auto ev = await_event(queue.get(), deadline, "creating topic " + spec.name);
  if (!ev) return ev.error();
  std::size_t n = 0;
  const auto* res = rd_kafka_event_CreateTopics_result(ev->get());
  const auto** results = rd_kafka_CreateTopics_result_topics(res, &n);
  if (n != 1) return fail(error_code::store_error, "creating topic " + spec.name + ": unexpected answer");
  auto err = rd_kafka_topic_result_error(results[0]);
  if (err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) return false;
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return admin_error(err, "creating topic " + spec.name, rd_kafka_topic_result_error_string(results[0]));
  }
  return true;
}

/// Metadata of `name` once partition 0 has a leader (a new topic takes a moment to appear).
result<metadata_ptr> await_topic(RdKafka::Handle& handle, const std::string& name, clock::time_point deadline) {
  for (;;) {
    auto md = fetch_metadata(handle, deadline);
    if (!md) return md.error();
    const auto* t = find_topic(**md, name);
    if (t != nullptr && t->err() == RdKafka::ERR_NO_ERROR && !t->partitions()->empty() &&
        t->partitions()->front()->leader() >= 0) {
      return md;
    }
    if (clock::now() >= deadline) {
      return fail(error_code::operation_timeout, "topic " + name + " did not appear in the cluster metadata in time");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

/// DescribeConfigs for one topic; `resource_error` receives the per-topic error code.
result<std::map<std::string, std::string>> describe_configs(RdKafka::Handle& handle, const std::string& topic,
                                                            clock::time_point deadline,
                                                            rd_kafka_resp_err_t& resource_error) {
  resource_error = RD_KAFKA_RESP_ERR_NO_ERROR;
  rd_kafka_t* rk = handle.c_ptr();
  config_resource_ptr resource(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str()));
  auto opts = admin_options(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, deadline);
  if (!opts) return opts.error();
  queue_ptr queue(rd_kafka_queue_new(rk));
  std::array<rd_kafka_ConfigResource_t*, 1> resources{resource.get()};
  rd_kafka_DescribeConfigs(rk, resources.data(), resources.size(), opts->get(), queue.get());
  auto ev = await_event(queue.get(), deadline, "describing topic " + topic);
  if (!ev) return ev.error();
  std::size_t n = 0;
  const auto* res = rd_kafka_event_DescribeConfigs_result(ev->get());
  const auto** described = rd_kafka_DescribeConfigs_result_resources(res, &n);
  if (n != 1) return fail(error_code::store_error, "describing topic " + topic + ": unexpected answer");
  if (auto err = rd_kafka_ConfigResource_error(described[0]); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    resource_error = err;
    return admin_error(err, "describing topic " + topic, rd_kafka_ConfigResource_error_string(described[0]));
  }
  std::size_t count = 0;
  const auto** entries = rd_kafka_ConfigResource_configs(described[0], &count);
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < count; ++i) {
    const char* value = rd_kafka_ConfigEntry_value(entries[i]);
    out[rd_kafka_ConfigEntry_name(entries[i])] = value != nullptr ? value : "";
  }
  return out;
}

}  // namespace

result<metadata_ptr> fetch_metadata(RdKafka::Handle& handle, clock::time_point deadline) {
  for (;;) {
    RdKafka::Metadata* raw = nullptr;
    auto err = handle.metadata(true, nullptr, &raw, std::min(remaining_ms(deadline), 5000));
    metadata_ptr md(raw);
    if (err == RdKafka::ERR_NO_ERROR) return md;
    if (clock::now() >= deadline || !is_transient(err)) {
      return call_error(err, "fetching Kafka cluster metadata");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

result<std::map<std::string, std::string>> describe_topic_configs(RdKafka::Handle& handle, const std::string& topic,
                                                                  clock::time_point deadline) {
  rd_kafka_resp_err_t ignored = RD_KAFKA_RESP_ERR_NO_ERROR;
  return describe_configs(handle, topic, deadline, ignored);
}

bool is_rule_violation(const tessera::error& e) { return e.message.rfind(rule_violation_prefix, 0) == 0; }

result<topic_state> create_or_verify_topic(RdKafka::Handle& handle, const topic_spec& spec,
                                           clock::time_point deadline) {
  auto md = fetch_metadata(handle, deadline);
  if (!md) return md.error();
  topic_state state;
  state.brokers = static_cast<int>((*md)->brokers()->size());
  const auto* existing = find_topic(**md, spec.name);
  if (existing == nullptr || existing->err() == RdKafka::ERR_UNKNOWN_TOPIC_OR_PART) {
    int replication = std::min(state.brokers, spec.replication_factor);
    if (replication < spec.replication_factor) {
      spdlog::warn("creating topic {} with replication factor {}: only {} live brokers (asked for {})", spec.name,
                   replication, state.brokers, spec.replication_factor);
    }
    auto created = create_topic(handle.c_ptr(), spec, std::max(replication, 1), deadline);
    if (!created) return created.error();
    state.created = *created;
    if (state.created) spdlog::info("created topic {} (1 partition, replication factor {})", spec.name, replication);
  } else if (existing->err() != RdKafka::ERR_NO_ERROR) {
    return call_error(existing->err(), "topic " + spec.name);
  }

  auto topic_md = await_topic(handle, spec.name, deadline);
  if (!topic_md) return topic_md.error();
  const auto* t = find_topic(**topic_md, spec.name);
  state.partitions = static_cast<int>(t->partitions()->size());
  state.replicas = static_cast<int>(t->partitions()->front()->replicas()->size());
  if (state.partitions != 1) {
    return fail(error_code::store_error, std::string(rule_violation_prefix) + spec.name + " must have exactly 1 partition but has " +
                                             std::to_string(state.partitions));
  }
  if (state.replicas < spec.replication_factor) {
    spdlog::warn("topic {} has {} replicas, fewer than kafkastore.topic.replication.factor={}", spec.name,
                 state.replicas, spec.replication_factor);
  }
  // A broker other than the one that answered the metadata request may not know a new topic
  // yet (UNKNOWN_TOPIC_OR_PART): retry such answers until the deadline.
  rd_kafka_resp_err_t topic_error = RD_KAFKA_RESP_ERR_NO_ERROR;
  auto configs = describe_configs(handle, spec.name, deadline, topic_error);
  while (!configs && topic_error == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART && clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    configs = describe_configs(handle, spec.name, deadline, topic_error);
  }
  if (!configs) return configs.error();
  auto policy = configs->count("cleanup.policy") ? configs->at("cleanup.policy") : std::string("delete");
  if (policy != "compact") {
    return fail(error_code::store_error,
                std::string(rule_violation_prefix) + spec.name + " has cleanup.policy=" + policy +
                    "; it must be exactly 'compact', or Kafka would eventually delete registered schemas");
  }
  return state;
}

}  // namespace tessera::kafkastore
