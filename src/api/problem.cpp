#include "api/problem.h"

#include <string>

namespace sqlacc::api {

std::string_view status_title(unsigned status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status < 500 ? "Client Error" : "Server Error";
  }
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 15]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

void set_problem(Response& response, unsigned status, std::string_view code,
                 std::string_view message, std::string_view request_id, std::string_view field) {
  response.status = status;
  response.content_type = "application/problem+json";
  std::string& b = response.body;
  b.clear();
  b += "{\"type\":\"about:blank\",\"title\":";
  append_json_string(b, status_title(status));
  b += ",\"status\":";
  b += std::to_string(status);
  b += ",\"code\":";
  append_json_string(b, code);
  b += ",\"message\":";
  append_json_string(b, message);
  if (!field.empty()) {
    b += ",\"field\":";
    append_json_string(b, field);
  }
  b += ",\"request_id\":";
  append_json_string(b, request_id);
  b += "}";
}

}  // namespace sqlacc::api
