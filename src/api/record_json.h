#pragma once
// The wire text of an engine answer (bizobject/record.h), written once, at the edge:
//   list:    {"pagination":{"offset":..,"limit":..,"count":..,"total":..},"data":[record,...]}
//   delete:  {"message":"Deleted","data":[record]}
//   else:    {"data":[record,...]}
// A record is {"field":value,...} in spec field order (strings; ints; decimals as strings with
// exactly the field's scale; bools; dates as strings or null), then each sub-dataset as
// "name":[{"dtlkey":..,"seq":..,fields},...]. The read cache keeps these bytes as they are.
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "bizobject/record.h"
#include "bizobject/spec.h"

namespace sqlacc::api {

class RecordJson {
 public:
  // Builds the `"name":` keys of every field and dataset of `specs` once (at start-up), so that
  // writing a record only copies them.
  explicit RecordJson(std::span<const bizobject::ObjectSpec* const> specs);

  // The JSON text of `result`. A spec not given to the constructor is written too, its keys built
  // for this call.
  std::string write(const bizobject::Result& result) const;

  struct Keys {
    std::vector<std::string> fields;  // `"code":`, then `,"name":`
    struct Dataset {
      std::string head;                 // `,"sdsbranch":[`
      std::vector<std::string> fields;  // `,"name":`
    };
    std::vector<Dataset> datasets;  // parallel to ObjectSpec::datasets
    std::size_t record_size = 0;    // a guess of one list record's length, to reserve
  };

 private:
  std::unordered_map<const bizobject::ObjectSpec*, Keys> keys_;
};

}  // namespace sqlacc::api
