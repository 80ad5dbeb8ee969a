// Group commit of registrations: concurrent register_schema calls queue up, and one of them (the
// leader) plans the whole queue and writes it with one append and one wait, so a burst of N
// registrations costs one Kafka transaction and one catch-up instead of N of each. The result
// is the same as running them one at a time in arrival order (see pending_writes.h).

#include <spdlog/spdlog.h>

#include <exception>

#include "core/pending_writes.h"
#include "tessera/core/errors.h"
#include "tessera/core/registry.h"
#include "tessera/core/subject_validation.h"

namespace tessera {

/// One register_schema call waiting in the queue.
struct registry::registration {
  const std::string& subject;
  const schema_request& request;
  const register_options& options;
  std::optional<result<register_outcome>> answer;
  bool lead = false;  ///< this call's thread runs the next group
};

result<register_outcome> registry::register_schema(const std::string& subject, const schema_request& request,
                                                   const register_options& opts) {
  if (!is_valid_subject(subject)) return errors::invalid_subject(subject);
  // Anything but a schema the subject already holds (a write, or an error, which may depend on
  // writes not applied yet) goes through a group.
  if (auto registered = registered_answer(subject, request, opts)) return std::move(*registered);
  registration self{subject, request, opts, std::nullopt};
  std::unique_lock lk(queue_mu_);
  queue_.push_back(&self);
  if (!group_running_) {
    group_running_ = true;
    self.lead = true;
  }
  queue_cv_.wait(lk, [&] { return self.answer.has_value() || self.lead; });
  if (self.answer) return std::move(*self.answer);

  // Leader: take everything queued so far (this call included) as one group.
  std::vector<registration*> group(queue_.begin(), queue_.end());
  queue_.clear();
  lk.unlock();
  {
    std::lock_guard write_lock(write_mu_);
    register_group(group);
  }
  lk.lock();
  // Whoever queued meanwhile is served by the first of them, so no caller waits for more than
  // the group before its own.
  if (queue_.empty()) {
    group_running_ = false;
  } else {
    queue_.front()->lead = true;
  }
  lk.unlock();
  queue_cv_.notify_all();
  return std::move(*self.answer);
}

std::optional<register_outcome> registry::registered_answer(const std::string& subject, const schema_request& request,
                                                            const register_options& opts) const {
  if (!is_valid_subject(subject)) return std::nullopt;
  auto registered = plan_registration(subject, request, opts, nullptr);
  if (!registered || !*registered) return std::nullopt;
  return std::move(**registered);
}

void registry::register_group(const std::vector<registration*>& group) {
  // Answers are published under queue_mu_ (waiters read them there).
  auto answer = [this](registration& r, result<register_outcome> a) {
    std::lock_guard lk(queue_mu_);
    r.answer = std::move(a);
  };
  std::vector<std::pair<registration*, register_outcome>> planned;
  pending_writes pending;
  auto commit = [&] {
    if (pending.empty()) return;
    auto written = write(pending.take());
    for (auto& [r, outcome] : planned) {
      if (written) {
        answer(*r, std::move(outcome));
      } else {
        answer(*r, written.error());
      }
    }
    planned.clear();
  };
  try {
    if (auto c = catch_up(); !c) {
      for (auto* r : group) answer(*r, c.error());
      return;
    }
    for (auto* r : group) {
      // A registration that reads a subject with a pending write sees it only once it is applied.
      bool reads_pending = pending.touches(r->subject);
      for (const auto& ref : r->request.references) {
        reads_pending = reads_pending || (ref.subject && pending.touches(*ref.subject));
      }
      if (reads_pending) commit();
      auto outcome = plan_registration(r->subject, r->request, r->options, &pending);
      if (!outcome) {
        answer(*r, outcome.error());
      } else if (pending.touches(r->subject)) {
        planned.emplace_back(r, std::move(**outcome));
      } else {
        answer(*r, std::move(**outcome));  // already registered: nothing to write
      }
    }
    commit();
  } catch (const std::exception& e) {
    // Every caller of the group is waiting for an answer: none may be left without one.
    spdlog::error("registration group failed: {}", e.what());
    for (auto* r : group) {
      std::lock_guard lk(queue_mu_);
      if (!r->answer) r->answer = errors::store_error(std::string("the registration failed: ") + e.what());
    }
  }
}

}  // namespace tessera
