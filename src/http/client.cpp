#include "http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <stdexcept>

namespace sqlacc::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct Target {
  bool tls = false;
  std::string host, port, path_and_query;
};

Target parse(const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  if (!u) throw std::runtime_error("not an absolute URL: " + url);
  Target t;
  std::string scheme(u->scheme());
  if (scheme == "https") {
    t.tls = true;
  } else if (scheme != "http") {
    throw std::runtime_error("URL must start with http:// or https://: " + url);
  }
  t.host = std::string(u->encoded_host());
  t.port = u->has_port() ? std::string(u->port()) : (t.tls ? "443" : "80");
  t.path_and_query = std::string(u->encoded_path());
  if (t.path_and_query.empty()) t.path_and_query = "/";
  if (u->has_query()) t.path_and_query += "?" + std::string(u->encoded_query());
  return t;
}

template <class Stream>
ClientResponse exchange(Stream& stream, const ClientRequest& r, const Target& t) {
  bhttp::request<bhttp::string_body> req;
  req.method_string(r.method);
  req.target(t.path_and_query);
  req.version(11);
  req.set(bhttp::field::host, host_header_for(r.url));
  req.set(bhttp::field::user_agent, "sqlacc-cli");
  for (const auto& [k, v] : r.headers) req.set(k, v);
  req.body() = r.body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  ClientResponse out;
  out.status = res.result_int();
  for (const auto& f : res)
    out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  out.body = std::move(res.body());
  return out;
}

}  // namespace

std::string host_header_for(const std::string& url) {
  Target t = parse(url);
  bool default_port = (t.tls && t.port == "443") || (!t.tls && t.port == "80");
  return default_port ? t.host : t.host + ":" + t.port;
}

ClientResponse fetch(const ClientRequest& r) {
  Target t = parse(r.url);
  asio::io_context io;
  tcp::resolver resolver(io);
  try {
    auto endpoints = resolver.resolve(t.host, t.port);
    if (!t.tls) {
      beast::tcp_stream stream(io);
      stream.expires_after(r.timeout);
      stream.connect(endpoints);
      return exchange(stream, r, t);
    }
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(r.verify_tls ? asio::ssl::verify_peer : asio::ssl::verify_none);
    beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), t.host.c_str())) {
      throw std::runtime_error("cannot set TLS server name");
    }
    if (r.verify_tls) stream.set_verify_callback(asio::ssl::host_name_verification(t.host));
    beast::get_lowest_layer(stream).expires_after(r.timeout);
    beast::get_lowest_layer(stream).connect(endpoints);
    stream.handshake(asio::ssl::stream_base::client);
    return exchange(stream, r, t);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot reach " + r.url + ": " + e.code().message());
  }
}

}  // namespace sqlacc::http
