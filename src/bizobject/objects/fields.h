#pragma once
// Small constexpr builders shared by the object files (objects/*.cpp): the fields every object
// has, the fields every document has, and the common shapes of the others.
#include <array>
#include <cstddef>
#include <string_view>

#include "bizobject/spec.h"

namespace sqlacc::bizobject::fields {

using enum FieldType;
// The words of the documents' posting rules (ledger/document.h): {Dr, ControlAccount, ...}.
using enum ledger::Side;
using enum ledger::Scope;
using enum ledger::AccountFrom;
using enum ledger::AmountFrom;
using enum ledger::StockEffect;
using enum ledger::LocationFrom;

inline constexpr FieldSpec kIsActive{
    .name = "isactive", .type = Bool, .default_value = "true", .example = "true"};
inline constexpr FieldSpec kLastModified{
    .name = "lastmodified",
    .type = Int,
    .read_only = true,
    .doc = "Unix seconds of the last create/update; filter lastmodified=N means at or after N"};
inline constexpr FieldSpec kAutoKey{
    .name = "autokey",
    .type = Int,
    .read_only = true,
    .doc = "Internal integer key; usable in the path instead of the code"};

constexpr FieldSpec code(int width, std::string_view example) {
  return {.name = "code", .width = width, .required = true, .key = true, .example = example};
}
constexpr FieldSpec text(std::string_view name, int width, std::string_view example = {},
                         bool required = false) {
  return {.name = name, .width = width, .required = required, .example = example};
}
constexpr FieldSpec account_ref(std::string_view name, std::string_view example = {}) {
  return {.name = name, .width = 10, .references = "account", .example = example};
}
constexpr FieldSpec description(std::string_view example) {
  return text("description", 200, example, true);
}

// ---- Fields every document has --------------------------------------------------------------
inline constexpr FieldSpec kDocKey{
    .name = "dockey",
    .type = Int,
    .read_only = true,
    .doc = "Internal integer key; usable in the path instead of the document number"};
constexpr FieldSpec docno(std::string_view prefix_doc) {
  return {.name = "docno", .width = 20, .key = true, .doc = prefix_doc};
}
inline constexpr FieldSpec kDocDate{
    .name = "docdate", .type = Date, .required = true, .example = "2026-01-15", .indexed = true};
inline constexpr FieldSpec kPostDate{.name = "postdate",
                                     .type = Date,
                                     .doc = "Posting date; empty: the document date",
                                     .indexed = true};
inline constexpr FieldSpec kCurrencyCode{
    .name = "currencycode", .width = 6, .references = "currency", .default_value = "----"};
inline constexpr FieldSpec kCurrencyRate{.name = "currencyrate",
                                         .type = Decimal,
                                         .scale = 8,
                                         .default_value = "1",
                                         .doc = "Local currency per unit of the document currency"};
inline constexpr FieldSpec kCancelled{
    .name = "cancelled",
    .type = Bool,
    .default_value = "false",
    .doc = "true: the document stays but its postings are reversed"};
inline constexpr FieldSpec kUpdateCount{
    .name = "updatecount",
    .type = Int,
    .default_value = "0",
    .doc = "Optimistic lock: 0 on create; an update must send the stored value + 1"};
constexpr FieldSpec money(std::string_view name, std::string_view doc = {},
                          std::string_view example = {}) {
  return {.name = name,
          .type = Decimal,
          .scale = 2,
          .default_value = "0",
          .example = example,
          .doc = doc};
}
constexpr FieldSpec ref(std::string_view name, std::string_view resource, int width,
                        std::string_view default_value = {}, std::string_view example = {}) {
  return {.name = name,
          .width = width,
          .references = resource,
          .default_value = default_value,
          .example = example};
}
inline constexpr FieldSpec kProjectRef = ref("project", "project", 20, "----");
// Stock documents copy the item's description into a new row that leaves it out.
inline constexpr std::string_view kStockItemDefaults[] = {"description"};
inline constexpr std::string_view kJournals[] = {"GENERAL", "BANK", "CASH"};

// A shared field list (trade::trade_fields(...), a std::array) followed by fields of one object.
template <std::size_t N, std::size_t M>
constexpr std::array<FieldSpec, N + M> with_fields(const std::array<FieldSpec, N>& fields,
                                                   const FieldSpec (&more)[M]) {
  std::array<FieldSpec, N + M> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = fields[i];
  for (std::size_t i = 0; i < M; ++i) out[N + i] = more[i];
  return out;
}

// Knock-off rows (PostingSpec::knockoffs) of the customer's documents that settle its invoices
// and debit notes: a customer payment, a sales credit note.
inline constexpr std::string_view kKnockOffTypes[] = {"IV", "DN"};
inline constexpr FieldSpec kKnockOffRows[] = {
    {.name = "doctype", .width = 2, .default_value = "IV", .choices = kKnockOffTypes},
    {.name = "docno", .width = 20, .doc = "Document settled; or give refdockey"},
    {.name = "refdockey",
     .type = Int,
     .default_value = "0",
     .doc = "dockey of the document settled"},
    money("koamt", "Amount applied to it (<= its outstanding)"),
    {.name = "knockoff",
     .type = Bool,
     .default_value = "true",
     .doc = "false: row kept, not applied"},
};

}  // namespace sqlacc::bizobject::fields
