// write_head() must produce byte for byte what Beast's serializer writes, since the session now
// sends head + body itself.

#include <gtest/gtest.h>

#include <boost/beast/core/ostream.hpp>
#include <boost/beast/http/write.hpp>
#include <sstream>
#include <string>

#include "http/transport_reply.h"

namespace tessera::http {
namespace {

std::string beast_bytes(const response& res) {
  std::ostringstream os;
  os << res;
  return os.str();
}

std::string our_bytes(const response& res) {
  std::string head;
  write_head(res, head);
  return head + res.body();
}

TEST(WriteHead, MatchesBeastForAJsonAnswer) {
  response res{beast_http::status::ok, 11};
  res.set(beast_http::field::content_type, "application/vnd.schemaregistry.v1+json");
  res.body() = R"({"schema":"\"string\""})";
  ASSERT_TRUE(finish_response(res, 11, true, false));
  EXPECT_EQ(our_bytes(res), beast_bytes(res));
  EXPECT_EQ(our_bytes(res).rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
}

TEST(WriteHead, MatchesBeastForErrorsClosesAndHttp10) {
  response res = error_response(beast_http::status::payload_too_large, "too large");
  res.keep_alive(false);
  EXPECT_EQ(our_bytes(res), beast_bytes(res));

  response old{beast_http::status::not_found, 10};
  old.set(beast_http::field::content_type, "application/json");
  old.body() = R"({"error_code":40401,"message":"Subject 'x' not found."})";
  finish_response(old, 10, true, false);
  EXPECT_EQ(our_bytes(old), beast_bytes(old));
  EXPECT_EQ(our_bytes(old).rfind("HTTP/1.0 404 Not Found\r\n", 0), 0u);
}

TEST(WriteHead, HeadAnswerKeepsContentLengthWithoutBody) {
  response res{beast_http::status::ok, 11};
  res.body() = "12345";
  finish_response(res, 11, true, true);
  std::string head;
  write_head(res, head);
  EXPECT_NE(head.find("Content-Length: 5\r\n"), std::string::npos);
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(head.substr(head.size() - 4), "\r\n\r\n");
}

}  // namespace
}  // namespace tessera::http
