#pragma once
// A small blocking HTTP/1.1 client (http and https) for the CLI's Test Connection. Kept in src/http
// because only this folder includes Beast.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace sqlacc::http {

struct ClientRequest {
  std::string method = "GET";
  std::string url;  // http://host:port/path?query or https://...
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::seconds timeout{10};
  bool verify_tls = true;
};

struct ClientResponse {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Throws std::runtime_error with a readable message on connection/TLS/protocol failure.
ClientResponse fetch(const ClientRequest& request);

// "host" or "host:port" exactly as a client puts it in the Host header for this URL (the port is
// left out when it is the scheme's default), which is what a SigV4 signature covers.
std::string host_header_for(const std::string& url);

}  // namespace sqlacc::http
