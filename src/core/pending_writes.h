#pragma once
/// The registrations planned for one group commit that are not in the log yet. Registrations are
/// planned one after another against the registry state; the ones planned later in the same
/// group must also see what the earlier ones claimed (schema ids, and the same content reusing
/// one id across subjects) or two of them would take the same new id. What else one
/// registration reads of another (its subject's versions, referenced subjects) the group avoids
/// by committing before a registration that touches a subject already pending (see touches()).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tessera/core/schema.h"
#include "tessera/core/schema_hash.h"
#include "tessera/storage/record.h"

namespace tessera {

class pending_writes {
 public:
  /// Whether a pending record writes to this subject.
  bool touches(const std::string& subject) const { return subjects_.count(subject) > 0; }
  bool empty() const { return records_.empty(); }

  /// Adds one registration's records: `subject` gets a version holding `id` (content `hash`)
  /// in `context`.
  void add(const std::string& subject, const std::string& context, schema_id id, const schema_hash& hash,
           std::vector<storage::record> records);

  /// The id a pending registration gave this content in the context, if any.
  std::optional<schema_id> id_for_hash(const std::string& context, const schema_hash& hash) const;
  /// The content hash a pending registration bound to this id, if any.
  std::optional<schema_hash> hash_of(const std::string& context, schema_id id) const;
  /// Highest id a pending registration took in the context (0 if none).
  schema_id max_id(const std::string& context) const;

  /// Hands the records over in planning order and forgets everything.
  std::vector<storage::record> take();

 private:
  std::vector<storage::record> records_;
  std::set<std::string> subjects_;
  std::map<std::pair<std::string, schema_id>, schema_hash> hashes_;
  std::map<std::pair<std::string, schema_hash>, schema_id> ids_;
  std::map<std::string, schema_id> max_ids_;
};

}  // namespace tessera
