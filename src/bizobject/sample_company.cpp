// The generic loader of the sample company (`sqlacc init --sample`). The data lives with each
// object (ObjectSpec::samples, e.g. objects/masters.cpp); here only the order it is loaded in.
//
// The order is derived from the samples themselves, not from the specs' references alone: the
// specs reference each other in cycles (an account may name a default tax code; a tax code names
// its GL account), but the sample records do not. An object depends on another when one of its
// samples gives a field (of the master or of a dataset row) that references it, or leaves out
// one whose default does (the customer's control account). Objects are then loaded in registry
// (display) order, each after everything it depends on; references to itself (a parent account)
// are met by the order of its own samples.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bizobject/engine.h"
#include "bizobject/text.h"

namespace sqlacc::bizobject {
namespace {
namespace json = boost::json;

bool gives_value(const json::object& record, const FieldSpec& f) {
  const json::value* v = record.if_contains(f.name);
  if (!v) return !f.default_value.empty();  // left out: its default is used
  if (v->is_null()) return false;
  if (v->is_string()) return !v->get_string().empty();
  return true;
}

// The resources (other than the spec's own) that the spec's samples reference.
std::set<std::string> sample_dependencies(const ObjectSpec& spec) {
  std::set<std::string> deps;
  auto note = [&](const json::object& record, std::span<const FieldSpec> fields) {
    for (const FieldSpec& f : fields)
      if (!f.references.empty() && !iequals(f.references, spec.resource) && gives_value(record, f))
        deps.insert(to_lower(f.references));
  };
  for (std::string_view body : spec.samples) {
    const json::value record = json::parse(body);
    if (!record.is_object())
      throw std::logic_error(fmt::format("sample {}: not a JSON object", spec.resource));
    note(record.get_object(), spec.fields);
    for (const DatasetSpec& ds : spec.datasets)
      if (const json::value* rows = record.get_object().if_contains(ds.name);
          rows && rows->is_array())
        for (const json::value& row : rows->get_array())
          if (row.is_object()) note(row.get_object(), ds.fields);
  }
  return deps;
}

// The specs with samples, each after those it depends on, otherwise in registry order.
std::vector<const ObjectSpec*> load_order(std::span<const ObjectSpec* const> specs) {
  struct Pending {
    const ObjectSpec* spec;
    std::set<std::string> deps;  // resources not yet loaded
  };
  std::vector<Pending> pending;
  std::set<std::string> with_samples;
  for (const ObjectSpec* s : specs)
    if (!s->samples.empty()) {
      pending.push_back({s, sample_dependencies(*s)});
      with_samples.insert(to_lower(s->resource));
    }
  // A reference to an object without samples is left for Engine::create to report.
  for (Pending& p : pending)
    std::erase_if(p.deps, [&](const auto& d) { return !with_samples.contains(d); });

  std::vector<const ObjectSpec*> order;
  while (!pending.empty()) {
    auto ready = std::find_if(pending.begin(), pending.end(),
                              [](const Pending& p) { return p.deps.empty(); });
    if (ready == pending.end()) {
      std::string names;
      for (const Pending& p : pending) names += fmt::format(" {}", p.spec->resource);
      throw std::logic_error(
          "sample company: the samples of these objects reference each other "
          "in a cycle:" +
          names);
    }
    const std::string loaded = to_lower(ready->spec->resource);
    order.push_back(ready->spec);
    pending.erase(ready);
    for (Pending& p : pending) p.deps.erase(loaded);
  }
  return order;
}

}  // namespace

void load_sample_company(const Engine& engine, store::Connection& conn, std::int64_t now) {
  const std::vector<const ObjectSpec*> order = load_order(engine.objects());
  store::WriteScope scope(conn);
  for (const ObjectSpec* spec : order)
    for (std::string_view body : spec->samples) engine.create(conn, *spec, body, now);
  scope.commit();
}

}  // namespace sqlacc::bizobject
