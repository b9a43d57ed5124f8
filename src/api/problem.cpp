#include "api/problem.h"

#include <spdlog/spdlog.h>

#include <string>

#include "util/text.h"

namespace sqlacc::api {

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

void set_problem(Response& response, const Problem& problem, std::string_view request_id) {
  const unsigned status = problem.status;
  std::string_view code = problem.code;
  std::string_view message = problem.what();
  std::string_view field = problem.field;
  if (status == 500) {
    spdlog::error("request {}: {}: {}", request_id, problem.code, problem.what());
    code = problem_code::kInternalError;
    message = "Internal error; see the server log for request id";
    field = {};
  } else if (!problem.client_message.empty()) {
    if (!problem.is(problem_code::kServiceBusy))
      spdlog::warn("request {}: {}: {}", request_id, problem.code, problem.what());
    message = problem.client_message;
  }
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
  if (problem.retry_after > 0)
    response.headers.push_back({"Retry-After", std::to_string(problem.retry_after)});
}

}  // namespace sqlacc::api
