#pragma once
// Every error the service sends is one JSON shape: RFC 9457 problem details that also carry
// `message` (what existing SQL Account clients read) and a machine-readable `code`.
#include <string_view>

#include "api/request.h"
#include "util/problem.h"

namespace sqlacc::api {

// Fills `response` with the problem's status, `Content-Type: application/problem+json`, the JSON
// body {"type","title","status","code","message"[,"field"],"request_id"} and, when it has one,
// `Retry-After` (added to the response's headers). The message is what() unless it is for the
// server's log: a 500 answers InternalError with a fixed message, a problem with a client_message
// (a database failure) answers that. Such a hidden message is logged with the request id (not
// ServiceBusy's: load, not a fault).
void set_problem(Response& response, const Problem& problem, std::string_view request_id);

// The standard reason phrase for a status ("Not Found"; "Unknown" for codes not listed): the
// problem's title, and the HTTP status line's reason.
std::string_view status_title(unsigned status);

}  // namespace sqlacc::api
