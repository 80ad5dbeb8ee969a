#pragma once
// The loader's shared state, split over loader.cc (entry, keyword readers), loader_everit.cc
// (drafts 4-7), loader_modern.cc (2019-09 / 2020-12) and loader_refs.cc (URIs, `$ref`).
// Failures set `error_` and return nullptr / false; callers pass that straight up.

#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "formats/json_schema/loader.h"

namespace tessera::formats::json_schema {

/// One JSON document: the root schema or a referenced one.
struct schema_document {
  std::string uri;  ///< absolute (or relative-to-nothing) URI, no fragment; "" for an anonymous root
  json_value json;
  dialect draft = dialect::draft7;
  bool ids_indexed = false;
};

/// Where a JSON value being loaded sits: its document, the resolution scope, the dialect.
struct load_context {
  schema_document* doc = nullptr;
  std::string base;
  dialect draft = dialect::draft7;
};

/// A located JSON value (the target of a `$ref`).
struct located_value {
  const json_value* value = nullptr;
  load_context context;
};

class schema_loader {
 public:
  /// A loader adding nodes to `graph`, with `references` available as documents.
  schema_loader(schema_graph& graph, std::span<const resolved_reference> references);

  /// Loads the root document; nullptr with error() set on failure.
  node_ref load_root(const json_value& document);
  /// The first failure's reason.
  const std::string& error() const { return error_; }

  // loader.cc: shared pieces.
  /// Records the first failure; returns nullptr for `return fail(...)`.
  schema_node* fail(std::string reason);
  /// `fail` for the bool-returning readers.
  bool reject(std::string reason);
  /// A node of `kind`, with a unique duplicate key.
  schema_node* new_node(schema_kind kind);
  /// everit's loadChild / json-sKema's subschema: a boolean or an object, per the dialect family.
  schema_node* load_child(const json_value& v, const load_context& ctx);
  /// The context inside `obj`: its `$id` (draft 4: `id`) changes the resolution scope.
  load_context enter(const json_value& obj, const load_context& ctx) const;
  /// id, title, description, readOnly/writeOnly (checked), default.
  bool read_metadata(schema_node& node, const json_value& obj, const load_context& ctx, bool is_root_of_doc);
  /// minLength, maxLength, pattern, format.
  bool read_string_keywords(schema_node& node, const json_value& obj);
  /// minimum, maximum, exclusive bounds (booleans in draft 4), multipleOf.
  bool read_number_keywords(schema_node& node, const json_value& obj, dialect draft);
  /// properties, required, additionalProperties, patternProperties, dependencies, counts.
  bool read_object_keywords(schema_node& node, const json_value& obj, const load_context& ctx);
  /// items (schema or tuple), additionalItems, counts, uniqueItems, contains (drafts 4-7).
  bool read_array_keywords(schema_node& node, const json_value& obj, const load_context& ctx);
  /// An EnumSchema of `values` (must be an array).
  schema_node* load_enum(const json_value& values);
  /// A ConstSchema of `value`.
  schema_node* load_const(const json_value& value);
  /// The schema of one `type` name; drafts 4-7 read that type's keywords from `obj` into it.
  schema_node* load_typed(const json_value& obj, std::string_view type, const load_context& ctx);
  /// allOf / anyOf / oneOf of the subschemas in `list` (must be an array).
  schema_node* load_combined(criterion c, const json_value& list, const load_context& ctx);

  // loader_everit.cc: drafts 4, 6, 7.
  /// everit's loadSchemaObject.
  schema_node* load_everit(const json_value& v, const load_context& ctx);

  // loader_modern.cc: 2019-09, 2020-12.
  /// json-sKema's load plus SchemaTranslator, for the schema at `v` (one node per location).
  schema_node* load_modern(const json_value& v, const load_context& ctx);
  /// Wires the `$ref`s met by load_modern to their targets, loading those not loaded yet.
  bool drain_modern_refs();

  // loader_refs.cc.
  /// everit's ReferenceLookup: a ReferenceSchema whose target is shared per resolved reference.
  schema_node* load_everit_ref(const json_value& obj, std::string_view ref, const load_context& ctx);
  /// A ReferenceSchema to be wired by drain_modern_refs.
  schema_node* load_modern_ref(std::string_view ref, const load_context& ctx);
  /// The JSON value `ref` designates from `ctx`; nullopt (with the failure recorded) if none.
  std::optional<located_value> resolve_ref(std::string_view ref, const load_context& ctx);
  /// Registers the `$id`s (and 2020-12 anchors) of `doc` once.
  bool index_ids(schema_document& doc);

  /// Nesting guard: JSON depth is capped, but `$ref` chains could still recurse deeply.
  struct depth_guard {
    explicit depth_guard(schema_loader& l) : loader(l) { ++loader.depth_; }
    ~depth_guard() { --loader.depth_; }
    depth_guard(const depth_guard&) = delete;
    depth_guard& operator=(const depth_guard&) = delete;
    schema_loader& loader;
  };

 private:
  friend struct depth_guard;

  schema_graph& graph_;
  std::span<const resolved_reference> references_;
  std::deque<schema_document> documents_;
  std::deque<json_value> owned_values_;  ///< merged `$ref` siblings (draft 4)
  std::map<std::string, located_value> ids_;         ///< absolute `$id` / anchor -> value
  /// everit's pointerSchemas: one referred schema per resolved reference, shared by every use.
  struct everit_ref_entry {
    schema_node* target = nullptr;         ///< null while the target is still loading
    std::vector<schema_node*> waiting;     ///< uses met during that loading (cycles)
  };
  std::map<std::string, everit_ref_entry> everit_refs_;
  std::map<const json_value*, schema_node*> modern_loaded_;  ///< json-sKema: one schema per location
  std::vector<std::pair<schema_node*, located_value>> modern_pending_;  ///< refs to wire after load
  std::string error_;
  int depth_ = 0;

 public:
  /// Storage for JSON built while loading (draft-4 `$ref` sibling merges), kept alive.
  std::deque<json_value>& owned_values() { return owned_values_; }
  int depth() const { return depth_; }
};

/// Nesting deeper than this (counting `$ref` hops) is rejected rather than risk the stack.
inline constexpr int max_load_depth = 600;

/// RFC 3986 reference resolution as java.net.URI.resolve does it (dot segments removed).
std::string resolve_uri(std::string_view base, std::string_view ref);
/// `uri` without its fragment, and the fragment (without '#'; nullopt when there is none).
std::pair<std::string, std::optional<std::string>> split_fragment(std::string_view uri);

}  // namespace tessera::formats::json_schema
