#pragma once
/// Source locations of a parsed .proto text. libprotobuf's FileDescriptorProto forgets how a
/// statement was written (`reserved 2, 9 to 11;` as one statement, `0x10`, `1.50`); Wire, and so
/// Confluent's canonical text, keeps it. The parser's SourceCodeInfo spans let us recover it.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/descriptor.pb.h>

namespace tessera::formats::protobuf {

using proto_path = std::vector<int>;

/// A span as the tokenizer reports it: 0-based lines, columns with tabs expanded to 8.
struct source_span {
  int start_line = 0;
  int start_col = 0;
  int end_line = 0;
  int end_col = 0;

  bool contains(const source_span& o) const;
  bool operator<(const source_span& o) const;
  bool operator==(const source_span&) const = default;
};

class source_index {
 public:
  source_index(const google::protobuf::SourceCodeInfo& info, std::string_view text);

  /// Every span recorded for exactly `path`, in recording order.
  const std::vector<source_span>& spans(const proto_path& path) const;
  /// The first span recorded for `path`.
  std::optional<source_span> first(const proto_path& path) const;
  /// The source text covered by `span`.
  std::string text(const source_span& span) const;

 private:
  std::size_t offset(int line, int col) const;

  std::map<proto_path, std::vector<source_span>> spans_;
  std::string text_;
  std::vector<std::size_t> line_starts_;
};

/// `path` with `more` appended.
proto_path extend_path(const proto_path& path, std::initializer_list<int> more);

}  // namespace tessera::formats::protobuf
