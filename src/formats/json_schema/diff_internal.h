#pragma once
// The differ's Context (json/diff/Context.java in 7.9): the current JSON path, the differences
// found so far, and the originals on the comparison stack. A schema already on the stack is not
// compared again, which is how `$ref` cycles terminate. Subcontexts copy path and stack and are
// used for trial comparisons whose differences the caller keeps or drops.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/json_schema/difference.h"
#include "formats/json_schema/schema_model.h"

namespace tessera::formats::json_schema::diff {

/// Work shared by a comparison and all its subcontexts.
struct work_budget {
  std::size_t steps = 0;
  bool exhausted = false;
};

class context {
 public:
  explicit context(std::shared_ptr<work_budget> budget) : budget_(std::move(budget)) {}

  /// A fresh context with this one's path and stack, for a trial comparison.
  context subcontext() const {
    context c(budget_);
    c.path_ = path_;
    c.stack_ = stack_;
    return c;
  }

  /// Counts one comparison step; false once the budget is spent.
  bool tick() {
    if (budget_->exhausted) return false;
    if (++budget_->steps > step_limit) budget_->exhausted = true;
    return !budget_->exhausted;
  }

  void add(difference_type t) { diffs_.push_back({t, path()}); }
  void add(std::string_view attribute, difference_type t) {
    path_.emplace_back(attribute);
    add(t);
    path_.pop_back();
  }
  void add_all(const std::vector<difference>& d) { diffs_.insert(diffs_.end(), d.begin(), d.end()); }

  bool compatible() const {
    for (const auto& d : diffs_) {
      if (!is_compatible_strict(d.type)) return false;
    }
    return true;
  }
  const std::vector<difference>& differences() const { return diffs_; }
  std::vector<difference>& differences() { return diffs_; }

  /// Enters `segment` of the JSON path for the scope's lifetime.
  class path_scope {
   public:
    path_scope(context& c, std::string segment) : c_(c) { c_.path_.push_back(std::move(segment)); }
    ~path_scope() { c_.path_.pop_back(); }
    path_scope(const path_scope&) = delete;
    path_scope& operator=(const path_scope&) = delete;

   private:
    context& c_;
  };

  /// Puts `original` on the stack for the scope's lifetime; entered() is false when it already
  /// was (a cycle), and then nothing is compared.
  class schema_scope {
   public:
    schema_scope(context& c, node_ref original) : c_(c) {
      for (node_ref s : c_.stack_) {
        if (s == original) return;
      }
      c_.stack_.push_back(original);
      entered_ = true;
    }
    ~schema_scope() {
      if (entered_) c_.stack_.pop_back();
    }
    schema_scope(const schema_scope&) = delete;
    schema_scope& operator=(const schema_scope&) = delete;
    bool entered() const { return entered_; }

   private:
    context& c_;
    bool entered_ = false;
  };

  std::string path() const {
    std::string out = "#/";
    for (std::size_t i = 0; i < path_.size(); ++i) {
      if (i > 0) out += '/';
      out += path_[i];
    }
    return out;
  }

  /// Comparisons allowed per check before giving up (Confluent has no limit and would spin).
  static constexpr std::size_t step_limit = 2'000'000;

 private:
  std::shared_ptr<work_budget> budget_;
  std::vector<std::string> path_;
  std::vector<node_ref> stack_;
  std::vector<difference> diffs_;
};

/// SchemaDiff.compare on two (possibly null) schemas.
void compare(context& ctx, node_ref original, node_ref update);
void compare_string(context& ctx, const schema_node& original, const schema_node& update);
void compare_number(context& ctx, const schema_node& original, const schema_node& update);
void compare_object(context& ctx, const schema_node& original, const schema_node& update);
void compare_array(context& ctx, const schema_node& original, const schema_node& update);
void compare_combined(context& ctx, const schema_node& original, const schema_node& update);

/// The difference types one `unevaluatedItems` / `unevaluatedProperties` keyword reports.
struct unevaluated_kinds {
  difference_type added, removed, narrowed, extended;
};
/// unevaluatedItems / unevaluatedProperties: absent, false, empty or a schema on either side.
void compare_unevaluated(context& ctx, const char* keyword, node_ref o, node_ref u, const unevaluated_kinds& kinds);
/// maxItems / minProperties style counts: added, removed, increased or decreased.
void compare_counts(context& ctx, const char* keyword, std::optional<std::int32_t> o, std::optional<std::int32_t> u,
                    difference_type added, difference_type removed, difference_type increased,
                    difference_type decreased);

/// EmptySchema or its subclass TrueSchema.
inline bool is_empty_schema(node_ref s) {
  return s != nullptr && (s->kind == schema_kind::empty || s->kind == schema_kind::true_schema);
}

}  // namespace tessera::formats::json_schema::diff
