#pragma once
// Every error the service sends is one JSON shape: RFC 9457 problem details that also carry
// `message` (what existing SQL Account clients read) and a machine-readable `code`.
#include <string_view>

#include "api/request.h"
#include "keys/error.h"

namespace sqlacc::api {

// Fills `response` with status, `Content-Type: application/problem+json` and the JSON body
// {"type","title","status","code","message"[,"field"],"request_id"}.
void set_problem(Response& response, unsigned status, std::string_view code,
                 std::string_view message, std::string_view request_id,
                 std::string_view field = {});

// A keys::KeyError as a problem: 404 NotFound, 409 Conflict, 400 ValidationError, 403 Forbidden.
void set_key_problem(Response& response, const keys::KeyError& error, std::string_view request_id);

// The standard reason phrase for a status ("Not Found"; "Unknown" for codes not listed): the
// problem's title, and the HTTP status line's reason.
std::string_view status_title(unsigned status);

}  // namespace sqlacc::api
