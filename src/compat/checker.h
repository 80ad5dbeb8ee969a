#pragma once
/// Compatibility levels on top of the formats' single reader/writer check, with Confluent's
/// message layout (SchemaValidatorBuilder + AbstractSchemaRegistry.isCompatibleWithPrevious).

#include <memory>
#include <vector>

#include "tessera/core/enums.h"
#include "tessera/core/registry_requests.h"
#include "tessera/formats/schema_format.h"

namespace tessera::compat {

struct previous_schema {
  schema_version version = 0;
  std::shared_ptr<const formats::parsed_schema> schema;
};

/// Checks `candidate` against `history` (newest first, soft-deleted versions already removed)
/// under `level`. Transitive levels walk the whole history and stop at the first failure;
/// the others use only the newest entry.
compat_report check(compatibility_level level, const formats::parsed_schema& candidate,
                    const std::vector<previous_schema>& history);

/// Confluent caps the `{oldSchema: '...'}` trailer at this many characters.
inline constexpr std::size_t old_schema_limit = 10 * 1024;

}  // namespace tessera::compat
