#pragma once
// The generic business-object engine: one implementation of list / star / get / create / update /
// delete for every ObjectSpec. Methods return a Result (record.h): the status, the spec, the typed
// records (cells in field order, sub-dataset rows) and, for a list, its pagination; for a delete
// the message "Deleted". They write no text: the api layer serialises a Result once
// (api/record_json.h, the wire format below) and the PDF path reads its cells. Client errors (400 /
// 404 / 409) and storage failures (5xx) are thrown as sqlacc::Problem (util/problem.h).
//
// Wire decisions (what the records become in api/record_json.h, and how input is read):
//   * create and update answer 200 with {"data":[record]} (the original answers 200 with the
//     record; clients check for 200);
//   * delete answers 200 with {"message":"Deleted","data":[record]};
//   * codes are stored as given and unique case-insensitively (UPPER(code) index); lookups,
//     filters and references ignore case; a reference is stored with the referenced record's
//     own spelling;
//   * read-only fields (autokey, lastmodified) sent by a client are ignored, not an error, so a
//     fetched record can be sent back as is; unknown fields are a 400;
//   * the code cannot be changed by update (a different code in the body is a 400);
//   * sub-datasets (ObjectSpec::datasets): get, star, create, update and delete answer each as an
//     array named by the dataset, rows `{"dtlkey":..,"seq":..,fields}` in seq then dtlkey order;
//     list rows carry none (as the original). Create inserts every row (dtlkey absent, 0 or -1;
//     any other dtlkey is a 400). Update: an absent (or null) array leaves the rows alone; a given
//     array replaces them: known dtlkeys are updated (fields left out keep their values), rows
//     without one inserted, rows left out deleted. An unknown dtlkey is a 400 naming the dataset,
//     row index and value (the original silently inserts). Row errors name the field by path,
//     0-based: "sdsbranch[2].address1". Everything is validated before the first write; one
//     transaction per operation. Delete removes the rows too.
//   * documents (ObjectSpec::docno_prefix, ::posting): an empty docno on create is the next number
//     of the series; create/update post the record to the ledger in the same transaction
//     (the ledger's problems as it throws them: 400 "Unbalanced", 400 "PostingError", 409 when
//     knocked off; nothing is saved), a cancelled record is unposted but kept, delete unposts.
//     Specs with an "updatecount" field: 0 on create; update must send stored + 1, else 409 "Record
//     has been changed by other users.".
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bizobject/print_document.h"
#include "bizobject/record.h"
#include "bizobject/spec.h"
#include "store/connection.h"
#include "store/schema_registry.h"
#include "util/problem.h"

namespace sqlacc::bizobject {

using Params = std::vector<std::pair<std::string, std::string>>;  // decoded query, in order

struct ObjectInfo;  // an ObjectSpec compiled for execution (SQL text, lookups); engine.cpp

class Engine {
 public:
  Engine();  // registers builtin_objects()
  // Registers the given specs (tests, tools). Throws std::invalid_argument for a malformed spec.
  explicit Engine(std::span<const ObjectSpec* const> specs);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // The most rows a dataset array of a body may have (spec.h, "Input limits"); set before the
  // engine is shared between threads (`sqlacc serve --max-rows`).
  void set_max_rows(std::size_t n) { max_rows_ = n; }
  std::size_t max_rows() const { return max_rows_; }

  const ObjectSpec* find(std::string_view resource) const;  // case-insensitive; nullptr if unknown
  std::span<const ObjectSpec* const> objects() const;       // display order, Agent first

  // Declares every built-in table and index (module "bizobject", with the ledger's) for
  // store::migrate, which creates what is missing and adds columns a newer spec introduced.
  static void register_schema(store::SchemaRegistry&);
  // The same for the specs this engine registered.
  void register_tables(store::SchemaRegistry&) const;
  // Migrates a database to the built-in objects' schema alone (store::migrate), for tests and
  // tools; a company database is migrated with every module's (see api/company_schema.h).
  static void ensure_schema(store::Connection&);
  // The same for the specs this engine registered.
  void ensure_tables(store::Connection&) const;

  // GET /{resource}?field=value&offset=&limit=: a page of records without sub-datasets, with its
  // pagination.
  Result list(store::Connection&, const ObjectSpec&, const Params&) const;
  // GET /{resource}/*?field=value: matching records with their sub-datasets.
  Result star(store::Connection&, const ObjectSpec&, const Params&) const;
  // GET /{resource}/{key}: key is the code (already URL-decoded), or the autokey for AutoKey specs.
  Result get(store::Connection&, const ObjectSpec&, std::string_view key) const;
  // The written record as re-read, with its sub-datasets.
  Result create(store::Connection&, const ObjectSpec&, std::string_view body,
                std::int64_t now) const;
  Result update(store::Connection&, const ObjectSpec&, std::string_view key, std::string_view body,
                std::int64_t now) const;
  // The record as it was, with its sub-datasets; message "Deleted".
  Result remove(store::Connection&, const ObjectSpec&, std::string_view key,
                std::int64_t now) const;

  // The form `t` (one of spec.print_templates) compiled against its object at registration.
  const PrintedForm& printed_form(const ObjectSpec& spec, const PrintTemplate& t) const;

  // The invariants the engine keeps on top of the ledger, for ledger::verify(extra): balances
  // kept on masters (customer outstanding, item balsqty) equal the ledger's.
  std::vector<std::string> check_invariants(store::Connection&) const;

  // Validates a create body without writing (used by tools and tests); throws Problem.
  void validate_create(store::Connection&, const ObjectSpec&, std::string_view body) const;

 private:
  const ObjectInfo& info(const ObjectSpec&) const;
  std::vector<const ObjectSpec*> order_;
  std::vector<std::unique_ptr<ObjectInfo>> infos_;  // parallel to order_
  std::size_t max_rows_ = kDefaultMaxRows;
};

// Sample company (for `sqlacc init --sample`): every registered spec's ObjectSpec::samples,
// inserted through Engine::create in one transaction (or inside the caller's open transaction),
// each object after the objects its samples reference (sample_company.cpp derives the order).
// Throws std::logic_error when the samples reference each other in a cycle.
void load_sample_company(const Engine&, store::Connection&, std::int64_t now);

}  // namespace sqlacc::bizobject
