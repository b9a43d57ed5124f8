// Every name a spec uses is resolved once, when the specs are registered: a bad one fails the
// registration (start-up) with a message naming the object and the name. And the documents hand
// the ledger the rules its own tests post with (tests/unit/ledger/ledger_test_util.h).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "bizobject/engine.h"
#include "bizobject/spec.h"
#include "unit/ledger/ledger_test_util.h"

namespace sqlacc::bizobject {
namespace {

const ObjectSpec& builtin(std::string_view resource) {
  for (const ObjectSpec* s : builtin_objects())
    if (s->resource == resource) return *s;
  throw std::logic_error("no builtin " + std::string(resource));
}

// The message of registering the built-in objects with `changed` in place of its namesake; "" if
// the registration succeeds.
std::string registration_error(const ObjectSpec& changed) {
  std::vector<const ObjectSpec*> specs;
  for (const ObjectSpec* s : builtin_objects())
    specs.push_back(s->resource == changed.resource ? &changed : s);
  try {
    Engine engine(specs);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return {};
}

TEST(Registration, TheBuiltInObjectsRegister) {
  EXPECT_EQ(registration_error(builtin("salesinvoice")), "");
}

TEST(Registration, ABadPostingPathNamesTheObjectAndTheStep) {
  ObjectSpec s = builtin("salesinvoice");
  PostingSpec p = *s.posting;
  p.control_account = "code>controlacount";
  s.posting = &p;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'salesinvoice': posting control_account 'code>controlacount': "
            "'controlacount' is not a field of customer");
  p.control_account = "companyname>controlaccount";
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'salesinvoice': posting control_account "
            "'companyname>controlaccount': 'companyname' of salesinvoice references nothing");
  p = *builtin("salesinvoice").posting;
  p.tax_account = "tax>taxacount";
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'salesinvoice': posting tax_account 'tax>taxacount': 'taxacount' is "
            "not a field of tax");
  p = *builtin("salesinvoice").posting;
  p.amount = "localamt";
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'salesinvoice': posting amount 'localamt' is not a field of "
            "sdsdocdetail");
}

TEST(Registration, ABadAmountPathOrReferenceFails) {
  ObjectSpec s = builtin("purchaseinvoice");
  AmountSpec a = *s.amounts;
  a.item_account = "itemcode>stockgroup>purchases";
  s.amounts = &a;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'purchaseinvoice': amount item_account "
            "'itemcode>stockgroup>purchases': 'purchases' is not a field of stockgroup");
  ObjectSpec r = builtin("stocktransfer");
  std::vector<FieldSpec> fields(r.fields.begin(), r.fields.end());
  fields.push_back({.name = "agent", .width = 10, .references = "agents"});
  r.fields = fields;
  EXPECT_EQ(registration_error(r),
            "bizobject spec 'stocktransfer': field 'agent' references unknown 'agents'");
}

TEST(Registration, ABadTransferSourceOrPartyFillFails) {
  ObjectSpec s = builtin("salesorder");
  constexpr std::string_view kFrom[] = {"ZZ"};
  s.transfer_from = kFrom;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'salesorder': transfer source 'ZZ' is not registered");
  s = builtin("customerpayment");
  PartyFillSpec pf = *s.party_fill;
  constexpr std::string_view kFields[] = {"companyname", "terms=creditterms"};
  pf.fields = kFields;
  s.party_fill = &pf;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'customerpayment': party_fill 'terms' is not a field");
  constexpr std::string_view kFromParty[] = {"companyname=name"};
  pf.fields = kFromParty;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'customerpayment': party_fill 'name' is not a field of customer");
}

TEST(Registration, APaidAmountNeedsAComputedTotal) {
  ObjectSpec s = builtin("cashsales");
  AmountSpec a = *s.amounts;
  a.paid = "p_amout";
  s.amounts = &a;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'cashsales': amount paid 'p_amout' is not a field");
  ObjectSpec pm = builtin("customerpayment");
  AmountSpec entered = *pm.amounts;
  entered.paid = "docamt";
  pm.amounts = &entered;
  EXPECT_EQ(registration_error(pm),
            "bizobject spec 'customerpayment': paid needs a computed docamt");
}

// Rows transferred from a document that moved the stock move none: only a transfer source can be
// such a document, and only a spec that moves stock can leave it out.
TEST(Registration, StockMovedByNamesATransferSourceOfAStockDocument) {
  ObjectSpec s = builtin("salesinvoice");
  PostingSpec p = *s.posting;
  s.posting = &p;
  constexpr std::string_view kGoodsReceived[] = {"GR"};
  p.stock_moved_by = kGoodsReceived;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'salesinvoice': posting stock_moved_by 'GR' is not one of "
            "transfer_from");
  s = builtin("salesorder");
  p = *s.posting;
  s.posting = &p;
  constexpr std::string_view kQuotation[] = {"QT"};
  p.stock_moved_by = kQuotation;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'salesorder': posting stock_moved_by 'QT': the spec moves no stock");
}

// "The default means none" needs a default and a reference to mean anything.
TEST(Registration, ADefaultThatMeansNoneNeedsADefaultAndAReference) {
  ObjectSpec s = builtin("salesorder");
  std::vector<FieldSpec> fields(s.fields.begin(), s.fields.end());
  for (FieldSpec& f : fields)
    if (f.name == "shipper") f.default_value = {};
  s.fields = fields;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'salesorder': field 'shipper': default_is_none needs a reference and "
            "a default");
  for (FieldSpec& f : fields)
    if (f.name == "shipper")
      f = {.name = "shipper", .default_value = "----", .default_is_none = true};
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'salesorder': field 'shipper': default_is_none needs a reference and "
            "a default");
  // Rows' references are checked elsewhere, without it: refused on a dataset field.
  s = builtin("salesorder");
  DatasetSpec lines = s.datasets[0];
  std::vector<FieldSpec> row_fields(lines.fields.begin(), lines.fields.end());
  for (FieldSpec& f : row_fields)
    if (f.name == "location") f.default_is_none = true;
  lines.fields = row_fields;
  const DatasetSpec datasets[] = {lines};
  s.datasets = datasets;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'salesorder': dataset field 'location': default_is_none is for record "
            "fields");
}

TEST(Registration, ABadPrintLayoutNameFails) {
  ObjectSpec s = builtin("journalentry");
  PrintLayout layout = *s.print_templates[0].layout;
  std::vector<ColumnSpec> columns(layout.columns.begin(), layout.columns.end());
  columns.push_back({"debit", "Debit"});
  layout.columns = columns;
  const PrintTemplate print[] = {{"Broken", &layout}};
  s.print_templates = print;
  EXPECT_EQ(
      registration_error(s),
      "bizobject spec 'journalentry': print template 'Broken' column 'debit' is not a field of "
      "sdsdocdetail");
  layout = *builtin("journalentry").print_templates[0].layout;
  layout.detail = "sdsdetail";
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'journalentry': print template 'Broken': detail 'sdsdetail' is not a "
            "dataset");
}

TEST(Registration, InconsistentPostingRulesFail) {
  ObjectSpec s = builtin("paymentvoucher");
  PostingSpec p = *s.posting;
  constexpr ledger::GlRule kGl[] = {{ledger::Side::Dr, ledger::AccountFrom::LineAccount,
                                     ledger::AmountFrom::DocAmount, ledger::Scope::PerLine}};
  p.rules = {kGl, {}};
  s.posting = &p;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'paymentvoucher': posting GL rule 1: per-line rule uses a document "
            "amount");
}

TEST(Registration, ABadHookNameFails) {
  ObjectSpec s = builtin("stockitem");
  constexpr std::string_view kRowField[] = {"sdsuom.rat"};
  s.hook_names = kRowField;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'stockitem': hook name 'sdsuom.rat': 'rat' is not a field of sdsuom");
  constexpr std::string_view kDataset[] = {"sdsuoms.rate"};
  s.hook_names = kDataset;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'stockitem': hook name 'sdsuoms.rate': 'sdsuoms' is not a dataset");
  constexpr std::string_view kName[] = {"uom", "uoms"};
  s.hook_names = kName;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'stockitem': hook name 'uoms' is not a field or dataset");
}

// Fields of `fields` but `name`.
std::vector<FieldSpec> without(std::span<const FieldSpec> fields, std::string_view name) {
  std::vector<FieldSpec> out;
  for (const FieldSpec& f : fields)
    if (f.name != name) out.push_back(f);
  return out;
}

TEST(Registration, AMissingKnockOffFieldFails) {
  ObjectSpec s = builtin("customerpayment");
  DatasetSpec rows = s.datasets[0];
  const std::vector<FieldSpec> fields = without(rows.fields, "refdockey");
  rows.fields = fields;
  s.datasets = {&rows, 1};
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'customerpayment': knock-off 'refdockey' is not a field of "
            "sdsknockoff");
}

TEST(Registration, ABadItemDefaultOrItemUnitFails) {
  ObjectSpec s = builtin("salesinvoice");
  AmountSpec a = *s.amounts;
  constexpr std::string_view kDefaults[] = {"description", "tax=sltaxx"};
  a.item_defaults = kDefaults;
  s.amounts = &a;
  EXPECT_EQ(registration_error(s),
            "bizobject spec 'salesinvoice': item default 'sltaxx' is not a field of stockitem");
  // The units of the item a document's uom is checked against need a uom and a rate.
  ObjectSpec item = builtin("stockitem");
  DatasetSpec units = item.datasets[0];
  const std::vector<FieldSpec> fields = without(units.fields, "rate");
  units.fields = fields;
  item.datasets = {&units, 1};
  item.hook = nullptr;
  item.hook_names = {};
  EXPECT_EQ(registration_error(item),
            "bizobject spec 'salesorder': amount uom: unit 'rate' is not a field of sdsuom");
}

bool same(const ledger::PostingRules& a, const ledger::PostingRules& b) {
  if (a.gl.size() != b.gl.size() || a.stock.size() != b.stock.size()) return false;
  for (std::size_t i = 0; i < a.gl.size(); ++i)
    if (a.gl[i].side != b.gl[i].side || a.gl[i].account != b.gl[i].account ||
        a.gl[i].amount != b.gl[i].amount || a.gl[i].scope != b.gl[i].scope)
      return false;
  for (std::size_t i = 0; i < a.stock.size(); ++i)
    if (a.stock[i].effect != b.stock[i].effect || a.stock[i].location != b.stock[i].location)
      return false;
  return true;
}

// The ledger's golden journals (posting_rules_test.cpp) hold for the registered documents.
TEST(Registration, DocumentsCarryTheRulesTheLedgerTestsPost) {
  int documents = 0;
  for (const ObjectSpec* s : builtin_objects()) {
    if (!s->posting) continue;
    ++documents;
    EXPECT_TRUE(same(s->posting->rules, ledger::testing::rules::of(s->posting->doctype)))
        << s->resource;
  }
  EXPECT_EQ(documents, 23);
}

}  // namespace
}  // namespace sqlacc::bizobject
