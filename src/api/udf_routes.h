#pragma once
// The signed API of user-defined fields (bizobject/udf.h), one company's declarations:
//   GET    /udf[?object=stockitem]        {"data":[{"object","name","type","width","scale"},...]}
//   POST   /udf  {"object":"stockitem","name":"udf_colour","type":"string","width":20}
//                                         {"data":[declaration]}
//   DELETE /udf/{object}/{name}[?force=true]
//                                         {"message":"Deleted","data":[declaration]}
// Each answers the JSON text; problems are thrown (400 naming the field, 404, 409).
#include <string>
#include <string_view>

#include "bizobject/engine.h"
#include "store/connection.h"

namespace sqlacc::api {

std::string udf_list(store::Connection& conn, const bizobject::Engine& engine,
                     const bizobject::Params& params);
std::string udf_declare(store::Connection& conn, const bizobject::Engine& engine,
                        std::string_view body);
std::string udf_remove(store::Connection& conn, const bizobject::Engine& engine,
                       std::string_view object, std::string_view name,
                       const bizobject::Params& params);

}  // namespace sqlacc::api
