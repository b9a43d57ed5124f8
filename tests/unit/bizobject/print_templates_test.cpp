// Template names (bizobject/print_templates.h) against the original's built-in names, and a
// company's aliases (bizobject/template_aliases.h). The original's list is read from
// ../shared/reference/original-templates.json (not part of the repository: the tests that need it
// skip, naming the path, when it is absent; SQLACC_SHARED_DIR points at another parent folder).
#include "bizobject/print_templates.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "api/company_schema.h"
#include "bizobject/template_aliases.h"
#include "test_util.h"

namespace sqlacc::bizobject {
namespace {

namespace json = boost::json;
using test_support::thrown_problem;

std::filesystem::path templates_file() {
  const char* env = std::getenv("SQLACC_SHARED_DIR");
  return std::filesystem::path(env && *env ? env : SQLACC_SHARED_DIR) / "reference" /
         "original-templates.json";
}

// report type -> the original's built-in names; empty when the file is absent.
std::map<std::string, std::vector<std::string>> original_names() {
  std::map<std::string, std::vector<std::string>> out;
  std::ifstream in(templates_file());
  if (!in) return out;
  std::stringstream text;
  text << in.rdbuf();
  const json::value doc = json::parse(text.str());  // kept: the loop reads into it
  for (const auto& [type, names] : doc.at("report_types").as_object())
    for (const json::value& n : names.as_array())
      out[std::string(type)].push_back(std::string(n.as_string()));
  return out;
}

#define SKIP_WITHOUT_ORIGINAL_NAMES(names)                                             \
  if ((names).empty())                                                                 \
  GTEST_SKIP() << "original-templates.json not found at " << templates_file().string() \
               << " (point SQLACC_SHARED_DIR at the folder holding reference/ to run this)"

const ObjectSpec& builtin(std::string_view resource) {
  for (const ObjectSpec* s : builtin_objects())
    if (s->resource == resource) return *s;
  throw std::logic_error("unknown resource in test");
}

// The documents sqlacc has: every built-in name of their report types prints them.
// Every built-in name of a document's report type prints that document, and no other document
// takes it (the stems do not overlap). Each object lists only its default name and the names the
// stem rule misses; the original's names themselves stay in ../shared.
TEST(OriginalTemplates, EveryNameOfADocumentsReportTypePrintsItAndNoOther) {
  const auto names = original_names();
  SKIP_WITHOUT_ORIGINAL_NAMES(names);
  const std::pair<const char*, const char*> documents[] = {
      {"Sales Quotation", "salesquotation"},
      {"Sales Order", "salesorder"},
      {"Sales Delivery Order", "deliveryorder"},
      {"Sales Extra Delivery Order", "extradeliveryorder"},
      {"Sales Cancel Note", "salescancellednote"},
      {"Sales Invoice", "salesinvoice"},
      {"Sales Cash Sales", "cashsales"},
      {"Sales Debit Note", "salesdebitnote"},
      {"Sales Credit Note", "salescreditnote"},
      {"Purchase Request", "purchaserequest"},
      {"Purchase Order", "purchaseorder"},
      {"Purchase Goods Received", "goodsreceived"},
      {"Purchase Return", "purchasereturned"},
      {"Purchase Extra Goods Received", "extragoodsreceived"},
      {"Purchase Cancel Note", "purchasecancellednote"},
      {"Purchase Invoice", "purchaseinvoice"},
      {"Purchase Cash Purchase", "cashpurchase"},
      {"Purchase Debit Note", "purchasedebitnote"},
  };
  int checked = 0;
  for (const auto& [type, resource] : documents) {
    ASSERT_TRUE(names.contains(type)) << type;
    for (const std::string& name : names.at(type)) {
      ++checked;
      EXPECT_TRUE(find_builtin_template(builtin(resource), name))
          << resource << " does not print '" << name << "'";
      for (const auto& [other_type, other] : documents) {
        if (std::string_view(other) == resource) continue;
        EXPECT_FALSE(find_builtin_template(builtin(other), name))
            << "'" << name << "' (" << type << ") also prints " << other;
      }
    }
  }
  EXPECT_GT(checked, 100);  // 149 in the reference today
}

TEST(OriginalTemplates, VariantsFollowTheName) {
  const auto names = original_names();
  SKIP_WITHOUT_ORIGINAL_NAMES(names);
  int simple = 0, half = 0;
  for (const auto& [type, list] : names)
    for (const std::string& name : list) {
      const PrintVariant v = print_variant(name);
      simple += v.simple;
      half += v.half_page;
      if (name.find("(Simple)") != std::string::npos) {
        EXPECT_TRUE(v.simple) << name;
      }
      if (name.find(" - Half Page") != std::string::npos) {
        EXPECT_TRUE(v.half_page) << name;
      }
    }
  EXPECT_GT(simple, 20);
  EXPECT_GT(half, 5);
}

TEST(TemplateNames, Stems) {
  EXPECT_EQ(template_stem("Sales Invoice 8 (SST 1)"), "Sales Invoice");
  EXPECT_EQ(template_stem("Sales Cash Sales 6 - Receipt-TM-U220 (SST)-With PM KO"),
            "Sales Cash Sales");
  EXPECT_EQ(template_stem("Sales Cash Sales10"), "Sales Cash Sales");
  EXPECT_EQ(template_stem("Official Receipt 1"), "Official Receipt");
  EXPECT_EQ(template_stem(" Purchase  Extra GRN 3 (Simple) "), "Purchase Extra GRN");
  EXPECT_EQ(template_stem("GL Journal Voucher - Half (SST)"), std::nullopt);
  EXPECT_EQ(template_stem("1. This is Custom Format For Sales Invoice (FR3)"), std::nullopt);
  EXPECT_EQ(template_stem("Sales Goods Return Note (Simple)"), std::nullopt);
  EXPECT_EQ(template_stem("Sales Invoice 8 (SST 2) Custom"), std::nullopt);
  EXPECT_EQ(normalize_template_name(" \"Sales\tInvoice  8 \" "), "Sales Invoice 8");
  EXPECT_EQ(template_key("Sales INVOICE  8"), "sales invoice 8");
}

TEST(TemplateNames, TheDefaultIsTheFirstAsItsNameSays) {
  const auto def = find_builtin_template(builtin("salesinvoice"), "");
  ASSERT_TRUE(def);
  EXPECT_EQ(def->form, &builtin("salesinvoice").print_templates[0]);
  EXPECT_EQ(def->variant, PrintVariant{});
  EXPECT_TRUE(find_builtin_template(builtin("journalentry"), "")->variant.half_page);
  EXPECT_FALSE(find_builtin_template(builtin("agent"), ""));
}

using testing::DbTest;
using testing::kNow;

class TemplateAliasTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    api::migrate_company(conn());  // the company's schema, with the templates module
  }
  const ObjectSpec& invoice() { return spec("salesinvoice"); }
};

TEST_F(TemplateAliasTest, AnAliasPrintsItsBuiltIn) {
  const std::string custom = "Sales Invoice 8 (SST 2) HMAC-SHA256";
  EXPECT_FALSE(resolve_template(conn(), invoice(), custom));
  const TemplateAlias a =
      add_template_alias(conn(), invoice(), "  " + custom + " ", "sales invoice 3 (simple)", kNow);
  EXPECT_EQ(a.object, "salesinvoice");
  EXPECT_EQ(a.name, custom);
  EXPECT_EQ(a.template_name, "sales invoice 3 (simple)");
  const auto choice = resolve_template(conn(), invoice(), "sales invoice 8 (sst 2)  hmac-sha256");
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->form, &invoice().print_templates[0]);
  EXPECT_TRUE(choice->variant.simple);
  // Per object: the sales order does not know it.
  EXPECT_FALSE(resolve_template(conn(), spec("salesorder"), custom));
  EXPECT_NE(printable_names(conn(), invoice()).find("aliases: '" + custom + "'"),
            std::string::npos);
  ASSERT_EQ(list_template_aliases(conn()).size(), 1u);
  EXPECT_EQ(list_template_aliases(conn(), "salesorder").size(), 0u);

  EXPECT_EQ(thrown_problem([&] {
              add_template_alias(conn(), invoice(), custom, "Sales Invoice 1", kNow);
            }).status,
            409u);
  EXPECT_EQ(remove_template_alias(conn(), invoice(), "SALES INVOICE 8 (SST 2) HMAC-SHA256").name,
            custom);
  EXPECT_FALSE(resolve_template(conn(), invoice(), custom));
  const Problem gone = thrown_problem([&] { remove_template_alias(conn(), invoice(), custom); });
  EXPECT_EQ(gone.status, 404u);
  EXPECT_EQ(count("template_alias"), 0);
}

TEST_F(TemplateAliasTest, RefusedNames) {
  const auto refused = [&](std::string_view name, std::string_view builtin_name) {
    return thrown_problem([&] { add_template_alias(conn(), invoice(), name, builtin_name, kNow); });
  };
  // A built-in name always prints its own form.
  Problem p = refused("Sales Invoice 9 (Simple)", "Sales Invoice 8 (SST 1)");
  EXPECT_EQ(p.field, "name");
  EXPECT_NE(std::string(p.what()).find("built-in"), std::string::npos) << p.what();
  p = refused("My invoice", "Sales Order 1");  // not a built-in of salesinvoice
  EXPECT_EQ(p.field, "template");
  EXPECT_NE(std::string(p.what()).find("'Sales Invoice <n>'"), std::string::npos) << p.what();
  EXPECT_EQ(refused("My invoice", "").field, "template");
  EXPECT_EQ(refused("", "Sales Invoice 1").field, "name");
  EXPECT_EQ(refused("A/B", "Sales Invoice 1").field, "name");
  EXPECT_EQ(refused("Bad\x01name", "Sales Invoice 1").field, "name");
  EXPECT_EQ(refused(std::string(201, 'x'), "Sales Invoice 1").field, "name");
  EXPECT_EQ(count("template_alias"), 0);
  EXPECT_NO_THROW(
      add_template_alias(conn(), invoice(), std::string(200, 'x'), "Sales Invoice 1", kNow));
}

TEST_F(TemplateAliasTest, OnlyObjectsWithPrintedForms) {
  EXPECT_EQ(&printable_object(engine_, " SalesInvoice "), &invoice());
  const Problem p = thrown_problem([&] { printable_object(engine_, "agent"); });
  EXPECT_EQ(p.status, 400u);
  EXPECT_EQ(p.field, "object");
  EXPECT_NE(std::string(p.what()).find("salesinvoice"), std::string::npos);
}

}  // namespace
}  // namespace sqlacc::bizobject
