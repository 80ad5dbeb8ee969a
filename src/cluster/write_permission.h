#pragma once
/// The primary's right to append, checked under the registry's write lock before every write
/// (registry_options::before_write). A node that is not the primary refuses (50004); a node that
/// just became primary first fences every older writer (Kafka transactional epoch), then the
/// registry catches up with the log, so it validates against everything the previous primary
/// managed to commit and nothing that primary writes later can land.

#include <cstdint>
#include <functional>
#include <mutex>

#include "cluster/primary_state.h"
#include "tessera/core/result.h"

namespace tessera::cluster {

class write_permission {
 public:
  /// `fence` makes this node the log's only writer; it runs once per primary term, and again
  /// when `still_writer` says a newer writer fenced this one off meanwhile (a split view that
  /// the election settles: every write still validates after its own fence and catch-up).
  write_permission(primary_state& primary, std::function<result<void>()> fence, std::function<bool()> still_writer);
  /// Ok when this node may write now.
  result<void> check();

 private:
  primary_state& primary_;
  std::function<result<void>()> fence_;
  std::function<bool()> still_writer_;
  std::mutex mu_;
  std::uint64_t fenced_term_ = 0;
};

}  // namespace tessera::cluster
