#include "api/problem.h"

#include <string>

#include "util/text.h"

namespace sqlacc::api {

std::string_view status_title(unsigned status) {
  switch (status) {
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
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status < 500 ? "Client Error" : "Server Error";
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
