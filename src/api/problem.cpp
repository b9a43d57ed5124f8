#include "api/problem.h"

#include <string>

#include "util/text.h"

namespace sqlacc::api {

namespace {

unsigned key_error_status(keys::ErrorKind kind) {
  switch (kind) {
    case keys::ErrorKind::NotFound:
      return 404;
    case keys::ErrorKind::Conflict:
      return 409;
    case keys::ErrorKind::Invalid:
      return 400;
    case keys::ErrorKind::Forbidden:
      return 403;
  }
  return 400;
}

std::string_view key_error_code(keys::ErrorKind kind) {
  switch (kind) {
    case keys::ErrorKind::NotFound:
      return "NotFound";
    case keys::ErrorKind::Conflict:
      return "Conflict";
    case keys::ErrorKind::Invalid:
      return "ValidationError";
    case keys::ErrorKind::Forbidden:
      return "Forbidden";
  }
  return "KeyError";
}

}  // namespace

void set_key_problem(Response& response, const keys::KeyError& error, std::string_view request_id) {
  set_problem(response, key_error_status(error.kind()), key_error_code(error.kind()), error.what(),
              request_id);
}

std::string_view status_title(unsigned status) {
  switch (status) {
    case 100:
      return "Continue";
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 417:
      return "Expectation Failed";
    case 422:
      return "Unprocessable Entity";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

void set_problem(Response& response, unsigned status, std::string_view code,
                 std::string_view message, std::string_view request_id, std::string_view field) {
  response.status = status;
  response.content_type = "application/problem+json";
  std::string& b = response.body;
  b.clear();
  b += "{\"type\":\"about:blank\",\"title\":";
  text::append_json_string(b, status_title(status));
  b += ",\"status\":";
  b += std::to_string(status);
  b += ",\"code\":";
  text::append_json_string(b, code);
  b += ",\"message\":";
  text::append_json_string(b, message);
  if (!field.empty()) {
    b += ",\"field\":";
    text::append_json_string(b, field);
  }
  b += ",\"request_id\":";
  text::append_json_string(b, request_id);
  b += "}";
}

}  // namespace sqlacc::api
