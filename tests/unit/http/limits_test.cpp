// Size limits and malformed requests over a real socket: each answered with the JSON error shape,
// then the connection is closed (what follows on it cannot be trusted).
#include <gtest/gtest.h>

#include "socket_client.h"
#include "test_server.h"

namespace sqlacc::http::test {
namespace {

// The status, the JSON error code, and that the server closed the connection afterwards.
void expect_error_and_close(SocketClient& client, int status, const char* code) {
  const WireResponse r = client.read_response();
  EXPECT_EQ(r.status, status);
  EXPECT_NE(r.header("content-type").value_or("").find("json"), std::string::npos);
  EXPECT_EQ(r.header("connection"), "close");
  const auto body = json_body(r.body);
  EXPECT_EQ(body.at("code"), code) << r.body;
  EXPECT_TRUE(body.contains("message")) << r.body;
  EXPECT_TRUE(client.closed_by_peer());
}

TEST(HttpLimits, HeaderBlockTooLargeIs431) {
  TestServer server;  // max_header_bytes 4 KiB
  SocketClient client(server.port());
  client.send("GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + std::string(8 * 1024, 'a') + "\r\n\r\n");
  expect_error_and_close(client, 431, "RequestHeaderFieldsTooLarge");
}

TEST(HttpLimits, HeaderBlockJustUnderTheLimitIsServed) {
  TestServer server;
  SocketClient client(server.port());
  client.send("GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + std::string(3 * 1024, 'a') + "\r\n\r\n");
  EXPECT_EQ(client.read_response().status, 200);
}

TEST(HttpLimits, BodyTooLargeByContentLengthIs413BeforeItArrives) {
  TestServer server;  // max_body_bytes 64 KiB
  SocketClient client(server.port());
  client.send("POST /x HTTP/1.1\r\nHost: test\r\nContent-Length: 1000000\r\n\r\n");
  expect_error_and_close(client, 413, "PayloadTooLarge");
  EXPECT_TRUE(server.handler().targets().empty());
}

TEST(HttpLimits, ChunkedBodyGrowingPastTheLimitIs413) {
  TestServer server;
  SocketClient client(server.port());
  std::string req = "POST /x HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 5; ++i) req += "4000\r\n" + std::string(0x4000, 'b') + "\r\n";  // 80 KiB
  req += "0\r\n\r\n";
  client.send(req);
  expect_error_and_close(client, 413, "PayloadTooLarge");
}

TEST(HttpLimits, ChunkedBodyWithinTheLimitArrivesDecoded) {
  TestServer server;
  SocketClient client(server.port());
  client.send(
      "POST /c HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  const WireResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json_body(r.body).at("body"), "hello world");
}

TEST(HttpMalformed, GarbageIs400Json) {
  TestServer server;
  SocketClient client(server.port());
  client.send("THIS IS NOT HTTP\r\n\r\n");
  expect_error_and_close(client, 400, "BadRequest");
}

TEST(HttpMalformed, BadContentLengthIs400) {
  TestServer server;
  SocketClient client(server.port());
  client.send("POST /x HTTP/1.1\r\nHost: test\r\nContent-Length: ten\r\n\r\n");
  expect_error_and_close(client, 400, "BadRequest");
}

TEST(HttpMalformed, TransferEncodingNotEndingInChunkedIs400) {
  // RFC 9112 §6.3: no reliable length, so no guessing (request smuggling otherwise).
  TestServer server;
  SocketClient client(server.port());
  client.send("POST /x HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: gzip\r\n\r\nabc");
  expect_error_and_close(client, 400, "BadRequest");
  EXPECT_TRUE(server.handler().targets().empty());
}

TEST(HttpMalformed, AMalformedSecondRequestStillGetsTheFirstAnswered) {
  TestServer server;
  SocketClient client(server.port());
  client.send("GET /ok HTTP/1.1\r\nHost: test\r\n\r\nGET /bad HTTP/9.9 nonsense\r\n\r\n");
  const WireResponse first = client.read_response();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(json_body(first.body).at("target"), "/ok");
  expect_error_and_close(client, 400, "BadRequest");
}

}  // namespace
}  // namespace sqlacc::http::test
