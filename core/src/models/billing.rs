//! Billing: subscriptions, credit balance and credit ledger.

use super::Metadata;

model! {
    /// An amount of money, in the currency's smallest unit.
    pub struct Money {
        req amount: i64,
        req amount_formatted: String,
        req currency: String,
        req currency_symbol: String,
    }
}

model! {
    /// Returned by `get_billing_credit_balance`; `balance` is `None` when the payer never had credits.
    pub struct CreditBalance {
        req object: String,
        nul balance: Option<Money>,
    }
}

model! {
    /// Returned by `adjust_billing_credit_balance`: the ledger entry of the adjustment.
    pub struct CreditLedgerEntry {
        req object: String,
        req id: String,
        req payer_id: String,
        req amount: Money,
        req source_type: String,
        req source_id: String,
        opt note: Option<String>,
        /// RFC 3339 date-time.
        req created_at: String,
    }
}

model! {
    /// Returned by `get_billing_subscription`.
    pub struct BillingSubscription {
        req object: String,
        req id: String,
        opt placeholder_metadata: Option<Metadata>,
    }
}
