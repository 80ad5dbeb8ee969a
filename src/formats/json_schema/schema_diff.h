#pragma once
/// Confluent's SchemaDiff.compare(original, update): every difference between the schema data
/// was written with (`original`, the writer) and the schema reading it (`update`), in the order
/// Confluent reports them. `update` can read `original`'s data when every difference is
/// compatible under the STRICT policy.

#include <vector>

#include "formats/json_schema/difference.h"
#include "formats/json_schema/schema_model.h"

namespace tessera::formats::json_schema {

struct diff_outcome {
  std::vector<difference> differences;
  /// The comparison did not finish within its work limit (pathologically recursive combined
  /// schemas); the differences are then incomplete.
  bool exhausted = false;
};

/// All differences from `original` to `update`.
diff_outcome compare_schemas(node_ref original, node_ref update);

/// The differences of `outcome` that STRICT does not allow, in order.
std::vector<difference> incompatible_differences(const diff_outcome& outcome);

}  // namespace tessera::formats::json_schema
