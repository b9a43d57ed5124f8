#pragma once
// Which lane (request.h) a request of the service runs in: decided from the method, the raw path
// and whether it is signed, without I/O, on the I/O thread. (Rooms mounted on the service, such as
// the admin console, decide for their own paths: Handler::lane.)
#include "api/request.h"

namespace sqlacc::api {

Lane lane_of(const Request& request);

}  // namespace sqlacc::api
