// Print templates by resource (src/api/print_layouts.cpp, the forms in each object's spec) and the
// record -> pdf::Document mapping (src/bizobject/print_document.cpp).
#include "api/print_layouts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <utility>
#include <vector>

#include "bizobject/engine.h"
#include "bizobject/object_info.h"
#include "pdf/render.h"
#include "util/text.h"

namespace sqlacc::api {
namespace {

namespace json = boost::json;
using Pairs = std::vector<std::pair<std::string, std::string>>;

const char* const kResources[] = {"salesinvoice",    "salesorder",   "purchaseinvoice",
                                  "customerpayment", "journalentry", "paymentvoucher",
                                  "stockreceived",   "stocktransfer"};

// Test data only: the cells of `fields` from a JSON object as GET shows a record (every value
// read as its wire text; absent fields and null at the field's zero). `strict`: a key that is not a
// field fails the test, else it is left out.
bizobject::Row cells_of(std::span<const bizobject::FieldSpec> fields, const json::object& o,
                        bool strict) {
  bizobject::Row row(fields.size());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const bizobject::FieldSpec& f = fields[i];
    row[i].null = f.type == bizobject::FieldType::Date;
    const json::value* v = o.if_contains(f.name);
    if (!v || v->is_null()) continue;
    const std::string text = v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
    std::string why;
    if (!bizobject::cell_from_text(f, text, row[i], why)) ADD_FAILURE() << f.name << " " << why;
  }
  for (const auto& [key, v] : o)
    if (strict && !v.is_array() && text::find_by_name(fields, key) < 0)
      ADD_FAILURE() << "no field " << key;
  return row;
}

const bizobject::ObjectSpec& spec_of(std::string_view resource) {
  for (const bizobject::ObjectSpec* s : bizobject::builtin_objects())
    if (s->resource == resource) return *s;
  throw std::logic_error("unknown resource in test");
}

// A record of `resource` as Engine::get gives it, from JSON test data (sub-datasets as arrays).
bizobject::Record record_of(std::string_view resource, const json::object& o, bool strict = true) {
  const bizobject::ObjectSpec& spec = spec_of(resource);
  bizobject::Record r{cells_of(spec.fields, o, strict), 1, {}};
  for (const bizobject::DatasetSpec& d : spec.datasets) {
    bizobject::DatasetRows& rows = r.datasets.emplace_back();
    rows.spec = &d;
    if (const json::value* a = o.if_contains(d.name))
      for (const json::value& row : a->as_array()) {
        const auto n = static_cast<std::int64_t>(rows.rows.size()) + 1;
        rows.rows.push_back({n, n, cells_of(d.fields, row.as_object(), strict)});
      }
  }
  return r;
}

// The default form of `resource` filled from JSON test data.
const bizobject::Engine& engine() {
  static const bizobject::Engine e;
  return e;
}

// As the service prints: the form the engine compiled at registration.
pdf::Document print(std::string_view resource, const json::object& o,
                    const store::CompanyProfile& company, std::string_view form = "") {
  const bizobject::ObjectSpec& spec = *engine().find(resource);
  const auto choice = bizobject::find_builtin_template(spec, form);
  if (!choice) throw std::logic_error("unknown template in test");
  return build_print_document(engine().printed_form(spec, *choice->form), record_of(resource, o),
                              company, choice->variant);
}

store::CompanyProfile company() {
  store::CompanyProfile c;
  c.companyname = "Syarikat Contoh Sdn. Bhd.";
  c.regno = "202001012345";
  c.sstno = "W10-1808-32000001";
  c.address1 = "No. 1, Jalan Ampang";
  c.postcode = "50450";
  c.city = "Kuala Lumpur";
  c.phone1 = "03-1234 5678";
  return c;
}

json::object invoice() {
  return json::parse(R"({
    "dockey": 7, "docno": "IV-00001", "docdate": "2026-03-15", "code": "300-K001",
    "companyname": "Kedai Runcit Café", "address1": "Lot 5, Jalan Pasar", "address2": "",
    "postcode": "93000", "city": "Kuching", "state": "Sarawak", "country": "MY",
    "phone1": "082-123456", "attention": "Encik Ali", "agent": "LIM", "terms": "30 Days",
    "description": "Sales", "currencycode": "----", "currencyrate": "1.00000000",
    "docamt": "161.50", "localdocamt": "161.50", "cancelled": false,
    "sdsdocdetail": [
      {"itemcode": "ANT", "description": "Antenna", "qty": "2.00", "uom": "UNIT",
       "unitprice": "50.00", "disc": "", "tax": "SV-6", "taxrate": "6%", "taxamt": "6.00",
       "amount": "100.00"},
      {"itemcode": "SVC", "description": "Installation", "qty": "1.00", "uom": "JOB",
       "unitprice": "55.50", "disc": "", "tax": "", "taxrate": "", "taxamt": "0.00",
       "amount": "55.50"}
    ]})")
      .as_object();
}

// "Sales Invoice <n>" as a name a client sends.
std::string with_number(std::string name) {
  if (const auto at = name.find("<n>"); at != std::string::npos) name.replace(at, 3, "12");
  return name;
}

TEST(PrintTemplates, EveryResourceHasNamesAndADefault) {
  for (const char* resource : kResources) {
    const bizobject::ObjectSpec& spec = spec_of(resource);
    auto names = print_template_names(resource);
    ASSERT_FALSE(names.empty()) << resource;
    const auto def = find_print_template(resource, "");
    ASSERT_TRUE(def) << resource;
    EXPECT_EQ(def->form, &spec.print_templates.front()) << resource;
    for (const std::string& name : names) {
      const auto t = find_print_template(resource, with_number(name));
      ASSERT_TRUE(t) << name;
      EXPECT_NE(t->form->layout, nullptr);
    }
    for (const PrintTemplate& listed : spec.print_templates) {
      const auto t = find_print_template(resource, listed.name);
      ASSERT_TRUE(t) << listed.name;
      EXPECT_EQ(t->form->layout, listed.layout);
    }
  }
  EXPECT_TRUE(print_template_names("agent").empty());
  EXPECT_FALSE(find_print_template("agent", ""));
}

TEST(PrintTemplates, TheOriginalsNames) {
  EXPECT_EQ(print_template_names("salesinvoice"),
            (std::vector<std::string>{"Sales Invoice <n>",
                                      "1. This is Custom Format For Sales Invoice (FR3)",
                                      "1. This is Custom Format For Sales Invoice (RTM)"}));
  EXPECT_EQ(print_template_names("customerpayment"),
            (std::vector<std::string>{"GL Official Receipt - Detail - Full (with other CNnOR info)",
                                      "Official Receipt <n>"}));
  EXPECT_EQ(print_template_names("journalentry").front(), "GL Journal Voucher - Half (SST)");
  EXPECT_EQ(print_template_names("paymentvoucher").front(),
            "GL Payment Voucher - Detail - Half (SST)");
  EXPECT_EQ(print_template_names("stockreceived").front(), "Stock Received - Location");
  EXPECT_EQ(print_template_names("stocktransfer").front(), "Stock Transfer (With Cost)");
  EXPECT_EQ(print_template_names("salesorder").front(), "Sales Order <n>");
  EXPECT_EQ(print_template_names("purchaseinvoice").front(), "Purchase Invoice <n>");
}

TEST(PrintTemplates, LookupIgnoresCaseSpacesAndQuotes) {
  const PrintTemplate* listed = &spec_of("salesinvoice").print_templates[0];
  for (const char* name : {"  sales INVOICE 7 (sst 1) \t", "\"Sales Invoice 1 (MyInvois Request)\"",
                           "Sales Invoice 99", "Sales Invoice 8", "Sales  Invoice   3  (Simple) ",
                           "Sales Invoice 8 (SST 2)-Aging", "Sales Invoice10"}) {
    const auto t = find_print_template("salesinvoice", name);
    ASSERT_TRUE(t) << name;
    EXPECT_EQ(t->form, listed) << name;
  }
  for (const char* name : {"Sales Invoice", "Sales Invoices 8", "Sales Invoice 8 (SST 2) HMAC",
                           "Sales Invoice 8 (SST 2", "Sales Invoice 8 -", "Sales Invoice x8",
                           "Sales Order 1 (SST 1)", "1. This is Custom Format"})
    EXPECT_FALSE(find_print_template("salesinvoice", name)) << name;
  EXPECT_FALSE(find_print_template("salesorder", "Sales Invoice 8 (SST 1)"));
  EXPECT_FALSE(find_print_template("nosuch", "Sales Invoice 8 (SST 1)"));
  const auto rtm =
      find_print_template("salesinvoice", "1. this is custom format for sales invoice (rtm)");
  ASSERT_TRUE(rtm);
  EXPECT_EQ(rtm->form, &spec_of("salesinvoice").print_templates[2]);
}

TEST(PrintedForm, EveryNameIsResolvedAtRegistration) {
  const bizobject::ObjectSpec& spec = *engine().find("salesinvoice");
  const bizobject::PrintedForm& f = engine().printed_form(spec, spec.print_templates[0]);
  EXPECT_EQ(f.layout, spec.print_templates[0].layout);
  ASSERT_GE(f.docno, 0);
  EXPECT_EQ(spec.fields[static_cast<std::size_t>(f.docno)].name, "docno");
  ASSERT_GE(f.detail, 0);
  EXPECT_EQ(spec.datasets[static_cast<std::size_t>(f.detail)].name, "sdsdocdetail");
  ASSERT_EQ(f.columns.size(), f.layout->columns.size());
  const auto& rows = spec.datasets[static_cast<std::size_t>(f.detail)].fields;
  for (std::size_t k = 0; k < f.columns.size(); ++k) {
    if (f.layout->columns[k].field == "#") continue;
    ASSERT_GE(f.columns[k], 0) << f.layout->columns[k].field;
    EXPECT_EQ(rows[static_cast<std::size_t>(f.columns[k])].name, f.layout->columns[k].field);
  }
  // What an object lacks prints empty: a stock transfer has no party block fields.
  const bizobject::ObjectSpec& st = *engine().find("stocktransfer");
  EXPECT_EQ(engine().printed_form(st, st.print_templates[0]).attention, -1);
}

TEST(BuildPrintDocument, SalesInvoice) {
  pdf::Document d = print("salesinvoice", invoice(), company());
  EXPECT_EQ(d.title, "INVOICE");
  ASSERT_FALSE(d.company_lines.empty());
  EXPECT_EQ(d.company_lines.front(), "Syarikat Contoh Sdn. Bhd.");
  EXPECT_NE(std::find(d.company_lines.begin(), d.company_lines.end(), "SST No.: W10-1808-32000001"),
            d.company_lines.end());
  EXPECT_EQ(d.party_heading, "Bill To");
  EXPECT_EQ(d.party_lines,
            (std::vector<std::string>{"Kedai Runcit Café", "Lot 5, Jalan Pasar", "93000 Kuching",
                                      "Sarawak", "Tel: 082-123456", "Attn: Encik Ali"}));
  EXPECT_EQ(d.info, (Pairs{{"No.", "IV-00001"},
                           {"Date", "15/03/2026"},
                           {"Account", "300-K001"},
                           {"Terms", "30 Days"},
                           {"Agent", "LIM"},
                           {"Currency", "MYR"}}));
  ASSERT_EQ(d.columns.size(), 10u);
  EXPECT_EQ(d.columns[2].label, "Description");
  EXPECT_FALSE(d.columns[2].numeric);
  EXPECT_TRUE(d.columns[9].numeric);
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0], (std::vector<std::string>{"1", "ANT", "Antenna", "2", "UNIT", "50.00", "",
                                                 "SV-6", "6.00", "100.00"}));
  EXPECT_EQ(d.rows[1][0], "2");
  EXPECT_EQ(d.rows[1][9], "55.50");
  EXPECT_EQ(d.totals, (Pairs{{"Subtotal", "155.50"}, {"SST", "6.00"}, {"Total (MYR)", "161.50"}}));
  EXPECT_TRUE(d.grand_total);
  EXPECT_FALSE(d.cancelled);
  EXPECT_EQ(d.note, "Sales\nRINGGIT MALAYSIA ONE HUNDRED SIXTY-ONE AND CENTS FIFTY ONLY");
}

TEST(BuildPrintDocument, ExactSumsSeparatorsAndForeignCurrency) {
  json::object r = invoice();
  r["currencycode"] = "USD";
  r["docamt"] = "1234567.89";
  json::array rows;
  for (int i = 0; i < 10; ++i)
    rows.push_back(json::object{{"amount", "0.10"}, {"taxamt", "0.01"}, {"qty", "1000"}});
  rows.push_back(json::object{{"amount", "1234000.5"}, {"taxamt", "0.05"}});
  r["sdsdocdetail"] = std::move(rows);
  pdf::Document d = print("salesinvoice", r, company());
  EXPECT_EQ(
      d.totals,
      (Pairs{{"Subtotal", "1,234,001.50"}, {"SST", "0.15"}, {"Total (USD)", "1,234,567.89"}}));
  EXPECT_EQ(d.rows[0][3], "1,000");
  EXPECT_EQ(d.info.back(), (std::pair<std::string, std::string>{"Currency", "USD"}));
  EXPECT_NE(d.note.find("USD ONE MILLION TWO HUNDRED THIRTY-FOUR THOUSAND FIVE HUNDRED "
                        "SIXTY-SEVEN AND CENTS EIGHTY-NINE ONLY"),
            std::string::npos)
      << d.note;
}

TEST(BuildPrintDocument, ReceiptJournalVouchersAndStock) {
  json::object receipt = json::parse(R"({
    "docno": "OR-00003", "docdate": "2026-04-01", "code": "300-K001",
    "companyname": "Kedai Runcit Café", "description": "Payment for March",
    "paymentmethod": "320-000", "chequenumber": "PBB 123456", "docamt": "300.00",
    "unappliedamt": "38.50", "cancelled": true,
    "sdsknockoff": [{"doctype": "IV", "docno": "IV-00001", "koamt": "161.50"},
                    {"doctype": "IV", "docno": "IV-00002", "koamt": "100.00"}]})")
                             .as_object();
  pdf::Document d = print("customerpayment", receipt, company(), "official receipt 1");
  EXPECT_EQ(d.title, "OFFICIAL RECEIPT");
  EXPECT_EQ(d.party_heading, "Received From");
  EXPECT_EQ(d.party_lines, (std::vector<std::string>{"Kedai Runcit Café"}));
  EXPECT_TRUE(d.cancelled);
  EXPECT_EQ(d.rows[1], (std::vector<std::string>{"2", "IV", "IV-00002", "100.00"}));
  EXPECT_EQ(d.totals, (Pairs{{"Knocked Off", "261.50"},
                             {"Unapplied", "38.50"},
                             {"Total Received (MYR)", "300.00"}}));
  EXPECT_EQ(d.note, "Payment for March\nRINGGIT MALAYSIA THREE HUNDRED ONLY");

  json::object jv = json::parse(R"({"docno": "JV-00001", "docdate": "2026-01-31",
    "description": "Accruals", "journal": "GENERAL",
    "sdsdocdetail": [{"code": "900-000", "description": "Rent", "dr": "1500.00", "cr": "0.00"},
                     {"code": "400-000", "description": "Accrued rent", "dr": "0.00",
                      "cr": "1500.00"}]})")
                        .as_object();
  d = print("journalentry", jv, company());
  EXPECT_EQ(d.title, "JOURNAL VOUCHER");
  EXPECT_TRUE(d.party_heading.empty());
  EXPECT_TRUE(d.party_lines.empty());
  EXPECT_EQ(d.info, (Pairs{{"No.", "JV-00001"}, {"Date", "31/01/2026"}, {"Journal", "GENERAL"}}));
  EXPECT_EQ(d.rows[0], (std::vector<std::string>{"1", "900-000", "Rent", "1,500.00", "0.00"}));
  EXPECT_EQ(d.totals, (Pairs{{"Total Debit", "1,500.00"}, {"Total Credit", "1,500.00"}}));
  EXPECT_FALSE(d.grand_total);
  EXPECT_EQ(d.note, "Accruals");

  json::object pv = json::parse(R"({"docno": "PV-00001", "docdate": "2026-02-01",
    "paymentmethod": "310-000", "chequenumber": "", "docamt": "106.00",
    "sdsdocdetail": [{"code": "905-000", "description": "Repairs", "tax": "SV-6",
                      "taxamt": "6.00", "amount": "100.00"}]})")
                        .as_object();
  d = print("paymentvoucher", pv, company());
  EXPECT_EQ(d.title, "PAYMENT VOUCHER");
  EXPECT_EQ(d.totals, (Pairs{{"Subtotal", "100.00"}, {"Tax", "6.00"}, {"Total (MYR)", "106.00"}}));

  json::object sr = json::parse(R"({"docno": "SR-00001", "docdate": "2026-02-02",
    "sdsdocdetail": [{"itemcode": "ANT", "description": "Antenna", "location": "KL",
                      "qty": "10", "uom": "UNIT", "unitcost": "20.00", "amount": "200.00"}]})")
                        .as_object();
  d = print("stockreceived", sr, company());
  EXPECT_EQ(d.rows[0], (std::vector<std::string>{"1", "ANT", "Antenna", "KL", "10", "UNIT", "20.00",
                                                 "200.00"}));
  EXPECT_EQ(d.totals, (Pairs{{"Total (MYR)", "200.00"}}));

  json::object st = json::parse(R"({"docno": "XF-00001", "docdate": "2026-02-03",
    "sdsdocdetail": [{"itemcode": "ANT", "description": "Antenna", "fromlocation": "KL",
                      "tolocation": "JB", "qty": "3", "uom": "UNIT"}]})")
                        .as_object();
  d = print("stocktransfer", st, company(), "stock transfer");
  EXPECT_EQ(d.title, "STOCK TRANSFER");
  EXPECT_EQ(d.rows[0], (std::vector<std::string>{"1", "ANT", "Antenna", "KL", "JB", "3", "UNIT"}));
  EXPECT_TRUE(d.totals.empty());
}

TEST(BuildPrintDocument, OddRecordsNeverThrow) {
  const char* const odd[] = {
      R"({})",
      R"({"docno": "12", "docdate": null, "docamt": "161.50", "cancelled": true})",
      R"({"docno": "IV-1", "sdsdocdetail": [{}, {"amount": "5", "taxamt": "0"}],
          "docamt": "92233720368547758.07"})",
      R"({"sdsdocdetail": [{"amount": "92233720368547758.07"}, {"amount": "92233720368547758.07"}],
          "docamt": "-12.30", "description": "3.25"})",
  };
  for (const char* resource : kResources) {
    const bizobject::ObjectSpec& spec = spec_of(resource);
    for (const PrintTemplate& listed : spec.print_templates) {
      const PrintTemplate* t = &listed;
      for (const char* data : odd) {
        // Only what the resource has is read: the test data is a sales invoice's.
        bizobject::Record r = record_of(resource, json::parse(data).as_object(), false);
        pdf::Document d;
        EXPECT_NO_THROW(d = build_print_document(*t->layout, spec, r, store::CompanyProfile{}))
            << resource << " " << data;
        EXPECT_FALSE(d.title.empty());
        for (const auto& row : d.rows) EXPECT_EQ(row.size(), d.columns.size());
        r.datasets.clear();  // as a list row: no detail rows
        EXPECT_NO_THROW(d = build_print_document(*t->layout, spec, r, store::CompanyProfile{}));
        EXPECT_TRUE(d.rows.empty());
      }
    }
  }
  pdf::Document d = print("salesinvoice", json::parse(odd[1]).as_object(), company());
  EXPECT_EQ(d.info[0].second, "12");
  EXPECT_EQ(d.info[1].second, "");
  EXPECT_TRUE(d.cancelled);
  EXPECT_TRUE(d.rows.empty());
  EXPECT_EQ(d.totals, (Pairs{{"Subtotal", "0.00"}, {"SST", "0.00"}, {"Total (MYR)", "161.50"}}));

  d = print("salesinvoice", json::parse(odd[2]).as_object(), company());
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0][9], "0.00");
  EXPECT_EQ(d.rows[1][9], "5.00");
  EXPECT_EQ(d.totals[0].second, "5.00");
  EXPECT_EQ(d.totals[2].second, "92,233,720,368,547,758.07");

  d = print("salesinvoice", json::parse(odd[3]).as_object(), company());
  EXPECT_EQ(d.totals[0].second, "");  // the sum overflows: left empty rather than wrong
  EXPECT_EQ(d.totals[2].second, "-12.30");
  EXPECT_EQ(d.note, "3.25");  // negative total: no amount in words
}

TEST(BuildPrintDocument, TheNameChoosesTheVariant) {
  const pdf::Document full = print("salesinvoice", invoice(), company(), "Sales Invoice 8 (SST 1)");
  EXPECT_EQ(full.page, pdf::PageSize::A4Portrait);
  ASSERT_EQ(full.columns.size(), 10u);

  // Simple: the object's discount and tax columns left out (derived from its amounts), the totals
  // kept so that the figures still add up.
  const pdf::Document simple =
      print("salesinvoice", invoice(), company(), "Sales Invoice 3 (Simple)");
  std::vector<std::string> labels;
  for (const auto& c : simple.columns) labels.push_back(c.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"No.", "Item Code", "Description", "Qty", "UOM",
                                              "Unit Price", "Amount"}));
  EXPECT_EQ(simple.rows[0],
            (std::vector<std::string>{"1", "ANT", "Antenna", "2", "UNIT", "50.00", "100.00"}));
  EXPECT_EQ(simple.totals, full.totals);
  EXPECT_EQ(simple.page, pdf::PageSize::A4Portrait);

  const pdf::Document half =
      print("salesinvoice", invoice(), company(), "Sales Invoice 5 - Half Page");
  EXPECT_EQ(half.page, pdf::PageSize::A5Landscape);
  EXPECT_EQ(half.columns.size(), 10u);
  const pdf::Document both =
      print("salesinvoice", invoice(), company(), "sales invoice 4 (simple) - half page");
  EXPECT_EQ(both.page, pdf::PageSize::A5Landscape);
  EXPECT_EQ(both.columns.size(), 7u);
  // "Half" is a word: "Halfway" is not one.
  EXPECT_FALSE(bizobject::print_variant("Sales Invoice 2 - Halfway").half_page);

  // A layout without amounts has nothing to leave out; the journal voucher's default name is a
  // half page.
  json::object jv = json::parse(R"({"docno": "JV-1", "sdsdocdetail": [{"code": "900-000",
    "dr": "1.00", "cr": "0.00"}]})")
                        .as_object();
  EXPECT_EQ(print("journalentry", jv, company()).page, pdf::PageSize::A5Landscape);
  // A payment voucher's tax columns go in the simple form.
  json::object pv = json::parse(R"({"docno": "PV-1", "sdsdocdetail": [{"code": "905-000",
    "description": "Repairs", "tax": "SV-6", "taxamt": "6.00", "amount": "100.00"}]})")
                        .as_object();
  const bizobject::ObjectSpec& pvs = spec_of("paymentvoucher");
  const pdf::Document pv_full = build_print_document(*pvs.print_templates[0].layout, pvs,
                                                     record_of("paymentvoucher", pv), company());
  const pdf::Document pv_simple =
      build_print_document(*pvs.print_templates[0].layout, pvs, record_of("paymentvoucher", pv),
                           company(), bizobject::PrintVariant{.simple = true});
  EXPECT_EQ(pv_simple.columns.size() + 2, pv_full.columns.size());
}

TEST(BuildPrintDocument, RendersToAPdf) {
  pdf::Document d = print("salesinvoice", invoice(), company());
  std::string bytes = pdf::render_pdf(d);
  EXPECT_EQ(bytes.substr(0, 5), "%PDF-");
}

}  // namespace
}  // namespace sqlacc::api
