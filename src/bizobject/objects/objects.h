#pragma once
// The built-in business objects, one file each (a family of near-identical masters shares
// masters.cpp). Each file holds everything about its object: fields, datasets, defaults, examples,
// amounts, posting rules, transfer sources and printed forms. registry.cpp lists them in display
// order; that list is the only other place a new object is named.
#include <span>

#include "bizobject/spec.h"

namespace sqlacc::bizobject::objects {

// masters.cpp: agent, area, terms, currency, project, location, stock group, account, tax,
// customer, supplier, stock item, in display order.
std::span<const ObjectSpec* const> masters();

extern const ObjectSpec sales_order;       // salesorder.cpp
extern const ObjectSpec sales_invoice;     // salesinvoice.cpp
extern const ObjectSpec purchase_invoice;  // purchaseinvoice.cpp
extern const ObjectSpec customer_payment;  // customerpayment.cpp
extern const ObjectSpec journal_entry;     // journalentry.cpp
extern const ObjectSpec payment_voucher;   // paymentvoucher.cpp
extern const ObjectSpec stock_received;    // stockreceived.cpp
extern const ObjectSpec stock_transfer;    // stocktransfer.cpp

// Documents that post to the GL beside the invoices (issue 13, posting).
extern const ObjectSpec cash_sales;           // cashsales.cpp
extern const ObjectSpec sales_debit_note;     // salesdebitnote.cpp
extern const ObjectSpec sales_credit_note;    // salescreditnote.cpp
extern const ObjectSpec cash_purchase;        // cashpurchase.cpp
extern const ObjectSpec purchase_debit_note;  // purchasedebitnote.cpp

// The sales and purchase transfer chains (chain_documents.h): quotation, delivery orders, cancel
// notes; request, order, goods received, returns.
extern const ObjectSpec sales_quotation;          // salesquotation.cpp
extern const ObjectSpec delivery_order;           // deliveryorder.cpp
extern const ObjectSpec extra_delivery_order;     // extradeliveryorder.cpp
extern const ObjectSpec sales_cancelled_note;     // salescancellednote.cpp
extern const ObjectSpec purchase_request;         // purchaserequest.cpp
extern const ObjectSpec purchase_order;           // purchaseorder.cpp
extern const ObjectSpec goods_received;           // goodsreceived.cpp
extern const ObjectSpec purchase_returned;        // purchasereturned.cpp
extern const ObjectSpec extra_goods_received;     // extragoodsreceived.cpp
extern const ObjectSpec purchase_cancelled_note;  // purchasecancellednote.cpp

}  // namespace sqlacc::bizobject::objects
