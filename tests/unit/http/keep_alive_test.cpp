// Connection reuse over a real socket: keep-alive, pipelining, Connection: close, HTTP/1.0.
#include <gtest/gtest.h>

#include "socket_client.h"
#include "test_server.h"

namespace sqlacc::http::test {
namespace {

std::string get(std::string_view target, std::string_view extra = {}) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra) + "\r\n";
}

TEST(HttpKeepAlive, AnswersAGetWithJsonAndARequestId) {
  TestServer server;
  SocketClient client(server.port());
  client.send(get("/hello?x=1"));
  const WireResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_TRUE(r.header("x-request-id").has_value());
  EXPECT_TRUE(r.header("date").has_value());
  const auto body = json_body(r.body);
  EXPECT_EQ(body.at("method"), "GET");
  EXPECT_EQ(body.at("target"), "/hello?x=1");
}

TEST(HttpKeepAlive, KeepsAClientRequestIdThatIsSafeToEcho) {
  TestServer server;
  SocketClient client(server.port());
  client.send(get("/a", "X-Request-Id: my-id.1\r\n"));
  EXPECT_EQ(client.read_response().header("x-request-id"), "my-id.1");
  client.send(get("/b", "X-Request-Id: bad id\r\n"));
  const auto id = client.read_response().header("x-request-id");
  ASSERT_TRUE(id.has_value());
  EXPECT_NE(*id, "bad id");
}

TEST(HttpKeepAlive, ServesTwoRequestsOnOneConnection) {
  TestServer server;
  SocketClient client(server.port());
  client.send(get("/first"));
  const WireResponse a = client.read_response();
  client.send("POST /second HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello");
  const WireResponse b = client.read_response();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(b.status, 200);
  EXPECT_FALSE(a.header("connection").has_value());  // HTTP/1.1 default: stays open
  EXPECT_EQ(json_body(a.body).at("target"), "/first");
  EXPECT_EQ(json_body(b.body).at("body"), "hello");
  EXPECT_EQ(server.handler().targets(), (std::vector<std::string>{"/first", "/second"}));
}

TEST(HttpKeepAlive, AnswersPipelinedRequestsInOrder) {
  TestServer server;
  SocketClient client(server.port());
  std::string three =
      get("/1") + "POST /2 HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc" + get("/3");
  client.send(three);  // one write: the server finds all three in its buffer
  for (const char* target : {"/1", "/2", "/3"}) {
    const WireResponse r = client.read_response();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(json_body(r.body).at("target"), target);
  }
}

TEST(HttpKeepAlive, ConnectionCloseIsHonoured) {
  TestServer server;
  SocketClient client(server.port());
  client.send(get("/bye", "Connection: close\r\n"));
  const WireResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_TRUE(client.closed_by_peer());
}

TEST(HttpKeepAlive, Http10ClosesUnlessAskedToKeepAlive) {
  TestServer server;
  {
    SocketClient client(server.port());
    client.send("GET /old HTTP/1.0\r\n\r\n");
    EXPECT_EQ(client.read_response().status, 200);
    EXPECT_TRUE(client.closed_by_peer());
  }
  SocketClient client(server.port());
  client.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  const WireResponse r = client.read_response();
  EXPECT_EQ(r.header("connection"), "keep-alive");
  client.send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(json_body(client.read_response().body).at("target"), "/again");
}

TEST(HttpKeepAlive, HeadSendsTheHeadersOfAGetButNoBody) {
  TestServer server;
  SocketClient client(server.port());
  client.send(get("/thing"));
  const WireResponse g = client.read_response();
  client.send("HEAD /thing HTTP/1.1\r\nHost: test\r\n\r\n");
  const WireResponse h = client.read_response(/*head_request=*/true);
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.header("content-type"), "application/json");
  // The echo names the method, so the HEAD body would be one byte longer than the GET's.
  EXPECT_EQ(h.header("content-length"), std::to_string(g.body.size() + 1));
  // No body bytes follow: the next response starts right after the head.
  client.send(get("/after"));
  const WireResponse next = client.read_response();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(json_body(next.body).at("target"), "/after");
}

TEST(HttpKeepAlive, AHandlerExceptionIsA500JsonAndTheConnectionLives) {
  TestServer server;
  SocketClient client(server.port());
  client.send(get("/throw"));
  const WireResponse r = client.read_response();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(json_body(r.body).at("code"), "InternalError");
  client.send(get("/fine"));
  EXPECT_EQ(client.read_response().status, 200);
}

}  // namespace
}  // namespace sqlacc::http::test
