//! Billing: subscriptions, credit balance and credit ledger.
//!
//! Where the spec has `-2` twins of a schema that differ only in number formats or in which twin
//! they reference (`CommercePerUnitTotal-2`, `CommerceTotalsResponse-2`, `BillingDiscountsResponse`,
//! `BillingProrationDiscountDetail`), one type covers both.

model! {
    /// An amount of money, in the currency's smallest unit.
    pub struct Money as "CommerceMoneyResponse" {
        req amount: i64,
        req amount_formatted: String,
        req currency: String,
        req currency_symbol: String,
    }
}

model! {
    /// Returned by `get_billing_credit_balance`; `balance` is `None` when the payer never had credits.
    pub struct CreditBalance as "CommerceCreditBalanceResponse" {
        req object: String,
        nul balance: Option<Money>,
    }
}

model! {
    /// Returned by `adjust_billing_credit_balance`: the ledger entry of the adjustment.
    pub struct CreditLedgerEntry as "CommerceCreditLedgerResponse" {
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

open_enum! {
    /// The status of a billing subscription.
    pub enum SubscriptionStatus {
        Active = "active",
        PastDue = "past_due",
        Canceled = "canceled",
        Ended = "ended",
        Abandoned = "abandoned",
        Incomplete = "incomplete",
    }
}

model! {
    /// Returned by `get_billing_subscription`.
    pub struct BillingSubscription as "CommerceSubscription" {
        req object: String,
        req id: String,
        req instance_id: String,
        req status: SubscriptionStatus,
        req payer_id: String,
        req created_at: i64,
        req updated_at: i64,
        nul active_at: Option<i64>,
        nul past_due_at: Option<i64>,
        req subscription_items: Vec<SubscriptionItem>,
        opt next_payment: Option<SubscriptionNextPayment>,
        opt eligible_for_free_trial: Option<bool>,
    }
}

model! {
    /// The next scheduled payment of a subscription.
    pub struct SubscriptionNextPayment as "CommerceSubscriptionNextPayment" {
        req date: i64,
        /// The base plan fee only; `totals.grand_total` includes per-unit charges.
        req amount: Money,
        opt per_unit_totals: Option<Vec<PerUnitTotal>>,
        opt totals: Option<Totals>,
    }
}

open_enum! {
    /// The status of a subscription item.
    pub enum SubscriptionItemStatus {
        Active = "active",
        Canceled = "canceled",
        Expired = "expired",
        Ended = "ended",
        PastDue = "past_due",
        Upcoming = "upcoming",
        Incomplete = "incomplete",
        Abandoned = "abandoned",
    }
}

open_enum! {
    /// The billing period of a subscription item.
    pub enum PlanPeriod {
        Month = "month",
        Annual = "annual",
    }
}

model! {
    /// One plan subscribed to, within a subscription.
    pub struct SubscriptionItem as "CommerceSubscriptionItem" {
        req object: String,
        req id: String,
        req instance_id: String,
        req status: SubscriptionItemStatus,
        /// Only in payment attempt events.
        opt credit: Option<SubscriptionCredit>,
        opt credits: Option<Credits>,
        nul plan_id: Option<String>,
        opt price_id: Option<String>,
        opt plan: Option<Plan>,
        req plan_period: PlanPeriod,
        opt payment_method: Option<PaymentMethod>,
        opt lifetime_paid: Option<Money>,
        opt next_payment: Option<SubscriptionItemNextPayment>,
        req payer_id: String,
        opt payer: Option<Payer>,
        req is_free_trial: bool,
        req period_start: i64,
        nul period_end: Option<i64>,
        /// `YYYY-MM-DD`.
        opt proration_date: Option<String>,
        nul canceled_at: Option<i64>,
        nul past_due_at: Option<i64>,
        nul ended_at: Option<i64>,
        opt created_at: Option<i64>,
        opt updated_at: Option<i64>,
        opt seats: Option<SubscriptionItemSeats>,
        opt totals: Option<Totals>,
    }
}

model! {
    /// The credit of a subscription item.
    pub struct SubscriptionCredit as "CommerceSubscriptionCreditResponse" {
        opt amount: Option<Money>,
        opt cycle_remaining_percent: Option<f64>,
    }
}

model! {
    /// A breakdown of the credits applied.
    pub struct Credits {
        nul proration: Option<ProrationCreditDetail>,
        nul payer: Option<PayerCredit>,
        req total: Money,
    }
}

model! {
    /// Credit for the unused part of the billing cycle.
    pub struct ProrationCreditDetail {
        req amount: Money,
        req cycle_days_remaining: i64,
        req cycle_days_total: i64,
        req cycle_remaining_percent: f64,
    }
}

model! {
    /// Credit taken from the payer's credit balance.
    pub struct PayerCredit {
        req remaining_balance: Money,
        req applied_amount: Money,
    }
}

model! {
    /// A billing plan.
    pub struct Plan as "CommercePlan" {
        req object: String,
        req id: String,
        req name: String,
        nul fee: Option<Money>,
        nul annual_monthly_fee: Option<Money>,
        nul annual_fee: Option<Money>,
        nul description: Option<String>,
        /// Deprecated by Clerk.
        req product_id: String,
        req is_default: bool,
        req is_recurring: bool,
        req publicly_visible: bool,
        req has_base_fee: bool,
        /// `user` or `org`.
        req for_payer_type: String,
        req slug: String,
        nul avatar_url: Option<String>,
        opt features: Option<Vec<Feature>>,
        req free_trial_enabled: bool,
        nul free_trial_days: Option<i64>,
        opt unit_prices: Option<Vec<PlanUnitPrice>>,
    }
}

model! {
    /// A feature included in a plan.
    pub struct Feature as "FeatureResponse" {
        req object: String,
        req id: String,
        req name: String,
        nul description: Option<String>,
        req slug: String,
        nul avatar_url: Option<String>,
    }
}

model! {
    /// Tiered per-unit pricing of a plan (for example, seats).
    pub struct PlanUnitPrice as "CommercePlanUnitPrice" {
        req name: String,
        req block_size: i64,
        req tiers: Vec<PlanUnitPriceTier>,
    }
}

model! {
    pub struct PlanUnitPriceTier as "CommercePlanUnitPriceTier" {
        /// Inclusive.
        req starts_at_block: i64,
        /// Inclusive; `None` means unlimited.
        opt ends_after_block: Option<i64>,
        req fee_per_block: Money,
    }
}

open_enum! {
    pub enum PaymentType {
        Card = "card",
        Link = "link",
        PayerCredits = "payer-credits",
    }
}

open_enum! {
    pub enum PaymentMethodStatus {
        Active = "active",
        Disconnected = "disconnected",
    }
}

model! {
    pub struct PaymentMethod as "CommercePaymentMethodResponse" {
        req object: String,
        req id: String,
        req payer_id: String,
        req payment_type: PaymentType,
        opt is_default: Option<bool>,
        req gateway: String,
        req gateway_external_id: String,
        nul gateway_external_account_id: Option<String>,
        nul last4: Option<String>,
        req status: PaymentMethodStatus,
        opt wallet_type: Option<String>,
        nul card_type: Option<String>,
        opt expiry_year: Option<i64>,
        opt expiry_month: Option<i64>,
        opt created_at: Option<i64>,
        opt updated_at: Option<i64>,
        opt is_removable: Option<bool>,
    }
}

model! {
    /// The next payment of a subscription item.
    pub struct SubscriptionItemNextPayment as "NextPayment" {
        /// The base plan fee only; `totals.grand_total` includes per-unit charges.
        opt amount: Option<Money>,
        opt date: Option<i64>,
        opt per_unit_totals: Option<Vec<PerUnitTotal>>,
        opt totals: Option<Totals>,
    }
}

model! {
    /// Computed totals of one billable unit (for example, seats).
    pub struct PerUnitTotal as "CommercePerUnitTotal" {
        req name: String,
        req block_size: i64,
        req tiers: Vec<PerUnitTotalTier>,
    }
}

model! {
    pub struct PerUnitTotalTier as "CommercePerUnitTotalTier" {
        /// Units billed in this tier; `None` means unlimited.
        opt quantity: Option<i64>,
        req fee_per_block: Money,
        req total: Money,
    }
}

model! {
    /// A breakdown of an amount billed.
    pub struct Totals {
        req subtotal: Money,
        req base_fee: Money,
        req tax_total: Money,
        req grand_total: Money,
        opt per_unit_totals: Option<Vec<PerUnitTotal>>,
        opt credits: Option<Credits>,
        opt discounts: Option<Discounts>,
    }
}

model! {
    pub struct Discounts {
        nul proration: Option<ProrationDiscount>,
        req total: Money,
    }
}

model! {
    /// Discount for the part of the billing cycle already passed.
    pub struct ProrationDiscount {
        req amount: Money,
        req cycle_days_passed: i64,
        req cycle_days_total: i64,
        req cycle_passed_percent: f64,
    }
}

model! {
    /// The user or organization that pays for a subscription.
    pub struct Payer as "CommercePayerResponse" {
        req object: String,
        req id: String,
        req instance_id: String,
        opt user_id: Option<String>,
        opt first_name: Option<String>,
        opt last_name: Option<String>,
        opt email: Option<String>,
        opt organization_id: Option<String>,
        opt organization_name: Option<String>,
        opt image_url: Option<String>,
        opt credits_balance: Option<Money>,
        opt created_at: Option<i64>,
        opt updated_at: Option<i64>,
    }
}

model! {
    /// Seat-based billing of a subscription item.
    pub struct SubscriptionItemSeats as "Seats" {
        /// `None` means unlimited.
        nul quantity: Option<i64>,
        opt tiers: Option<Vec<PerUnitTotalTier>>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn money(amount: i64) -> serde_json::Value {
        json!({
            "amount": amount,
            "amount_formatted": format!("{}.{:02}", amount / 100, amount % 100),
            "currency": "USD",
            "currency_symbol": "$",
        })
    }

    fn totals() -> serde_json::Value {
        json!({
            "subtotal": money(2500),
            "base_fee": money(2000),
            "tax_total": money(0),
            "grand_total": money(2000),
            "per_unit_totals": [{
                "name": "seats",
                "block_size": 1,
                "tiers": [
                    {"quantity": 5, "fee_per_block": money(0), "total": money(0)},
                    {"quantity": null, "fee_per_block": money(100), "total": money(500)},
                ],
            }],
            "credits": {
                "proration": {
                    "amount": money(300),
                    "cycle_days_remaining": 12,
                    "cycle_days_total": 30,
                    "cycle_remaining_percent": 40.0,
                },
                "payer": {"remaining_balance": money(800), "applied_amount": money(200)},
                "total": money(500),
            },
            "discounts": {
                "proration": {
                    "amount": money(1000),
                    "cycle_days_passed": 18,
                    "cycle_days_total": 30,
                    "cycle_passed_percent": 60.0,
                },
                "total": money(1000),
            },
        })
    }

    fn plan() -> serde_json::Value {
        json!({
            "object": "commerce_plan",
            "id": "cplan_pro",
            "name": "Pro",
            "fee": money(2000),
            "annual_monthly_fee": money(1667),
            "annual_fee": money(20000),
            "description": null,
            "product_id": "cprod_1",
            "is_default": false,
            "is_recurring": true,
            "publicly_visible": true,
            "has_base_fee": true,
            "for_payer_type": "user",
            "slug": "pro",
            "avatar_url": null,
            "features": [{
                "object": "feature",
                "id": "feat_1",
                "name": "Priority support",
                "description": "Answers within a day",
                "slug": "priority_support",
                "avatar_url": null,
            }],
            "free_trial_enabled": true,
            "free_trial_days": 14,
            "unit_prices": [{
                "name": "seats",
                "block_size": 1,
                "tiers": [
                    {"starts_at_block": 1, "ends_after_block": 5, "fee_per_block": money(0)},
                    {"starts_at_block": 6, "ends_after_block": null, "fee_per_block": money(100)},
                ],
            }],
        })
    }

    fn payment_method() -> serde_json::Value {
        json!({
            "object": "commerce_payment_method",
            "id": "cpm_1",
            "payer_id": "cpayer_1",
            "payment_type": "card",
            "is_default": true,
            "gateway": "stripe",
            "gateway_external_id": "pm_abc",
            "gateway_external_account_id": null,
            "last4": "4242",
            "status": "active",
            "wallet_type": null,
            "card_type": "visa",
            "expiry_year": 2030,
            "expiry_month": 12,
            "created_at": 1_700_000_000_000_i64,
            "updated_at": 1_700_000_000_000_i64,
            "is_removable": false,
        })
    }

    fn payer() -> serde_json::Value {
        json!({
            "object": "commerce_payer",
            "id": "cpayer_1",
            "instance_id": "ins_1",
            "user_id": "user_1",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.com",
            "organization_id": null,
            "organization_name": null,
            "image_url": "https://img.clerk.com/ada",
            "credits_balance": money(800),
            "created_at": 1_690_000_000_000_i64,
            "updated_at": 1_700_000_000_000_i64,
        })
    }

    fn item() -> serde_json::Value {
        json!({
            "object": "commerce_subscription_item",
            "id": "csubi_1",
            "instance_id": "ins_1",
            "status": "active",
            "credit": {"amount": money(300), "cycle_remaining_percent": 40.0},
            "credits": {
                "proration": null,
                "payer": {"remaining_balance": money(0), "applied_amount": money(100)},
                "total": money(100),
            },
            "plan_id": "cplan_pro",
            "price_id": "cprice_1",
            "plan": plan(),
            "plan_period": "annual",
            "payment_method": payment_method(),
            "lifetime_paid": money(4000),
            "next_payment": {
                "amount": money(2000),
                "date": 1_702_592_000_000_i64,
                "per_unit_totals": [],
                "totals": totals(),
            },
            "payer_id": "cpayer_1",
            "payer": payer(),
            "is_free_trial": false,
            "period_start": 1_700_000_000_000_i64,
            "period_end": 1_731_536_000_000_i64,
            "proration_date": "2023-11-14",
            "canceled_at": null,
            "past_due_at": null,
            "ended_at": null,
            "created_at": 1_700_000_000_000_i64,
            "updated_at": 1_700_000_100_000_i64,
            "seats": {
                "quantity": 8,
                "tiers": [{"quantity": 3, "fee_per_block": money(100), "total": money(300)}],
            },
            "totals": totals(),
        })
    }

    fn full_subscription() -> serde_json::Value {
        json!({
            "object": "commerce_subscription",
            "id": "csub_123",
            "instance_id": "ins_1",
            "status": "active",
            "payer_id": "cpayer_1",
            "created_at": 1_700_000_000_000_i64,
            "updated_at": 1_700_000_100_000_i64,
            "active_at": 1_700_000_000_000_i64,
            "past_due_at": null,
            "eligible_for_free_trial": false,
            "next_payment": {
                "date": 1_702_592_000_000_i64,
                "amount": money(2000),
                "per_unit_totals": [{
                    "name": "seats",
                    "block_size": 1,
                    "tiers": [{"quantity": 3, "fee_per_block": money(100), "total": money(300)}],
                }],
                "totals": totals(),
            },
            "subscription_items": [item()],
        })
    }

    #[test]
    fn decodes_full_subscription() {
        let sub: BillingSubscription = serde_json::from_value(full_subscription()).unwrap();
        assert_eq!(sub.id, "csub_123");
        assert_eq!(sub.status, SubscriptionStatus::Active);
        assert_eq!(sub.active_at, Some(1_700_000_000_000));
        assert_eq!(sub.past_due_at, None);
        assert!(sub.extra.is_empty());

        let next = sub.next_payment.as_ref().unwrap();
        assert_eq!(next.amount.amount, 2000);
        let totals = next.totals.as_ref().unwrap();
        assert_eq!(totals.grand_total.amount_formatted, "20.00");
        assert_eq!(
            totals.per_unit_totals.as_ref().unwrap()[0].tiers[1].quantity,
            None
        );
        let discount = totals.discounts.as_ref().unwrap().proration.as_ref().unwrap();
        assert_eq!(discount.cycle_passed_percent, 60.0);
        let credits = totals.credits.as_ref().unwrap();
        assert_eq!(credits.proration.as_ref().unwrap().cycle_days_remaining, 12);
        assert_eq!(credits.payer.as_ref().unwrap().applied_amount.amount, 200);

        let item = &sub.subscription_items[0];
        assert!(item.extra.is_empty());
        assert_eq!(item.status, SubscriptionItemStatus::Active);
        assert_eq!(item.plan_period, PlanPeriod::Annual);
        assert_eq!(item.credit.as_ref().unwrap().cycle_remaining_percent, Some(40.0));
        assert_eq!(item.credits.as_ref().unwrap().proration, None);
        assert_eq!(item.proration_date.as_deref(), Some("2023-11-14"));
        assert_eq!(item.canceled_at, None);

        let plan = item.plan.as_ref().unwrap();
        assert_eq!(plan.slug, "pro");
        assert_eq!(plan.description, None);
        assert_eq!(plan.free_trial_days, Some(14));
        assert_eq!(plan.features.as_ref().unwrap()[0].slug, "priority_support");
        let unit_price = &plan.unit_prices.as_ref().unwrap()[0];
        assert_eq!(unit_price.tiers[0].ends_after_block, Some(5));
        assert_eq!(unit_price.tiers[1].ends_after_block, None);
        assert_eq!(unit_price.tiers[1].fee_per_block.amount, 100);

        let pm = item.payment_method.as_ref().unwrap();
        assert_eq!(pm.payment_type, PaymentType::Card);
        assert_eq!(pm.status, PaymentMethodStatus::Active);
        assert_eq!(pm.last4.as_deref(), Some("4242"));
        assert_eq!(pm.expiry_year, Some(2030));

        let payer = item.payer.as_ref().unwrap();
        assert_eq!(payer.email.as_deref(), Some("ada@example.com"));
        assert_eq!(payer.organization_id, None);
        assert_eq!(payer.credits_balance.as_ref().unwrap().amount, 800);

        let item_next = item.next_payment.as_ref().unwrap();
        assert_eq!(item_next.date, Some(1_702_592_000_000));
        assert_eq!(item_next.per_unit_totals.as_deref(), Some(&[][..]));

        let seats = item.seats.as_ref().unwrap();
        assert_eq!(seats.quantity, Some(8));
        assert_eq!(seats.tiers.as_ref().unwrap()[0].total.amount, 300);
        assert_eq!(item.totals.as_ref().unwrap().tax_total.amount, 0);
        assert_eq!(item.lifetime_paid.as_ref().unwrap().amount, 4000);

        // Nothing is lost on the way back (`opt` fields sent as `null` are left out, which decodes the same).
        let again: BillingSubscription = serde_json::from_value(serde_json::to_value(&sub).unwrap()).unwrap();
        assert_eq!(again, sub);
    }

    #[test]
    fn unknown_status_and_field_survive_round_trip() {
        let input = json!({
            "object": "commerce_subscription",
            "id": "csub_9",
            "instance_id": "ins_1",
            "status": "paused",
            "payer_id": "cpayer_1",
            "created_at": 1,
            "updated_at": 2,
            "active_at": null,
            "past_due_at": null,
            "subscription_items": [{
                "object": "commerce_subscription_item",
                "id": "csubi_9",
                "instance_id": "ins_1",
                "status": "frozen",
                "plan_id": null,
                "plan_period": "weekly",
                "payer_id": "cpayer_1",
                "is_free_trial": true,
                "period_start": 1,
                "period_end": null,
                "canceled_at": null,
                "past_due_at": null,
                "ended_at": null,
            }],
            "billing_anchor": {"day": 14},
        });
        let sub: BillingSubscription = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(sub.status, SubscriptionStatus::Unknown("paused".into()));
        assert_eq!(sub.extra["billing_anchor"], json!({"day": 14}));
        let item = &sub.subscription_items[0];
        assert_eq!(item.status, SubscriptionItemStatus::Unknown("frozen".into()));
        assert_eq!(item.plan_period, PlanPeriod::Unknown("weekly".into()));
        assert_eq!(item.plan_id, None);
        assert_eq!(serde_json::to_value(&sub).unwrap(), input);
    }

    #[test]
    fn credit_balance_null() {
        let balance: CreditBalance =
            serde_json::from_value(json!({"object": "commerce_credit_balance", "balance": null})).unwrap();
        assert_eq!(balance.object, "commerce_credit_balance");
        assert_eq!(balance.balance, None);
        assert_eq!(
            serde_json::to_value(&balance).unwrap(),
            json!({"object": "commerce_credit_balance", "balance": null})
        );
    }
}
