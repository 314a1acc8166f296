//! Walking every user of a `list` by cursor (`starting_after`): each page starts after the last
//! user of the previous one, so users created or deleted during the walk never make it skip or
//! repeat another (offset paging does both, and slows down as the offset grows).
//!
//! [`UserPages`] is the walk as data, which the bindings drive with their own calls;
//! [`crate::Users::list_all`] drives it for Rust.

use crate::error::{Error, Result};
use crate::requests::ListUsersRequest;

/// The page size of `list_all` unless told otherwise: the largest Clerk serves.
pub const DEFAULT_PAGE_SIZE: u32 = 500;

/// The orderings a cursor can walk: Clerk takes `starting_after` only with `created_at`.
const WALKABLE_ORDERS: &[&str] = &["-created_at", "+created_at", "created_at"];

/// The requests of a walk over every user matching a `list` request.
#[derive(Debug, Clone)]
pub struct UserPages {
    next: Option<ListUsersRequest>,
}

impl UserPages {
    /// A walk over what `request` filters, `page_size` users a page (1 to 500). Its `limit` is
    /// replaced by the page size; an `offset` other than 0, or an ordering other than by
    /// `created_at`, is refused: neither can be walked by cursor.
    pub fn new(mut request: ListUsersRequest, page_size: u32) -> Result<Self> {
        if !(1..=500).contains(&page_size) {
            return Err(Error::invalid(
                "page_size",
                format!("must be between 1 and 500, got {page_size}"),
            ));
        }
        if let Some(order) = request
            .order_by
            .as_deref()
            .filter(|order| !WALKABLE_ORDERS.contains(order))
        {
            return Err(Error::invalid(
                "order_by",
                format!(
                    "list_all walks by created_at (\"-created_at\" or \"+created_at\"), got {order:?}; \
                     use list with limit and offset for other orderings"
                ),
            ));
        }
        if request.offset.is_some_and(|offset| offset != 0) {
            return Err(Error::invalid(
                "offset",
                "list_all walks by cursor: leave offset out (give starting_after to resume)",
            ));
        }
        request.limit = Some(page_size);
        request.offset = None;
        Ok(Self { next: Some(request) })
    }

    /// The request of the next page, or `None` once the walk is over.
    pub fn next_request(&self) -> Option<&ListUsersRequest> {
        self.next.as_ref()
    }

    /// The arguments of the next page's `list`, by wire name, for bindings that call `list` with
    /// their own arguments: `offset` is `null` (left out, not its default of 0).
    pub fn next_args(&self) -> Option<serde_json::Value> {
        let mut args = serde_json::to_value(self.next.as_ref()?).ok()?;
        if let Some(object) = args.as_object_mut() {
            object.insert("offset".to_owned(), serde_json::Value::Null);
        }
        Some(args)
    }

    /// Records the page just received: `count` users, the last of them `last_id`. A page shorter
    /// than the page size is the last one. So is a full page whose last user has no ID, or the
    /// ID the page started after: a cursor that does not move would ask for the same page forever.
    pub fn advance(&mut self, count: usize, last_id: Option<&str>) {
        let Some(request) = &mut self.next else {
            return;
        };
        let full = request.limit.is_some_and(|limit| count >= limit as usize);
        let moved = last_id.filter(|id| !id.is_empty() && request.starting_after.as_deref() != Some(*id));
        match moved {
            Some(id) if full => request.starting_after = Some(id.to_owned()),
            _ => self.next = None,
        }
    }
}

/// A [`UserPages`] behind a lock, for bindings whose objects are shared between threads.
#[derive(Debug)]
pub struct SharedUserPages(std::sync::Mutex<UserPages>);

impl SharedUserPages {
    pub fn new(pages: UserPages) -> Self {
        Self(std::sync::Mutex::new(pages))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, UserPages> {
        // A walk left by a panicking holder is still a valid walk.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// See [`UserPages::next_args`].
    pub fn next_args(&self) -> Option<serde_json::Value> {
        self.lock().next_args()
    }

    /// See [`UserPages::advance`].
    pub fn advance(&self, count: usize, last_id: Option<&str>) {
        self.lock().advance(count, last_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_the_last_id_until_a_short_page() {
        let mut pages = UserPages::new(ListUsersRequest::default(), 2).unwrap();
        let first = pages.next_request().unwrap().clone();
        assert_eq!(
            (first.limit, first.offset, first.starting_after),
            (Some(2), None, None)
        );
        pages.advance(2, Some("user_b"));
        assert_eq!(
            pages.next_request().unwrap().starting_after.as_deref(),
            Some("user_b")
        );
        let args = pages.next_args().unwrap();
        assert_eq!(args["starting_after"], "user_b");
        assert_eq!(args["limit"], 2);
        assert!(args["offset"].is_null());
        let again: ListUsersRequest = serde_json::from_value(args).unwrap();
        assert_eq!(&again, pages.next_request().unwrap());
        pages.advance(1, Some("user_c"));
        assert!(pages.next_request().is_none() && pages.next_args().is_none());
    }

    #[test]
    fn a_cursor_that_does_not_move_ends_the_walk() {
        let mut pages = UserPages::new(ListUsersRequest::default(), 2).unwrap();
        pages.advance(2, Some(""));
        assert!(pages.next_request().is_none(), "a last user without an ID");
        let mut pages = UserPages::new(ListUsersRequest::default(), 2).unwrap();
        pages.advance(2, Some("user_a"));
        pages.advance(2, Some("user_a"));
        assert!(pages.next_request().is_none(), "the same page again");
    }

    #[test]
    fn what_a_cursor_cannot_walk_is_refused() {
        let by_name = ListUsersRequest {
            order_by: Some("+first_name".into()),
            ..Default::default()
        };
        assert!(matches!(
            UserPages::new(by_name, 10),
            Err(Error::InvalidArgument { .. })
        ));
        let offset = ListUsersRequest {
            offset: Some(20),
            ..Default::default()
        };
        assert!(UserPages::new(offset, 10).is_err());
        assert!(UserPages::new(ListUsersRequest::default(), 0).is_err());
        assert!(UserPages::new(ListUsersRequest::default(), 501).is_err());
    }
}
