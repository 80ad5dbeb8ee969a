#include "formats/protobuf/proto_builtin.h"

#include <array>
#include <string>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include "formats/protobuf/proto_convert.h"
#include "formats/protobuf/proto_parser.h"

namespace tessera::formats::protobuf {

namespace {

// Google's well-known types are compiled into libprotobuf; its generated pool holds them.
constexpr std::array<std::string_view, 11> well_known{
    "google/protobuf/any.proto",         "google/protobuf/api.proto",          "google/protobuf/descriptor.proto",
    "google/protobuf/duration.proto",    "google/protobuf/empty.proto",        "google/protobuf/field_mask.proto",
    "google/protobuf/source_context.proto", "google/protobuf/struct.proto",    "google/protobuf/timestamp.proto",
    "google/protobuf/type.proto",        "google/protobuf/wrappers.proto"};

// The other known files, written out here from their published definitions. Only their type
// names and fields matter: they resolve type names and take part in diffs.
struct text_file {
  std::string_view path;
  std::string_view text;
};

constexpr std::array<text_file, 18> text_files{{
    {"confluent/meta.proto",
     R"(syntax = "proto3"; package confluent; import "google/protobuf/descriptor.proto";
message Meta { string doc = 1; map<string, string> params = 2; repeated string tags = 3; }
extend google.protobuf.FileOptions { Meta file_meta = 1088; }
extend google.protobuf.MessageOptions { Meta message_meta = 1088; }
extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
extend google.protobuf.EnumOptions { Meta enum_meta = 1088; }
extend google.protobuf.EnumValueOptions { Meta enum_value_meta = 1088; })"},
    {"confluent/type/decimal.proto",
     R"(syntax = "proto3"; package confluent.type;
message Decimal { bytes value = 1; uint32 precision = 2; int32 scale = 3; })"},
    {"google/type/calendar_period.proto",
     R"(syntax = "proto3"; package google.type;
enum CalendarPeriod { CALENDAR_PERIOD_UNSPECIFIED = 0; DAY = 1; WEEK = 2; FORTNIGHT = 3; MONTH = 4;
  QUARTER = 5; HALF = 6; YEAR = 7; })"},
    {"google/type/color.proto",
     R"(syntax = "proto3"; package google.type; import "google/protobuf/wrappers.proto";
message Color { float red = 1; float green = 2; float blue = 3; google.protobuf.FloatValue alpha = 4; })"},
    {"google/type/date.proto",
     R"(syntax = "proto3"; package google.type; message Date { int32 year = 1; int32 month = 2; int32 day = 3; })"},
    {"google/type/datetime.proto",
     R"(syntax = "proto3"; package google.type; import "google/protobuf/duration.proto";
message DateTime { int32 year = 1; int32 month = 2; int32 day = 3; int32 hours = 4; int32 minutes = 5;
  int32 seconds = 6; int32 nanos = 7;
  oneof time_offset { google.protobuf.Duration utc_offset = 8; TimeZone time_zone = 9; } }
message TimeZone { string id = 1; string version = 2; })"},
    {"google/type/dayofweek.proto",
     R"(syntax = "proto3"; package google.type;
enum DayOfWeek { DAY_OF_WEEK_UNSPECIFIED = 0; MONDAY = 1; TUESDAY = 2; WEDNESDAY = 3; THURSDAY = 4;
  FRIDAY = 5; SATURDAY = 6; SUNDAY = 7; })"},
    {"google/type/decimal.proto", R"(syntax = "proto3"; package google.type; message Decimal { string value = 1; })"},
    {"google/type/expr.proto",
     R"(syntax = "proto3"; package google.type;
message Expr { string expression = 1; string title = 2; string description = 3; string location = 4; })"},
    {"google/type/fraction.proto",
     R"(syntax = "proto3"; package google.type; message Fraction { int64 numerator = 1; int64 denominator = 2; })"},
    {"google/type/interval.proto",
     R"(syntax = "proto3"; package google.type; import "google/protobuf/timestamp.proto";
message Interval { google.protobuf.Timestamp start_time = 1; google.protobuf.Timestamp end_time = 2; })"},
    {"google/type/latlng.proto",
     R"(syntax = "proto3"; package google.type; message LatLng { double latitude = 1; double longitude = 2; })"},
    {"google/type/money.proto",
     R"(syntax = "proto3"; package google.type;
message Money { string currency_code = 1; int64 units = 2; int32 nanos = 3; })"},
    {"google/type/month.proto",
     R"(syntax = "proto3"; package google.type;
enum Month { MONTH_UNSPECIFIED = 0; JANUARY = 1; FEBRUARY = 2; MARCH = 3; APRIL = 4; MAY = 5; JUNE = 6;
  JULY = 7; AUGUST = 8; SEPTEMBER = 9; OCTOBER = 10; NOVEMBER = 11; DECEMBER = 12; })"},
    {"google/type/phone_number.proto",
     R"(syntax = "proto3"; package google.type;
message PhoneNumber { oneof kind { string e164_number = 1; ShortCode short_code = 2; } string extension = 3;
  message ShortCode { string region_code = 1; string number = 2; } })"},
    {"google/type/postal_address.proto",
     R"(syntax = "proto3"; package google.type;
message PostalAddress { int32 revision = 1; string region_code = 2; string language_code = 3;
  string postal_code = 4; string sorting_code = 5; string administrative_area = 6; string locality = 7;
  string sublocality = 8; repeated string address_lines = 9; repeated string recipients = 10;
  string organization = 11; })"},
    {"google/type/quaternion.proto",
     R"(syntax = "proto3"; package google.type;
message Quaternion { double x = 1; double y = 2; double z = 3; double w = 4; })"},
    {"google/type/timeofday.proto",
     R"(syntax = "proto3"; package google.type;
message TimeOfDay { int32 hours = 1; int32 minutes = 2; int32 seconds = 3; int32 nanos = 4; })"},
}};

std::vector<std::pair<std::string, proto_file>> build() {
  std::vector<std::pair<std::string, proto_file>> out;
  for (std::string_view path : well_known) {
    const auto* file = google::protobuf::DescriptorPool::generated_pool()->FindFileByName(std::string(path));
    if (file == nullptr) continue;
    google::protobuf::FileDescriptorProto proto;
    file->CopyTo(&proto);
    out.emplace_back(std::string(path), to_proto_file(proto, nullptr));
  }
  for (const text_file& f : text_files) {
    auto parsed = parse_proto(f.text);
    if (parsed) out.emplace_back(std::string(f.path), std::move(*parsed));
  }
  return out;
}

}  // namespace

const std::vector<std::pair<std::string, proto_file>>& known_dependencies() {
  static const std::vector<std::pair<std::string, proto_file>> files = build();
  return files;
}

}  // namespace tessera::formats::protobuf
