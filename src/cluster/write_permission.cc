#include "cluster/write_permission.h"

namespace tessera::cluster {

write_permission::write_permission(primary_state& primary, std::function<result<void>()> fence,
                                   std::function<bool()> still_writer)
    : primary_(primary), fence_(std::move(fence)), still_writer_(std::move(still_writer)) {}

result<void> write_permission::check() {
  auto primary = primary_.current();
  if (!primary || !primary->self) {
    if (primary_.has_left()) {
      return fail(error_code::unknown_leader,
                  "Leader not known. This node is shutting down and no longer the primary; retry the request");
    }
    return fail(error_code::unknown_leader,
                primary ? "Leader not known. This node stopped being the primary (now " + primary->url +
                              "); retry the request"
                        : std::string("Leader not known. This node is not the primary; retry the request"));
  }
  std::lock_guard lock(mu_);
  auto term = primary_.term();
  if (term != fenced_term_ || !still_writer_()) {
    if (auto fenced = fence_(); !fenced) return fenced;
    fenced_term_ = term;
  }
  return {};
}

}  // namespace tessera::cluster
