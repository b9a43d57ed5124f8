#pragma once
// The ledger's own, neutral form of a document to post. The business-object layer translates its
// records (SL_IV, AR_PM, GL_JE, ...) into this; the ledger knows nothing about JSON, HTTP or the
// business-object tables. All money is exact (sqlacc::Decimal); the ledger posts the amounts it
// is given: tax and rounding are the caller's job (invariant I2), totals are recomputed here from
// the lines wherever the posting rules say so (I9).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "util/decimal.h"
#include "util/problem.h"

namespace sqlacc::ledger {

// Scales of what the ledger stores: money in units of 0.01, quantities in units of 0.0001.
// Amounts given at a finer scale must have no non-zero digit beyond these (else posting_error()).
inline constexpr int kMoneyScale = 2;
inline constexpr int kQtyScale = 4;

// How a document posts (posting_rules.h): its GL rules and stock rules, in order. Plain data, owned
// by the business object's spec; the ledger only interprets it.
enum class Side { Dr, Cr };
// Document: the rule fires once per document; PerLine: once per document line.
enum class Scope { Document, PerLine };
enum class AccountFrom { ControlAccount, PaymentAccount, LineAccount, LineTaxAccount };
enum class AmountFrom {
  DocAmount,        // PostingDocument::doc_amount                       (Document scope)
  DocTotalInclTax,  // sum over lines of amount + tax                    (Document scope)
  LineAmount,       // PostingLine::amount                               (PerLine)
  LineTax,          // PostingLine::tax                                  (PerLine)
  LineDr,           // PostingLine::dr                                   (PerLine)
  LineCr,           // PostingLine::cr                                   (PerLine)
};

struct GlRule {
  Side side;
  AccountFrom account;
  AmountFrom amount;
  Scope scope;
};

enum class StockEffect { In, Out };
enum class LocationFrom { LineLocation, LineFromLocation, LineToLocation };

// Stock rules are always per line: qty of the line's item, in or out of the chosen location.
struct StockRule {
  StockEffect effect;
  LocationFrom location;
};

struct PostingRules {
  std::span<const GlRule> gl = {};
  std::span<const StockRule> stock = {};
};

// One detail row. Which fields matter depends on the document's posting rules: a sales invoice's
// lines carry account, tax_account, amount (excl. tax) and tax; a journal's account, dr and cr;
// stock documents item, location (or from/to location) and qty.
struct PostingLine {
  std::string account;      // GL account code of the line (e.g. 500-000)
  std::string tax_account;  // GL account the line's tax goes to (e.g. output tax 900-000)
  Decimal amount;           // excluding tax
  Decimal tax;
  Decimal dr, cr;  // journal entry lines
  std::string item, location, from_location, to_location;
  Decimal qty;
  std::string project;      // empty: the document's project
  std::string description;  // empty: the document's description
};

// One knock-off: this document (a payment) settles part of an earlier document of the same party
// (an invoice). The target is found by dockey when it is > 0, else by doctype + docno.
struct KnockOff {
  std::string doctype;  // of the target: "IV"
  std::string docno;
  std::int64_t dockey = 0;
  Decimal amount;  // > 0, at most both documents' outstanding
  int line = -1;   // index of the knock-off row, for messages
  // How the caller names the row's amount in a refusal ("sdsknockoff[0].koamt").
  std::string field = {};
};

struct PostingDocument {
  std::string doctype;  // the spec's PostingSpec::doctype: "IV", "JE", ...
  PostingRules rules;   // how it posts (the spec's rules; empty: it posts nothing)
  std::int64_t dockey = 0;
  std::string docno;
  std::string postdate;  // YYYY-MM-DD (compared as text in reports)
  std::string description;
  std::string project;
  std::string party;            // customer/supplier code, may be empty (informational)
  std::string control_account;  // AR/AP control of the party (e.g. 300-000, 400-000)
  std::string payment_account;  // bank/cash GL account (PM, PV)
  Decimal doc_amount;           // used only where a rule says AmountFrom::DocAmount (PM)
  std::vector<PostingLine> lines;
  std::vector<KnockOff> knockoffs;  // only for a document with a party and a control account line
  // Never posted before: post() then skips looking for postings, an open item and knock-offs to
  // replace. Only for a dockey that was just allocated (the document tables' AUTOINCREMENT keys are
  // never reused); set wrongly, the old postings would stay beside the new ones.
  bool is_new = false;
};

// One general-ledger line produced by posting. Exactly one of dr/cr is non-zero, both >= 0,
// both at kMoneyScale.
struct JournalLine {
  std::string account;
  Decimal dr, cr;
  std::string description;
  std::string project;
  int line = -1;      // index into PostingDocument::lines it came from; -1 for document-level lines
  std::string party;  // set on the control-account line of a party document (the open item)
};

// One stock movement: qty > 0 in, < 0 out, at kQtyScale.
struct StockMove {
  std::string item;
  std::string location;
  Decimal qty;
  int line = -1;
};

// What the ledger refuses, as the Problem every layer throws; each message names the document
// and, where it applies, the line.
// A document that cannot be posted as given (unknown type, bad date, missing account, amount with
// too many decimals...): 400 PostingError.
inline Problem posting_error(const std::string& message) {
  return Problem(400, problem_code::kPostingError, message);
}
// The document's journal does not balance (invariant I1): 400 Unbalanced. Nothing is written.
inline Problem unbalanced(const std::string& message) {
  return Problem(400, problem_code::kUnbalanced, message);
}
// A document cannot be unposted or changed that way because other documents knock it off (a paid
// invoice cannot be deleted, cancelled, reduced below what was paid, or moved to another party):
// 409 Conflict.
inline Problem knocked_off(const std::string& message) { return conflict(message); }
// One knock-off row cannot be applied (no such open document, another party, more than its
// outstanding, more than the paying document): 400 ValidationError naming the row's
// KnockOff::field.
inline Problem knock_off_refused(const std::string& message, const KnockOff& row) {
  return validation_error(row.field, message);
}

// "IV IV-0001 (dockey 7)": how errors and verify() name a document.
std::string describe(const PostingDocument& doc);

}  // namespace sqlacc::ledger
