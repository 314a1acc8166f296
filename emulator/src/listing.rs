//! `list` and `count`: query parsing, filters, ordering and pages.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use clerk_backend::models::User;

use crate::error::{ApiError, ApiResult};
use crate::store::{Store, UserRecord};

/// The query string as (key, value) pairs; repeated keys are kept in order.
pub fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

pub fn int_param(name: &str, value: &str) -> ApiResult<i64> {
    value
        .parse()
        .map_err(|_| ApiError::format_invalid(name, format!("{name} must be an integer, got {value:?}.")))
}

pub fn bool_param(name: &str, value: &str) -> ApiResult<bool> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ApiError::format_invalid(
            name,
            format!("{name} must be true or false, got {value:?}."),
        )),
    }
}

/// `limit` (1..=500, default 10) and `offset` (>= 0, default 0).
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub limit: usize,
    pub offset: usize,
}

impl Page {
    pub fn parse(pairs: &[(String, String)]) -> ApiResult<Self> {
        let mut page = Page { limit: 10, offset: 0 };
        for (key, value) in pairs {
            match key.as_str() {
                "limit" => {
                    let limit = int_param("limit", value)?;
                    if !(1..=500).contains(&limit) {
                        return Err(ApiError::invalid("limit", "limit must be between 1 and 500."));
                    }
                    page.limit = limit as usize;
                }
                "offset" => {
                    let offset = int_param("offset", value)?;
                    if offset < 0 {
                        return Err(ApiError::invalid("offset", "offset must be 0 or more."));
                    }
                    page.offset = offset as usize;
                }
                _ => {}
            }
        }
        Ok(page)
    }

    pub fn apply<T>(&self, items: Vec<T>) -> Vec<T> {
        items.into_iter().skip(self.offset).take(self.limit).collect()
    }
}

/// Values of an array filter, split by their `+` (or no) prefix and `-` prefix.
#[derive(Debug, Default)]
struct IncludeExclude {
    include: HashSet<String>,
    exclude: HashSet<String>,
}

impl IncludeExclude {
    fn add(&mut self, value: &str) {
        match value.strip_prefix('-') {
            Some(rest) => self.exclude.insert(rest.to_owned()),
            None => self
                .include
                .insert(value.strip_prefix('+').unwrap_or(value).to_owned()),
        };
    }

    fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// Whether a user whose values are `values` passes.
    fn passes<'a>(&self, mut values: impl Iterator<Item = &'a str> + Clone) -> bool {
        if !self.include.is_empty() && !values.clone().any(|v| self.include.contains(v)) {
            return false;
        }
        !values.any(|v| self.exclude.contains(v))
    }
}

/// The filters shared by `list` and `count`.
#[derive(Debug, Default)]
pub struct Filter {
    email_address: HashSet<String>,
    phone_number: HashSet<String>,
    username: HashSet<String>,
    web3_wallet: HashSet<String>,
    external_id: IncludeExclude,
    user_id: IncludeExclude,
    organization_id: IncludeExclude,
    query: Option<String>,
    email_address_query: Option<String>,
    phone_number_query: Option<String>,
    username_query: Option<String>,
    name_query: Option<String>,
    banned: Option<bool>,
    last_active_at_before: Option<i64>,
    last_active_at_after: Option<i64>,
    created_at_before: Option<i64>,
    created_at_after: Option<i64>,
    last_sign_in_at_before: Option<i64>,
    last_sign_in_at_after: Option<i64>,
    provider: Option<String>,
    provider_user_id: HashSet<String>,
}

const MAX_ARRAY: usize = 100;

impl Filter {
    pub fn parse(pairs: &[(String, String)]) -> ApiResult<Self> {
        let mut f = Filter::default();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (key, value) in pairs {
            let key = key.as_str();
            let lower = || value.to_lowercase();
            match key {
                "email_address" => _ = f.email_address.insert(lower()),
                "phone_number" => _ = f.phone_number.insert(value.clone()),
                "username" => _ = f.username.insert(lower()),
                "web3_wallet" => _ = f.web3_wallet.insert(lower()),
                "external_id" => f.external_id.add(value),
                "user_id" => f.user_id.add(value),
                "organization_id" => f.organization_id.add(value),
                "provider_user_id" => _ = f.provider_user_id.insert(value.clone()),
                "query" => f.query = Some(lower()),
                "email_address_query" => f.email_address_query = Some(lower()),
                "phone_number_query" => f.phone_number_query = Some(lower()),
                "username_query" => f.username_query = Some(lower()),
                "name_query" => f.name_query = Some(lower()),
                "provider" => f.provider = Some(value.clone()),
                "banned" => f.banned = Some(bool_param(key, value)?),
                "last_active_at_before" => f.last_active_at_before = Some(int_param(key, value)?),
                "last_active_at_after" | "last_active_at_since" => {
                    f.last_active_at_after = Some(int_param(key, value)?)
                }
                "created_at_before" => f.created_at_before = Some(int_param(key, value)?),
                "created_at_after" => f.created_at_after = Some(int_param(key, value)?),
                "last_sign_in_at_before" => f.last_sign_in_at_before = Some(int_param(key, value)?),
                "last_sign_in_at_after" => f.last_sign_in_at_after = Some(int_param(key, value)?),
                _ => continue,
            }
            let n = counts.entry(key).or_default();
            *n += 1;
            if *n > MAX_ARRAY {
                return Err(ApiError::too_many_values(key));
            }
        }
        if f.provider.is_some() && f.provider_user_id.is_empty() {
            return Err(ApiError::missing("provider_user_id"));
        }
        if f.provider.is_none() && !f.provider_user_id.is_empty() {
            return Err(ApiError::missing("provider"));
        }
        Ok(f)
    }

    /// The organization IDs of each user, when the filter needs them.
    fn organizations<'a>(&self, store: &'a Store) -> HashMap<&'a str, Vec<&'a str>> {
        let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
        if self.organization_id.is_empty() {
            return out;
        }
        for m in &store.memberships {
            if let Some(data) = &m.public_user_data {
                out.entry(data.user_id.as_str())
                    .or_default()
                    .push(m.organization.id.as_str());
            }
        }
        out
    }

    fn matches(&self, u: &User, orgs: &HashMap<&str, Vec<&str>>) -> bool {
        let emails = || u.email_addresses.iter().map(|e| e.email_address.to_lowercase());
        let phones = || u.phone_numbers.iter().map(|p| p.phone_number.as_str());
        let wallets = || u.web3_wallets.iter().map(|w| w.web3_wallet.to_lowercase());
        let username = u.username.as_deref().map(str::to_lowercase);
        let contains = |haystack: &str, needle: &str| haystack.to_lowercase().contains(needle);

        if !self.email_address.is_empty() && !emails().any(|e| self.email_address.contains(&e)) {
            return false;
        }
        if !self.phone_number.is_empty() && !phones().any(|p| self.phone_number.contains(p)) {
            return false;
        }
        if !self.web3_wallet.is_empty() && !wallets().any(|w| self.web3_wallet.contains(&w)) {
            return false;
        }
        if !self.username.is_empty() && !username.as_ref().is_some_and(|n| self.username.contains(n)) {
            return false;
        }
        if !self.external_id.passes(u.external_id.iter().map(String::as_str)) {
            return false;
        }
        if !self.user_id.passes(std::iter::once(u.id.as_str())) {
            return false;
        }
        if !self.organization_id.is_empty() {
            let ids = orgs.get(u.id.as_str()).map(Vec::as_slice).unwrap_or_default();
            if !self.organization_id.passes(ids.iter().copied()) {
                return false;
            }
        }
        let names = [u.first_name.as_deref(), u.last_name.as_deref()];
        let full_name = names.iter().flatten().copied().collect::<Vec<_>>().join(" ");
        if let Some(q) = &self.query {
            let hit = emails().any(|e| e.contains(q.as_str()))
                || phones().any(|p| contains(p, q))
                || wallets().any(|w| w.contains(q.as_str()))
                || username.as_deref().is_some_and(|n| n.contains(q.as_str()))
                || contains(&u.id, q)
                || contains(&full_name, q);
            if !hit {
                return false;
            }
        }
        if let Some(q) = &self.email_address_query
            && !emails().any(|e| e.contains(q.as_str()))
        {
            return false;
        }
        if let Some(q) = &self.phone_number_query
            && !phones().any(|p| contains(p, q))
        {
            return false;
        }
        if let Some(q) = &self.username_query
            && !username.as_deref().is_some_and(|n| n.contains(q.as_str()))
        {
            return false;
        }
        if let Some(q) = &self.name_query
            && !contains(&full_name, q)
        {
            return false;
        }
        if self.banned.is_some_and(|b| b != u.banned) {
            return false;
        }
        let in_range = |value: Option<i64>, before: Option<i64>, after: Option<i64>| {
            if before.is_none() && after.is_none() {
                return true;
            }
            value.is_some_and(|v| before.is_none_or(|b| v < b) && after.is_none_or(|a| v > a))
        };
        if !in_range(
            u.last_active_at,
            self.last_active_at_before,
            self.last_active_at_after,
        ) || !in_range(Some(u.created_at), self.created_at_before, self.created_at_after)
            || !in_range(
                u.last_sign_in_at,
                self.last_sign_in_at_before,
                self.last_sign_in_at_after,
            )
        {
            return false;
        }
        if let Some(provider) = &self.provider {
            let hit = u
                .external_accounts
                .iter()
                .any(|a| &a.provider == provider && self.provider_user_id.contains(&a.provider_user_id));
            if !hit {
                return false;
            }
        }
        true
    }

    /// The records that pass, in no particular order.
    pub fn select<'a>(&self, store: &'a Store) -> Vec<&'a UserRecord> {
        let orgs = self.organizations(store);
        store
            .users
            .values()
            .filter(|r| self.matches(&r.user, &orgs))
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortField {
    CreatedAt,
    UpdatedAt,
    EmailAddress,
    Web3Wallet,
    FirstName,
    LastName,
    PhoneNumber,
    Username,
    LastActiveAt,
    LastSignInAt,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    Int(Option<i64>),
    Str(Option<String>),
}

fn primary<T>(
    items: &[T],
    primary_id: Option<&str>,
    id: impl Fn(&T) -> Option<&str>,
    value: impl Fn(&T) -> String,
) -> Option<String> {
    let primary_id = primary_id?;
    items
        .iter()
        .find(|i| id(i) == Some(primary_id))
        .map(|i| value(i).to_lowercase())
}

impl SortField {
    fn key(self, u: &User) -> SortKey {
        match self {
            SortField::CreatedAt => SortKey::Int(Some(u.created_at)),
            SortField::UpdatedAt => SortKey::Int(Some(u.updated_at)),
            SortField::LastActiveAt => SortKey::Int(u.last_active_at),
            SortField::LastSignInAt => SortKey::Int(u.last_sign_in_at),
            SortField::FirstName => SortKey::Str(u.first_name.as_deref().map(str::to_lowercase)),
            SortField::LastName => SortKey::Str(u.last_name.as_deref().map(str::to_lowercase)),
            SortField::Username => SortKey::Str(u.username.as_deref().map(str::to_lowercase)),
            SortField::EmailAddress => SortKey::Str(primary(
                &u.email_addresses,
                u.primary_email_address_id.as_deref(),
                |e| e.id.as_deref(),
                |e| e.email_address.clone(),
            )),
            SortField::PhoneNumber => SortKey::Str(primary(
                &u.phone_numbers,
                u.primary_phone_number_id.as_deref(),
                |p| p.id.as_deref(),
                |p| p.phone_number.clone(),
            )),
            SortField::Web3Wallet => SortKey::Str(primary(
                &u.web3_wallets,
                u.primary_web3_wallet_id.as_deref(),
                |w| w.id.as_deref(),
                |w| w.web3_wallet.clone(),
            )),
        }
    }
}

/// Compares keys with missing values last when ascending (and so first when descending), as
/// Postgres does.
fn compare_keys(a: &SortKey, b: &SortKey) -> Ordering {
    match (a, b) {
        (SortKey::Int(a), SortKey::Int(b)) => nulls_last(a, b),
        (SortKey::Str(a), SortKey::Str(b)) => nulls_last(a, b),
        _ => Ordering::Equal,
    }
}

fn nulls_last<T: Ord>(a: &Option<T>, b: &Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
    }
}

/// `order_by`, `limit`, `offset` and `starting_after` of `list`.
#[derive(Debug)]
pub struct ListOptions {
    field: SortField,
    descending: bool,
    page: Page,
    starting_after: Option<String>,
}

impl ListOptions {
    pub fn parse(pairs: &[(String, String)]) -> ApiResult<Self> {
        let page = Page::parse(pairs)?;
        // Clerk keeps only the first `order_by`.
        let order_by = pairs
            .iter()
            .find(|(k, _)| k == "order_by")
            .map_or("-created_at", |(_, v)| v.as_str());
        let (descending, name) = match order_by.as_bytes().first() {
            Some(b'-') => (true, &order_by[1..]),
            Some(b'+') => (false, &order_by[1..]),
            _ => (false, order_by),
        };
        let field = match name {
            "created_at" => SortField::CreatedAt,
            "updated_at" => SortField::UpdatedAt,
            "email_address" => SortField::EmailAddress,
            "web3wallet" => SortField::Web3Wallet,
            "first_name" => SortField::FirstName,
            "last_name" => SortField::LastName,
            "phone_number" => SortField::PhoneNumber,
            "username" => SortField::Username,
            "last_active_at" => SortField::LastActiveAt,
            "last_sign_in_at" => SortField::LastSignInAt,
            _ => {
                return Err(ApiError::invalid(
                    "order_by",
                    format!("order_by {order_by:?} is not supported."),
                ));
            }
        };
        let starting_after = pairs
            .iter()
            .find(|(k, _)| k == "starting_after")
            .map(|(_, v)| v.clone());
        if starting_after.is_some() {
            if field != SortField::CreatedAt {
                return Err(ApiError::invalid(
                    "starting_after",
                    "starting_after can only be used when ordering by created_at.",
                ));
            }
            if page.offset != 0 {
                return Err(ApiError::invalid(
                    "starting_after",
                    "starting_after cannot be combined with a non-zero offset.",
                ));
            }
        }
        Ok(Self {
            field,
            descending,
            page,
            starting_after,
        })
    }

    /// Orders the records and cuts the page.
    pub fn apply<'a>(
        &self,
        store: &Store,
        mut records: Vec<&'a UserRecord>,
    ) -> ApiResult<Vec<&'a UserRecord>> {
        let descending = self.descending;
        let mut keyed: Vec<(SortKey, &UserRecord)> =
            records.drain(..).map(|r| (self.field.key(&r.user), r)).collect();
        keyed.sort_by(|(ka, a), (kb, b)| {
            let by_key = compare_keys(ka, kb).then(a.seq.cmp(&b.seq));
            if descending { by_key.reverse() } else { by_key }
        });
        let mut sorted: Vec<&UserRecord> = keyed.into_iter().map(|(_, r)| r).collect();
        if let Some(cursor) = &self.starting_after {
            let anchor = store
                .users
                .get(cursor)
                .ok_or_else(|| ApiError::invalid("starting_after", format!("No user with ID {cursor:?}.")))?;
            let anchor_key = (anchor.user.created_at, anchor.seq);
            sorted.retain(|r| {
                let key = (r.user.created_at, r.seq);
                if descending {
                    key < anchor_key
                } else {
                    key > anchor_key
                }
            });
        }
        Ok(self.page.apply(sorted))
    }
}
