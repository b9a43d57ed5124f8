#pragma once
// Statement and transaction scopes shared by the engine's reads and writes.
#include <string_view>

#include "store/connection.h"

namespace sqlacc::bizobject {

using store::Cursor;      // statements reset at scope end (store/connection.h)
using store::WriteScope;  // joins the caller's transaction (sample company, batch tools)

}  // namespace sqlacc::bizobject
