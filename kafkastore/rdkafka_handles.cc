#include "kafkastore/rdkafka_handles.h"

#include <spdlog/spdlog.h>

#include "tessera/core/errors.h"

namespace tessera::kafkastore {

void consumer_deleter::operator()(RdKafka::KafkaConsumer* consumer) const {
  if (consumer == nullptr) return;
  consumer->close();
  std::default_delete<RdKafka::KafkaConsumer>{}(consumer);
}

void event_logger::event_cb(RdKafka::Event& event) {
  switch (event.type()) {
    case RdKafka::Event::EVENT_LOG: {
      // librdkafka logs connection failures at ERROR and also raises them as error events
      // (below); one warning each is enough for what a client reconnects from by itself.
      auto level = spdlog::level::debug;
      if (event.severity() <= RdKafka::Event::EVENT_SEVERITY_WARNING) {
        level = spdlog::level::warn;
      } else if (event.severity() <= RdKafka::Event::EVENT_SEVERITY_INFO) {
        level = spdlog::level::info;
      }
      spdlog::log(level, "{}: [{}] {}", name_, event.fac(), event.str());
      break;
    }
    case RdKafka::Event::EVENT_ERROR: {
      if (event.err() == RdKafka::ERR__FATAL) {
        fatal_ = true;
        spdlog::error("{}: fatal error: {}", name_, event.str());
        break;
      }
      // Transport errors repeat every reconnect attempt while a broker is down: log changes.
      std::string text = RdKafka::err2str(event.err()) + ": " + event.str();
      std::lock_guard lock(mu_);
      if (text != last_error_) {
        spdlog::warn("{}: {}", name_, text);
        last_error_ = std::move(text);
      }
      break;
    }
    default:
      break;
  }
}

result<conf_ptr> make_conf(const std::map<std::string, std::string>& props) {
  conf_ptr conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  for (const auto& [key, value] : props) {
    std::string why;
    if (conf->set(key, value, why) != RdKafka::Conf::CONF_OK) {
      return fail(error_code::store_error, "Kafka client property " + key + ": " + why);
    }
  }
  return conf;
}

result<void> set_callback(RdKafka::Conf& conf, RdKafka::DeliveryReportCb* cb) {
  std::string why;
  if (conf.set("dr_cb", cb, why) != RdKafka::Conf::CONF_OK) return fail(error_code::store_error, why);
  return {};
}

result<void> set_callback(RdKafka::Conf& conf, RdKafka::EventCb* cb) {
  std::string why;
  if (conf.set("event_cb", cb, why) != RdKafka::Conf::CONF_OK) return fail(error_code::store_error, why);
  return {};
}

result<producer_ptr> make_producer(const RdKafka::Conf& conf) {
  std::string why;
  producer_ptr p(RdKafka::Producer::create(&conf, why));
  if (!p) return fail(error_code::store_error, "cannot create the Kafka producer: " + why);
  return p;
}

result<consumer_ptr> make_consumer(const RdKafka::Conf& conf) {
  std::string why;
  consumer_ptr c(RdKafka::KafkaConsumer::create(&conf, why));
  if (!c) return fail(error_code::store_error, "cannot create the Kafka consumer: " + why);
  return c;
}

topic_partition_ptr make_partition(const std::string& topic, int partition, std::int64_t offset) {
  return topic_partition_ptr(RdKafka::TopicPartition::create(topic, partition, offset));
}

}  // namespace tessera::kafkastore
