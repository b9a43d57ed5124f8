#pragma once
// A real http::Server on 127.0.0.1, port 0, running in a thread, with a small handler that answers
// a JSON echo of the request (method, target, body) and records the targets it saw. Stopped and
// joined on destruction.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "api/request.h"
#include "http/server.h"

namespace sqlacc::http::test {

class EchoHandler final : public api::Handler {
 public:
  void handle(const api::Request& request, api::Response& response) override {
    {
      std::lock_guard lock(mutex_);
      targets_.push_back(request.target);
    }
    if (request.target == "/throw") throw std::runtime_error("the handler failed on purpose");
    response.status = 200;
    response.content_type = "application/json";
    response.body = boost::json::serialize(boost::json::object{
        {"method", request.method}, {"target", request.target}, {"body", request.body}});
  }
  std::vector<std::string> targets() const {
    std::lock_guard lock(mutex_);
    return targets_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> targets_;
};

// Short limits and time-outs by default, so the tests that reach them stay fast.
inline ServerOptions test_options() {
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 2;
  o.max_header_bytes = 4 * 1024;
  o.max_body_bytes = 64 * 1024;
  o.read_timeout = std::chrono::seconds(1);
  o.idle_timeout = std::chrono::seconds(1);
  o.shutdown_grace = std::chrono::seconds(1);
  o.write_timeout = std::chrono::seconds(5);
  o.access_log = false;
  return o;
}

class TestServer {
 public:
  explicit TestServer(ServerOptions options = test_options())
      : server_(std::make_unique<Server>(std::move(options), handler_)) {
    server_->listen();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~TestServer() {
    server_->stop();
    thread_.join();
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::uint16_t port() const { return server_->port(); }
  const EchoHandler& handler() const { return handler_; }

 private:
  EchoHandler handler_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// The JSON object of a response body (an empty object, and a test failure, if it is not one).
inline boost::json::object json_body(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) {
    ADD_FAILURE() << "not a JSON object: " << body;
    return {};
  }
  return v.as_object();
}

}  // namespace sqlacc::http::test
