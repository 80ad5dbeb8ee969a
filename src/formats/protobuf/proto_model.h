#pragma once
/// The parsed form of a .proto file, shaped like Square Wire's `ProtoFileElement` because that is
/// what Confluent prints, normalises and diffs. libprotobuf's parser produces a
/// FileDescriptorProto; proto_convert turns it (plus its source locations) into these elements.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tessera::formats::protobuf {

/// Wire's OptionElement.Kind. `option` is `(a).b = v`: one nested element in `entries`.
enum class option_kind { string, boolean, number, enumeration, map, list, option };

/// An option value as Wire keeps it: strings unescaped, other scalars as their token text, maps
/// in written order (a repeated key collects its values into a list), lists in order.
struct option_value {
  option_kind kind = option_kind::string;
  std::string text;
  std::vector<std::pair<std::string, option_value>> entries;
  std::vector<option_value> items;
  bool operator==(const option_value&) const = default;
};

struct option_element {
  std::string name;  ///< without parentheses
  bool parenthesized = false;
  option_value value;
  bool operator==(const option_element&) const = default;
};

enum class field_label { none, optional, required, repeated };

struct field_element {
  field_label label = field_label::none;
  std::string type;  ///< as written: a scalar, a (possibly qualified) type name, or `map<K, V>`
  std::string name;
  std::int32_t tag = 0;
  std::optional<std::string> default_value;
  std::optional<std::string> json_name;
  std::vector<option_element> options;
};

struct group_element {
  field_label label = field_label::none;
  std::string name;
  std::int32_t tag = 0;
  std::vector<field_element> fields;
};

struct oneof_element {
  std::string name;
  std::vector<field_element> fields;
  std::vector<group_element> groups;
  std::vector<option_element> options;
};

/// One value of a `reserved` or `extensions` statement: `5`, `7 to 9` (end inclusive) or `"x"`.
struct range_value {
  enum class kind { number, range, name };
  kind k = kind::number;
  std::int32_t start = 0;
  std::int32_t end = 0;
  std::string name;
};

/// One `reserved ...;` or `extensions ...;` statement.
struct range_statement {
  std::vector<range_value> values;
};

struct extend_element {
  std::string name;  ///< the extended type as written
  std::vector<field_element> fields;
};

struct enum_constant {
  std::string name;
  std::int32_t tag = 0;
  std::vector<option_element> options;
};

struct enum_element {
  std::string name;
  std::vector<option_element> options;
  std::vector<enum_constant> constants;
  std::vector<range_statement> reserveds;
};

/// Nested messages and enums are kept apart: Confluent prints all messages of a scope before its
/// enums, and message indexes count messages only.
struct message_element {
  std::string name;
  std::vector<field_element> fields;  ///< fields outside oneofs, in written order
  std::vector<oneof_element> oneofs;
  std::vector<group_element> groups;
  std::vector<message_element> messages;
  std::vector<enum_element> enums;
  std::vector<option_element> options;
  std::vector<range_statement> reserveds;
  std::vector<range_statement> extensions;
  std::vector<extend_element> extends;
};

struct rpc_element {
  std::string name;
  std::string request_type;
  std::string response_type;
  bool request_streaming = false;
  bool response_streaming = false;
  std::vector<option_element> options;
};

struct service_element {
  std::string name;
  std::vector<rpc_element> rpcs;
  std::vector<option_element> options;
};

struct proto_file {
  std::optional<std::string> syntax;  ///< "proto2"/"proto3" when a syntax statement was written
  std::optional<std::string> package;
  std::vector<std::string> imports;
  std::vector<std::string> public_imports;
  std::vector<option_element> options;
  std::vector<message_element> messages;
  std::vector<enum_element> enums;
  std::vector<service_element> services;
  std::vector<extend_element> extends;
};

/// Wire's scalar type names (ProtoType.isScalar).
bool is_scalar_type(std::string_view type);

/// `map<K, V>` split into key and value (spaces trimmed); nullopt when `type` is not a map.
std::optional<std::pair<std::string, std::string>> map_types(std::string_view type);

/// The option named `name` (leading '.' ignored), the last one written wins.
const option_element* find_option(const std::vector<option_element>& options, std::string_view name);

/// True when `options` holds `map_entry = true` (the message stands for a map field).
bool is_map_entry(const std::vector<option_element>& options);

}  // namespace tessera::formats::protobuf
