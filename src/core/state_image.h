#pragma once
/// The registry state as a compact binary image: the body of a version-2 snapshot
/// (docs/design/snapshot-format.md). Written in key order, so reading it back is hinted inserts
/// at the end of every map; plain schemas need no JSON and no hashing. Settings and contexts,
/// which are few, travel as records through the normal apply path.

#include <string>
#include <string_view>

#include "tessera/core/registry_state.h"
#include "tessera/core/result.h"

namespace tessera {

struct state_image {
  /// Appends the image of `state` to `out`.
  static void write(const registry_state& state, std::string& out);
  /// The state an image describes. Fails (50001, with the reason) on an image that is
  /// truncated, out of order or inconsistent (a holder without its version, a version without
  /// its schema), so a bad image is never half used.
  static result<registry_state> read(std::string_view image);
};

}  // namespace tessera
