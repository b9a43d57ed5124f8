// Time-outs and Expect: 100-continue over a real socket, with the test server's 1 s read and idle
// time-outs (the server checks deadlines every 200 ms, so each case takes about 1.2 s).
#include <gtest/gtest.h>

#include <chrono>

#include "socket_client.h"
#include "test_server.h"

namespace sqlacc::http::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(HttpTimeouts, AHalfSentRequestGets408AfterTheReadTimeout) {
  TestServer server;  // read_timeout 1 s
  SocketClient client(server.port());
  const auto t0 = Clock::now();
  client.send("GET /slow HTTP/1.1\r\nHost: test\r\n");  // the blank line never comes
  const WireResponse r = client.read_response();
  const auto waited = Clock::now() - t0;
  EXPECT_EQ(r.status, 408);
  EXPECT_EQ(json_body(r.body).at("code"), "RequestTimeout");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_TRUE(client.closed_by_peer());
  EXPECT_GE(waited, 900ms);
  EXPECT_LT(waited, 3s);
  EXPECT_TRUE(server.handler().targets().empty());
}

TEST(HttpTimeouts, ABodyThatStopsHalfWayGets408) {
  TestServer server;
  SocketClient client(server.port());
  client.send("POST /slow HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\nonly part");
  EXPECT_EQ(client.read_response().status, 408);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST(HttpTimeouts, TheReadTimeoutCountsFromTheFirstByteNotPerRead) {
  // A client trickling one byte every 100 ms must not keep the request open past the read timeout.
  TestServer server;
  SocketClient client(server.port());
  const auto t0 = Clock::now();
  client.send("GET /trickle HTTP/1.1\r\nHost: test\r\nX-Slow: ");
  while (Clock::now() - t0 < 3s && !client.readable_within(100ms)) client.send("a");
  EXPECT_EQ(client.read_response().status, 408);
  EXPECT_LT(Clock::now() - t0, 2500ms);
}

TEST(HttpTimeouts, AnIdleConnectionIsClosedWithoutAResponse) {
  TestServer server;  // idle_timeout 1 s
  SocketClient client(server.port());
  const auto t0 = Clock::now();
  EXPECT_TRUE(client.closed_by_peer());  // nothing sent: no 408, just a close
  EXPECT_LT(Clock::now() - t0, 3s);
}

TEST(HttpTimeouts, AnIdleKeepAliveConnectionIsClosedAfterItsLastResponse) {
  TestServer server;
  SocketClient client(server.port());
  client.send("GET /once HTTP/1.1\r\nHost: test\r\n\r\n");
  EXPECT_EQ(client.read_response().status, 200);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST(HttpExpectContinue, Sends100ThenTheFinalResponse) {
  TestServer server;
  SocketClient client(server.port());
  client.send(
      "POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 7\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.read_exactly(25), "HTTP/1.1 100 Continue\r\n\r\n");
  client.send("payload");
  const WireResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json_body(r.body).at("body"), "payload");
}

TEST(HttpExpectContinue, NoInterimResponseWhenTheBodyCameAlready) {
  TestServer server;
  SocketClient client(server.port());
  client.send(
      "POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nok");
  const WireResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json_body(r.body).at("body"), "ok");
}

TEST(HttpExpectContinue, ABodyTooLargeIsRefusedWithout100) {
  TestServer server;
  SocketClient client(server.port());
  client.send(
      "POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 10000000\r\n"
      "Expect: 100-continue\r\n\r\n");
  const WireResponse r = client.read_response();
  EXPECT_EQ(r.status, 413);
}

}  // namespace
}  // namespace sqlacc::http::test
