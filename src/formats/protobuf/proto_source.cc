#include "formats/protobuf/proto_source.h"

#include <tuple>

namespace tessera::formats::protobuf {

bool source_span::contains(const source_span& o) const {
  return std::tie(start_line, start_col) <= std::tie(o.start_line, o.start_col) &&
         std::tie(o.end_line, o.end_col) <= std::tie(end_line, end_col);
}

bool source_span::operator<(const source_span& o) const {
  return std::tie(start_line, start_col, end_line, end_col) <
         std::tie(o.start_line, o.start_col, o.end_line, o.end_col);
}

source_index::source_index(const google::protobuf::SourceCodeInfo& info, std::string_view text) : text_(text) {
  for (const auto& loc : info.location()) {
    source_span s;
    // Spans are [line, start col, end col] on one line, else [start line, col, end line, col].
    if (loc.span_size() == 3) {
      s = {loc.span(0), loc.span(1), loc.span(0), loc.span(2)};
    } else if (loc.span_size() == 4) {
      s = {loc.span(0), loc.span(1), loc.span(2), loc.span(3)};
    } else {
      continue;
    }
    spans_[proto_path(loc.path().begin(), loc.path().end())].push_back(s);
  }
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

const std::vector<source_span>& source_index::spans(const proto_path& path) const {
  static const std::vector<source_span> none;
  auto it = spans_.find(path);
  return it == spans_.end() ? none : it->second;
}

std::optional<source_span> source_index::first(const proto_path& path) const {
  const auto& all = spans(path);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::size_t source_index::offset(int line, int col) const {
  if (line < 0 || static_cast<std::size_t>(line) >= line_starts_.size()) return text_.size();
  std::size_t pos = line_starts_[static_cast<std::size_t>(line)];
  // The tokenizer advances a tab to the next multiple of 8 and every other byte by one.
  int c = 0;
  while (pos < text_.size() && c < col && text_[pos] != '\n') {
    c = text_[pos] == '\t' ? c + 8 - c % 8 : c + 1;
    ++pos;
  }
  return pos;
}

std::string source_index::text(const source_span& span) const {
  std::size_t b = offset(span.start_line, span.start_col);
  std::size_t e = offset(span.end_line, span.end_col);
  return e > b ? text_.substr(b, e - b) : std::string();
}

proto_path extend_path(const proto_path& path, std::initializer_list<int> more) {
  proto_path out = path;
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

}  // namespace tessera::formats::protobuf
