#pragma once
// The Postman collection (v2.1) users download to try the API, generated from the business-object
// specs: one folder per object (Agent first) with List, Create, Get, Update and Delete requests
// that pass when run top to bottom against a fresh sample company. Collection-level awsv4 auth
// with the variables the original's collection uses (your_access_key, your_secret_key).
#include <boost/json/value.hpp>
#include <string_view>

#include "bizobject/engine.h"
#include "bizobject/udf.h"

namespace sqlacc::contract {

// `udfs`: the user-defined fields of the company the collection is for (GET
// /postman_collection.json is signed, so it knows): each create body carries an example value of
// its object's, and Get checks they come back.
boost::json::value make_postman_collection(const bizobject::Engine& engine,
                                           std::string_view base_url,
                                           std::span<const bizobject::udf::Declaration> udfs = {});

}  // namespace sqlacc::contract
