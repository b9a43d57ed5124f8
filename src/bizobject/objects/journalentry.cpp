// Journal Entry (GL_JE): each line posts its own debit or credit to its account; the lines must
// balance.
#include "bizobject/objects/fields.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace fields;
using F = PrintFormat;
using R = TotalRule;

constexpr FieldSpec kFields[] = {
    kDocKey,
    docno("JV-"),
    kDocDate,
    kPostDate,
    text("description", 200, "Postman Journal"),
    {.name = "journal",
     .width = 10,
     .default_value = "GENERAL",
     .example = "GENERAL",
     .choices = kJournals},
    kCurrencyCode,
    kCurrencyRate,
    kCancelled,
    kUpdateCount,
    kLastModified,
};
constexpr FieldSpec kLines[] = {
    {.name = "code", .width = 10, .required = true, .references = "account", .example = "900-002"},
    text("description", 200),
    {.name = "project", .width = 20, .references = "project", .default_value = "----"},
    {.name = "dr", .type = Decimal, .scale = 2, .default_value = "0"},
    {.name = "cr", .type = Decimal, .scale = 2, .default_value = "0"},
};
constexpr DatasetSpec kDatasets[] = {
    {.name = "sdsdocdetail",
     .fields = kLines,
     .doc = "Journal lines, at least one: exactly one of dr/cr non-zero per row; total dr = total "
            "cr; code: no control account (DC, CC or a party's controlaccount)",
     .example = R"([{"dtlkey":-1,"code":"900-002","description":"Rental","dr":"100.00","cr":"0"},)"
                R"({"dtlkey":-1,"code":"320-000","description":"Rental","dr":"0","cr":"100.00"}])"},
};

constexpr ledger::GlRule kGl[] = {
    {Dr, LineAccount, LineDr, PerLine},
    {Cr, LineAccount, LineCr, PerLine},
};
constexpr PostingSpec kPosting{
    .doctype = "JE", .rules = {kGl, {}}, .lines = "sdsdocdetail", .dr = "dr", .cr = "cr"};

constexpr InfoSpec kInfo[] = {
    {"No.", "docno"},
    {"Date", "docdate", F::Date},
    {"Journal", "journal"},
};
constexpr ColumnSpec kColumns[] = {
    {"#", "No.", false, 0.45},
    {"code", "Account", false, 1.3},
    {"description", "Description", false, 3.6},
    {"dr", "Debit", true, 1.3, F::Amount},
    {"cr", "Credit", true, 1.3, F::Amount},
};
constexpr TotalSpec kTotals[] = {
    {"Total Debit", R::DetailSum, "dr"},
    {"Total Credit", R::DetailSum, "cr"},
};
constexpr PrintLayout kLayout{"JOURNAL VOUCHER", "",      kInfo, "sdsdocdetail",
                              kColumns,          kTotals, false, false};
constexpr PrintTemplate kPrint[] = {{"GL Journal Voucher - Half (SST)", &kLayout}};

}  // namespace

constexpr ObjectSpec journal_entry{.resource = "journalentry",
                                   .title = "Journal Entry",
                                   .table = "gl_je",
                                   .key_kind = KeyKind::AutoKey,
                                   .fields = kFields,
                                   .datasets = kDatasets,
                                   .doc = "General ledger journal entries (GL_JE)",
                                   .docno_prefix = "JV-",
                                   .posting = &kPosting,
                                   .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
