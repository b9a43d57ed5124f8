#include "api/record_json.h"

#include <fmt/format.h>

#include <optional>

#include "bizobject/udf.h"
#include "util/decimal.h"
#include "util/text.h"

namespace sqlacc::api {
namespace {

using bizobject::Cell;
using bizobject::FieldSpec;
using bizobject::FieldType;
using bizobject::ObjectSpec;
using bizobject::Record;

RecordJson::Keys keys_of(const ObjectSpec& spec) {
  RecordJson::Keys k;
  // Input-only fields (spec.h) are never written: no key. The first written field has no comma.
  bool first = true;
  for (const FieldSpec& f : spec.fields) {
    k.fields.push_back(f.input_only ? std::string()
                                    : fmt::format("{}\"{}\":", first ? "" : ",", f.name));
    first = first && f.input_only;
    k.record_size += k.fields.back().size() + 12;  // the key and a short value
  }
  for (const bizobject::DatasetSpec& d : spec.datasets) {
    RecordJson::Keys::Dataset& ds = k.datasets.emplace_back();
    ds.head = fmt::format(",\"{}\":[", d.name);
    for (const FieldSpec& f : d.fields) ds.fields.push_back(fmt::format(",\"{}\":", f.name));
  }
  return k;
}

void append_cells(std::string& out, std::span<const FieldSpec> fields,
                  const std::vector<std::string>& keys, const bizobject::Row& cells) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const FieldSpec& f = fields[i];
    if (f.input_only) continue;
    const Cell& c = cells[i];
    out += keys[i];
    switch (f.type) {
      case FieldType::String:
        text::append_json_string(out, c.s);
        break;
      case FieldType::Int:
        text::append_int(out, c.i);
        break;
      case FieldType::Decimal:
        out += '"';
        Decimal::append(out, c.i, f.scale);
        out += '"';
        break;
      case FieldType::Bool:
        out += c.i ? "true" : "false";
        break;
      case FieldType::Date:
        if (c.null)
          out += "null";
        else
          text::append_json_string(out, c.s);
        break;
      case FieldType::List:  // canonical JSON, made when the value was accepted
        out += c.s.empty() ? std::string_view("[]") : std::string_view(c.s);
        break;
    }
  }
}

// The `,"udf_x":` keys of a company's user-defined fields, built per answer (they are its data).
struct UdfKeys {
  std::span<const FieldSpec> fields;
  std::vector<std::string> keys;
};
UdfKeys udf_keys(const std::shared_ptr<const bizobject::udf::Fields>& fields) {
  UdfKeys k;
  if (!fields) return k;
  k.fields = fields->specs();
  for (const FieldSpec& f : k.fields) k.keys.push_back(fmt::format(",\"{}\":", f.name));
  return k;
}

void append_record(std::string& out, const ObjectSpec& spec, const RecordJson::Keys& keys,
                   const Record& r, const UdfKeys& udf, const std::vector<UdfKeys>& row_udf) {
  out += '{';
  append_cells(out, spec.fields, keys.fields, r.row);
  if (!r.udf.empty()) append_cells(out, udf.fields, udf.keys, r.udf);
  for (std::size_t j = 0; j < r.datasets.size(); ++j) {
    const RecordJson::Keys::Dataset& k = keys.datasets[j];
    out += k.head;
    bool first = true;
    for (const bizobject::DatasetRow& row : r.datasets[j].rows) {
      out += first ? "{\"dtlkey\":" : ",{\"dtlkey\":";
      first = false;
      text::append_int(out, row.dtlkey);
      out += ",\"seq\":";
      text::append_int(out, row.seq);
      append_cells(out, r.datasets[j].spec->fields, k.fields, row.cells);
      if (!row.udf.empty() && j < row_udf.size())
        append_cells(out, row_udf[j].fields, row_udf[j].keys, row.udf);
      out += '}';
    }
    out += ']';
  }
  out += '}';
}

}  // namespace

RecordJson::RecordJson(std::span<const ObjectSpec* const> specs) {
  for (const ObjectSpec* s : specs) keys_.emplace(s, keys_of(*s));
}

std::string RecordJson::write(const bizobject::Result& result) const {
  const ObjectSpec& spec = *result.spec;
  std::optional<Keys> built;  // only for a spec the constructor was not given
  const auto known = keys_.find(&spec);
  const Keys& keys = known != keys_.end() ? known->second : built.emplace(keys_of(spec));
  const UdfKeys udf = udf_keys(result.udf);
  std::vector<UdfKeys> row_udf;
  for (const auto& fields : result.row_udf) row_udf.push_back(udf_keys(fields));
  std::string out;
  out.reserve(96 + result.records.size() * keys.record_size);
  if (const auto& p = result.pagination) {
    out += "{\"pagination\":{\"offset\":";
    text::append_int(out, p->offset);
    out += ",\"limit\":";
    text::append_int(out, p->limit);
    out += ",\"count\":";
    text::append_int(out, p->count);
    out += ",\"total\":";
    text::append_int(out, p->total);
    out += "},\"data\":[";
  } else if (!result.message.empty()) {
    out += "{\"message\":";
    text::append_json_string(out, result.message);
    out += ",\"data\":[";
  } else {
    out += "{\"data\":[";
  }
  bool first = true;
  for (const Record& r : result.records) {
    if (!first) out += ',';
    first = false;
    append_record(out, spec, keys, r, udf, row_udf);
  }
  out += "]}";
  return out;
}

}  // namespace sqlacc::api
