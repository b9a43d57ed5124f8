#pragma once
// The Postman collection (v2.1) users download to try the API, generated from the business-object
// specs: one folder per object (Agent first) with List, Create, Get, Update and Delete requests
// that pass when run top to bottom against a fresh sample company. Collection-level awsv4 auth
// with the variables the original's collection uses (your_access_key, your_secret_key).
#include <boost/json/value.hpp>
#include <string_view>

#include "bizobject/engine.h"

namespace sqlacc::contract {

boost::json::value make_postman_collection(const bizobject::Engine& engine,
                                           std::string_view base_url);

}  // namespace sqlacc::contract
