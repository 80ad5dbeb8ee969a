#include "core/pending_writes.h"

#include <algorithm>

namespace tessera {

void pending_writes::add(const std::string& subject, const std::string& context, schema_id id,
                         const schema_hash& hash, std::vector<storage::record> records) {
  subjects_.insert(subject);
  hashes_.emplace(std::pair{context, id}, hash);
  ids_.insert_or_assign(std::pair{context, hash}, id);  // the latest id of a content (registry_state)
  auto& max = max_ids_[context];
  max = std::max(max, id);
  std::move(records.begin(), records.end(), std::back_inserter(records_));
}

std::optional<schema_id> pending_writes::id_for_hash(const std::string& context, const schema_hash& hash) const {
  auto it = ids_.find({context, hash});
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

std::optional<schema_hash> pending_writes::hash_of(const std::string& context, schema_id id) const {
  auto it = hashes_.find({context, id});
  if (it == hashes_.end()) return std::nullopt;
  return it->second;
}

schema_id pending_writes::max_id(const std::string& context) const {
  auto it = max_ids_.find(context);
  return it == max_ids_.end() ? 0 : it->second;
}

std::vector<storage::record> pending_writes::take() {
  auto out = std::move(records_);
  records_.clear();
  subjects_.clear();
  hashes_.clear();
  ids_.clear();
  max_ids_.clear();
  return out;
}

}  // namespace tessera
