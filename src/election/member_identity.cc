#include "election/member_identity.h"

namespace tessera::election {

std::string member_identity::url() const {
  // Confluent concatenates as is, so an IPv6 host is not bracketed here either: the URL is a
  // sort key that every node must compute identically.
  return scheme + "://" + host + ":" + std::to_string(port);
}

bool member_identity::same_node(const member_identity& o) const {
  return version == o.version && host == o.host && port == o.port && eligible == o.eligible && scheme == o.scheme;
}

}  // namespace tessera::election
