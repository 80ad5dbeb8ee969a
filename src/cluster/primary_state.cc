#include "cluster/primary_state.h"

#include <spdlog/spdlog.h>

namespace tessera::cluster {

void primary_state::set(std::optional<primary_info> primary) {
  {
    std::lock_guard lock(mu_);
    // The election member's last reports while it stops must not bring a leaving node back.
    if (left_ || primary_ == primary) return;
    bool was_self = primary_ && primary_->self;
    if (primary && primary->self && !was_self) ++term_;
    primary_ = std::move(primary);
    ++changes_;
    if (!primary_) {
      spdlog::warn("election: no primary known; writes wait for one, then answer 50004");
    } else if (primary_->self) {
      spdlog::info("election: this node ({}) is now the primary", primary_->url);
    } else {
      spdlog::info("election: primary is {}; this node forwards writes to it", primary_->url);
    }
  }
  changed_.notify_all();
}

void primary_state::leave() {
  {
    std::lock_guard lock(mu_);
    if (left_) return;
    left_ = true;
    if (primary_ && primary_->self) {
      primary_.reset();
      ++changes_;
      spdlog::info("election: this node is leaving and no longer the primary; writes here answer 50004");
    } else if (primary_) {
      // The primary does not change because a follower leaves: keep forwarding to it while draining.
      spdlog::info("election: this node is leaving; writes here still go to {} while it drains", primary_->url);
    } else {
      spdlog::info("election: this node is leaving with no primary known; writes here answer 50004");
    }
  }
  changed_.notify_all();
}

bool primary_state::has_left() const {
  std::lock_guard lock(mu_);
  return left_;
}

std::optional<primary_info> primary_state::current() const {
  std::lock_guard lock(mu_);
  return primary_;
}

std::optional<primary_info> primary_state::wait_change(const std::optional<primary_info>& from,
                                                       std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  changed_.wait_for(lock, timeout, [&] { return left_ || primary_ != from; });
  return primary_;
}

std::uint64_t primary_state::term() const {
  std::lock_guard lock(mu_);
  return term_;
}

std::uint64_t primary_state::changes() const {
  std::lock_guard lock(mu_);
  return changes_;
}

}  // namespace tessera::cluster
