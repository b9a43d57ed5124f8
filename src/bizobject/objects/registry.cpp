// The built-in objects, in display order (Agent first): masters, then the documents after the
// masters they reference. A new object is one file in objects/ plus its line here.
#include <vector>

#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject {

std::span<const ObjectSpec* const> builtin_objects() {
  static const std::vector<const ObjectSpec*> all = [] {
    std::vector<const ObjectSpec*> v(objects::masters().begin(), objects::masters().end());
    for (const ObjectSpec* d :
         {&objects::sales_order, &objects::sales_invoice, &objects::purchase_invoice,
          &objects::customer_payment, &objects::journal_entry, &objects::payment_voucher,
          &objects::stock_received, &objects::stock_transfer})
      v.push_back(d);
    // Documents that post to the GL beside the invoices (issue 13, posting).
    for (const ObjectSpec* d :
         {&objects::cash_sales, &objects::sales_debit_note, &objects::sales_credit_note,
          &objects::cash_purchase, &objects::purchase_debit_note})
      v.push_back(d);
    // The transfer chains: sales, then purchase, each in the order documents flow.
    for (const ObjectSpec* d :
         {&objects::sales_quotation, &objects::delivery_order, &objects::extra_delivery_order,
          &objects::sales_cancelled_note, &objects::purchase_request, &objects::purchase_order,
          &objects::goods_received, &objects::purchase_returned, &objects::extra_goods_received,
          &objects::purchase_cancelled_note})
      v.push_back(d);
    return v;
  }();
  return all;
}

}  // namespace sqlacc::bizobject
