#include "election/leader_choice.h"

#include <algorithm>
#include <set>

namespace tessera::election {

assignment leader_choice(const std::vector<candidate>& members, bool sticky) {
  // Visit members in member-id order so that ties (only possible with duplicate URLs) resolve
  // the same way on every run.
  std::vector<const candidate*> order;
  order.reserve(members.size());
  for (const auto& m : members) order.push_back(&m);
  std::sort(order.begin(), order.end(),
            [](const candidate* a, const candidate* b) { return a->member_id < b->member_id; });

  const candidate* smallest = nullptr;
  std::string smallest_url;
  const candidate* sticky_leader = nullptr;
  int advertised_leaders = 0;
  std::set<std::string> urls;
  for (const candidate* m : order) {
    std::string url = m->identity.url();
    urls.insert(url);
    if (!m->identity.eligible) continue;
    if (smallest == nullptr || url < smallest_url) {
      smallest = m;
      smallest_url = std::move(url);
    }
    if (m->identity.leader) {
      ++advertised_leaders;
      sticky_leader = m;
    }
  }

  assignment a;
  if (urls.size() != members.size()) a.error = assignment::duplicate_urls;
  // Several members claiming to be leader (a previous split) fall back to the URL rule.
  const candidate* chosen = (sticky && advertised_leaders == 1) ? sticky_leader : smallest;
  if (chosen != nullptr) {
    a.master = chosen->member_id;
    a.master_identity = chosen->identity;
  }
  return a;
}

}  // namespace tessera::election
