#pragma once
// What the documents paid at once share (SL_CS cash sales, PH_CP cash purchase): a trade document
// (trade_document.h) with the original's payment fields (p_paymentmethod, p_amount,
// p_chequenumber) appended, a GL rule on the bank or cash account instead of the party's control
// account (so the party's outstanding does not move), and a printed form that shows the payment.
#include <string_view>

#include "bizobject/objects/trade_document.h"

namespace sqlacc::bizobject::objects::cash {

using namespace trade;

// Not `required`: the original's clients cancel a cash sale with p_paymentmethod "" and p_amount 0
// (reference §3.3); a document that posts needs a bank or cash account (the posting check names
// the field when it is empty or another kind of account).
inline constexpr FieldSpec kPaymentFields[] = {
    {.name = "p_paymentmethod",
     .width = 10,
     .references = "account",
     .example = "310-000",
     .doc = "GL code of the bank or cash account paid through (specialacctype BA or CH); may be "
            "empty only on a cancelled document"},
    money("p_amount",
          "Amount paid: the document total (left out: docamt; a different value is a 400; 0 is "
          "accepted on a cancelled document)"),
    text("p_chequenumber", 20),
};

// A trade PostingSpec whose document-level line is the payment account, not the party's control
// account: a cash document leaves no open item (nothing to pay later, nothing to knock off).
constexpr PostingSpec cash_posting(std::string_view doctype, ledger::PostingRules rules,
                                   bool credit_party) {
  PostingSpec p = trade_posting(doctype, rules, credit_party);
  p.control_account = {};
  p.payment_account = "p_paymentmethod";
  return p;
}

constexpr AmountSpec cash_amounts(AmountSpec a) {
  a.paid = "p_amount";
  return a;
}

inline constexpr InfoSpec kCashInfo[] = {
    {"No.", "docno"},
    {"Date", "docdate", F::Date},
    {"Account", "code"},
    {"Payment Method", "p_paymentmethod"},
    {"Cheque No.", "p_chequenumber"},
    {"Currency", "currencycode", F::Currency},
};

constexpr PrintLayout cash_layout(std::string_view title, std::string_view party_heading) {
  PrintLayout l = layout(title, party_heading);
  l.info = kCashInfo;
  return l;
}

}  // namespace sqlacc::bizobject::objects::cash
