#include "kafkastore/kafka_options.h"

#include "config/settings.h"

namespace tessera::kafkastore {

kafka_options options_from(const config::settings& settings) {
  kafka_options o;
  o.bootstrap_servers = settings.kafkastore_bootstrap_servers;
  o.topic = settings.kafkastore_topic;
  o.replication_factor = settings.kafkastore_topic_replication_factor;
  o.skip_validation = settings.kafkastore_topic_skip_validation;
  o.topic_config = settings.with_prefix("kafkastore.topic.config.");
  o.client_properties = settings.kafka_client_properties();
  o.group_id = settings.kafkastore_group_id;
  o.timeout = settings.kafkastore_timeout;
  o.init_timeout = settings.kafkastore_init_timeout;
  if (settings.kafkastore_fencing) o.transactional_id = settings.group_id + "-" + o.topic + "-writer";
  return o;
}

}  // namespace tessera::kafkastore
