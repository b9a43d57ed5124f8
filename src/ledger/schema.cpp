#include "ledger/schema.h"

#include "store/migrations.h"

namespace sqlacc::ledger {

void register_schema(store::SchemaRegistry& r) {
  constexpr std::string_view m = "ledger";
  if (!r.add_module(m)) return;
  auto index = [&](std::string_view name, std::string_view rest) {
    r.index({std::string(m), std::string(name),
             "CREATE INDEX IF NOT EXISTS " + std::string(name) + " ON " + std::string(rest)});
  };
  // Money as INTEGER units at kMoneyScale, quantities at kQtyScale. gl_entry.party came with open
  // items: files made before get it from the declaration (a column added with its default).
  r.table(
      store::table_of(m, "gl_entry",
                      {"id INTEGER PRIMARY KEY", "doctype TEXT NOT NULL", "dockey BIGINT NOT NULL",
                       "docno TEXT NOT NULL", "postdate TEXT NOT NULL", "account TEXT NOT NULL",
                       "dr BIGINT NOT NULL DEFAULT 0", "cr BIGINT NOT NULL DEFAULT 0",
                       "description TEXT NOT NULL DEFAULT ''", "project TEXT NOT NULL DEFAULT ''",
                       "party TEXT NOT NULL DEFAULT ''"}));
  // Every index costs each posted line a B-tree write: one (account, postdate) for ledger listings
  // and the trial balance, none on postdate alone.
  index("gl_entry_doc", "gl_entry (doctype, dockey)");
  index("gl_entry_account_date", "gl_entry (account, postdate)");
  index("gl_entry_party", "gl_entry (party) WHERE party <> ''");
  r.table(
      store::table_of(m, "stock_move",
                      {"id INTEGER PRIMARY KEY", "doctype TEXT NOT NULL", "dockey BIGINT NOT NULL",
                       "docno TEXT NOT NULL", "postdate TEXT NOT NULL", "item TEXT NOT NULL",
                       "location TEXT NOT NULL DEFAULT ''", "qty BIGINT NOT NULL"}));
  index("stock_move_doc", "stock_move (doctype, dockey)");
  index("stock_move_item", "stock_move (item, location, postdate)");
  // The quantity on hand per item and the balance per party, kept as postings come and go (O(1)
  // to read); verify() checks them against stock_move and open_item.
  r.table(store::table_of(m, "item_total",
                          {"code TEXT NOT NULL PRIMARY KEY", "total BIGINT NOT NULL"}));
  r.table(store::table_of(m, "open_item",
                          {"doctype TEXT NOT NULL", "dockey BIGINT NOT NULL", "docno TEXT NOT NULL",
                           "postdate TEXT NOT NULL", "party TEXT NOT NULL", "account TEXT NOT NULL",
                           "amount BIGINT NOT NULL"},
                          "PRIMARY KEY (doctype, dockey)"));
  index("open_item_docno", "open_item (doctype, UPPER(docno))");
  index("open_item_party", "open_item (party, postdate)");
  r.table(store::table_of(
      m, "knockoff",
      {"id INTEGER PRIMARY KEY", "doctype TEXT NOT NULL", "dockey BIGINT NOT NULL",
       "target_doctype TEXT NOT NULL", "target_dockey BIGINT NOT NULL", "amount BIGINT NOT NULL"}));
  index("knockoff_doc", "knockoff (doctype, dockey)");
  index("knockoff_target", "knockoff (target_doctype, target_dockey)");
  r.table(store::table_of(m, "party_total",
                          {"code TEXT NOT NULL PRIMARY KEY", "total BIGINT NOT NULL"}));

  // Files made before these releases: indexes no longer kept, and totals to build once from the
  // postings (a table that is still empty; on a new database there is nothing to sum).
  r.step({std::string(m), 1, "drop the indexes on account and postdate alone", [](auto& c) {
            c.exec(
                "DROP INDEX IF EXISTS gl_entry_account; DROP INDEX IF EXISTS gl_entry_postdate; "
                "DROP INDEX IF EXISTS stock_move_postdate;");
          }});
  r.step({std::string(m), 2, "item_total summed from stock_move", [](auto& c) {
            c.exec(
                "INSERT INTO item_total (code, total) SELECT item, SUM(qty) FROM stock_move "
                "WHERE NOT EXISTS (SELECT 1 FROM item_total) GROUP BY item");
          }});
  r.step({std::string(m), 3, "party_total summed from open_item", [](auto& c) {
            c.exec(
                "INSERT INTO party_total (code, total) SELECT party, SUM(amount) FROM open_item "
                "WHERE NOT EXISTS (SELECT 1 FROM party_total) GROUP BY party");
          }});
}

void ensure_schema(store::Connection& conn) {
  store::SchemaRegistry r;
  register_schema(r);
  store::migrate(conn, r);
}

}  // namespace sqlacc::ledger
