//! Walking every user of a `list` by cursor (`starting_after`): each page starts after the last
//! user of the previous one, so users created or deleted during the walk never make it skip or
//! repeat another (offset paging does both, and slows down as the offset grows).
//!
//! A cursor can go stale: the last user of a page may be deleted before the next page is asked
//! for (a walk that deletes what it reads does exactly that). Clerk's docs do not say what it
//! answers then (the emulator refuses the cursor with a 422), so the walk recovers once from a
//! client error on a cursor it set: it asks again by creation time, from the last user's
//! millisecond on, and drops the users of the previous page that this page repeats.
//!
//! [`UserPages`] is the walk as data, which the bindings drive with their own calls;
//! [`crate::Users::list_all`] drives it for Rust.

use crate::error::{Error, Result};
use crate::requests::ListUsersRequest;

/// The page size of `list_all` unless told otherwise: the largest Clerk serves.
pub const DEFAULT_PAGE_SIZE: u32 = MAX_PAGE_SIZE;

/// The largest page Clerk serves (`limit` is 1 to 500).
pub const MAX_PAGE_SIZE: u32 = 500;

/// The orderings a cursor can walk: Clerk takes `starting_after` only with `created_at`.
const WALKABLE_ORDERS: &[&str] = &["-created_at", "+created_at", "created_at"];

/// The requests of a walk over every user matching a `list` request.
#[derive(Debug, Clone)]
pub struct UserPages {
    next: Option<ListUsersRequest>,
    /// Newest first (`-created_at`, the default); `created_at` without a sign is ascending.
    descending: bool,
    /// The caller's own bounds, put back after a re-anchored page.
    created_at_before: Option<i64>,
    created_at_after: Option<i64>,
    /// Whether `next`'s `starting_after` was set by the walk (a caller's first cursor is not
    /// recovered: there is no page before it to re-anchor on).
    walk_cursor: bool,
    /// While `next` is a re-anchored request: the cursor it replaces.
    reanchored_from: Option<String>,
    /// The IDs of the page just received (only that page: memory stays at one page).
    previous_ids: Vec<String>,
    /// The `created_at` (ms) of the last user of the page just received.
    last_created_at: Option<i64>,
}

impl UserPages {
    /// A walk over what `request` filters, `page_size` users a page (1 to 500). Its `limit` is
    /// replaced by the page size; an `offset` other than 0, or an ordering other than by
    /// `created_at`, is refused: neither can be walked by cursor.
    pub fn new(mut request: ListUsersRequest, page_size: u32) -> Result<Self> {
        if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
            return Err(Error::invalid(
                "page_size",
                format!("must be between 1 and {MAX_PAGE_SIZE}, got {page_size}"),
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
        Ok(Self {
            descending: request
                .order_by
                .as_deref()
                .is_none_or(|order| order.starts_with('-')),
            created_at_before: request.created_at_before,
            created_at_after: request.created_at_after,
            walk_cursor: false,
            reanchored_from: None,
            previous_ids: Vec::new(),
            last_created_at: None,
            next: Some(request),
        })
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

    /// Records the page just received: the IDs of its users, in order, and the `created_at` (ms)
    /// of its last user. Returns the positions of the users not to yield: after a re-anchored
    /// request, those the previous page already gave (otherwise none).
    ///
    /// A page shorter than the page size is the last one. So is a full page whose last user has
    /// no ID, or the ID the page started after: a cursor that does not move would ask for the
    /// same page forever.
    pub fn advance<S: AsRef<str>>(&mut self, ids: &[S], last_created_at: Option<i64>) -> Vec<usize> {
        let Some(request) = &mut self.next else {
            return Vec::new();
        };
        let (skip, started_after) = match self.reanchored_from.take() {
            Some(stale) => {
                request.created_at_before = self.created_at_before;
                request.created_at_after = self.created_at_after;
                let skip = ids
                    .iter()
                    .enumerate()
                    .filter(|(_, id)| self.previous_ids.iter().any(|seen| seen == id.as_ref()))
                    .map(|(at, _)| at)
                    .collect();
                (skip, Some(stale))
            }
            None => (Vec::new(), request.starting_after.take()),
        };
        let full = request.limit.is_some_and(|limit| ids.len() >= limit as usize);
        let moved = ids
            .last()
            .map(AsRef::as_ref)
            .filter(|id| !id.is_empty() && started_after.as_deref() != Some(*id));
        match moved {
            Some(id) if full => {
                request.starting_after = Some(id.to_owned());
                self.walk_cursor = true;
                self.previous_ids.clear();
                self.previous_ids
                    .extend(ids.iter().map(|id| id.as_ref().to_owned()));
                self.last_created_at = last_created_at;
            }
            _ => {
                self.next = None;
                self.previous_ids = Vec::new();
            }
        }
        skip
    }

    /// Whether the walk can go on after its next request failed with HTTP `status`. It can once
    /// per page, when the request carried a cursor the walk set and the status is a client error
    /// other than 401, 403 and 429 (which a new request would get too; how Clerk refuses a cursor
    /// whose user was deleted is not documented, so any other 4XX counts): the next request then leaves the cursor out and asks for the
    /// users created from the last user's millisecond on, in the walk's order (within the
    /// caller's own bounds). The re-anchored request itself is not recovered.
    pub fn recover(&mut self, status: u16) -> bool {
        let recoverable = (400..500).contains(&status) && !matches!(status, 401 | 403 | 429);
        let (Some(request), Some(last)) = (&mut self.next, self.last_created_at) else {
            return false;
        };
        if !recoverable || !self.walk_cursor {
            return false;
        }
        self.walk_cursor = false;
        self.reanchored_from = request.starting_after.take();
        // The bounds are exclusive ("created before the given date"): one millisecond beyond the
        // last user's keeps the users created in the same millisecond, which the cursor would
        // have returned.
        if self.descending {
            let bound = last.saturating_add(1);
            request.created_at_before = Some(self.created_at_before.map_or(bound, |own| own.min(bound)));
        } else {
            let bound = last.saturating_sub(1);
            request.created_at_after = Some(self.created_at_after.map_or(bound, |own| own.max(bound)));
        }
        true
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
    pub fn advance<S: AsRef<str>>(&self, ids: &[S], last_created_at: Option<i64>) -> Vec<usize> {
        self.lock().advance(ids, last_created_at)
    }

    /// See [`UserPages::recover`].
    pub fn recover(&self, status: u16) -> bool {
        self.lock().recover(status)
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
        assert!(pages.advance(&["user_a", "user_b"], Some(20)).is_empty());
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
        assert!(pages.advance(&["user_c"], Some(10)).is_empty());
        assert!(pages.next_request().is_none() && pages.next_args().is_none());
    }

    #[test]
    fn a_cursor_that_does_not_move_ends_the_walk() {
        let mut pages = UserPages::new(ListUsersRequest::default(), 2).unwrap();
        pages.advance(&["user_a", ""], None);
        assert!(pages.next_request().is_none(), "a last user without an ID");
        let mut pages = UserPages::new(ListUsersRequest::default(), 2).unwrap();
        pages.advance(&["user_b", "user_a"], None);
        pages.advance(&["user_b", "user_a"], None);
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
        assert!(UserPages::new(ListUsersRequest::default(), MAX_PAGE_SIZE + 1).is_err());
        assert!(UserPages::new(ListUsersRequest::default(), DEFAULT_PAGE_SIZE).is_ok());
    }

    /// The (starting_after, created_at_before, created_at_after) of the next request.
    fn bounds(pages: &UserPages) -> (Option<&str>, Option<i64>, Option<i64>) {
        let next = pages.next_request().expect("a next request");
        (
            next.starting_after.as_deref(),
            next.created_at_before,
            next.created_at_after,
        )
    }

    #[test]
    fn a_stale_cursor_is_re_anchored_on_the_last_user_s_millisecond() {
        // Newest first: users created at 100 (c), 90 (b), 90 (a); then a, the cursor, is deleted.
        let mut pages = UserPages::new(ListUsersRequest::default(), 3).unwrap();
        pages.advance(&["user_c", "user_b", "user_a"], Some(90));
        assert_eq!(bounds(&pages), (Some("user_a"), None, None));
        assert!(pages.recover(422));
        // Created before 91: from a's millisecond on, down.
        assert_eq!(bounds(&pages), (None, Some(91), None));
        // The page repeats b (same millisecond); a is gone. b is dropped, the rest is new.
        let skip = pages.advance(&["user_b", "user_z", "user_y"], Some(80));
        assert_eq!(skip, vec![0]);
        // The walk goes on by cursor, with the caller's (absent) bounds back.
        assert_eq!(bounds(&pages), (Some("user_y"), None, None));
        // And may recover again, for a later page.
        assert!(pages.recover(400));
        assert_eq!(bounds(&pages), (None, Some(81), None));
    }

    #[test]
    fn the_re_anchored_bound_keeps_the_caller_s_when_it_is_tighter() {
        let request = |order: &str, before: Option<i64>, after: Option<i64>| ListUsersRequest {
            order_by: Some(order.into()),
            created_at_before: before,
            created_at_after: after,
            ..Default::default()
        };
        // Newest first, the caller's `created_at_before` looser than the re-anchored bound.
        let mut pages = UserPages::new(request("-created_at", Some(1000), Some(5)), 1).unwrap();
        pages.advance(&["user_a"], Some(50));
        assert!(pages.recover(422));
        assert_eq!(bounds(&pages), (None, Some(51), Some(5)));
        pages.advance(&["user_b"], Some(40));
        assert_eq!(
            bounds(&pages),
            (Some("user_b"), Some(1000), Some(5)),
            "the caller's back"
        );

        // Oldest first: `created_at_after` one millisecond before the last user's.
        for order in ["+created_at", "created_at"] {
            let mut pages = UserPages::new(request(order, None, Some(10)), 1).unwrap();
            pages.advance(&["user_a"], Some(50));
            assert!(pages.recover(422));
            assert_eq!(bounds(&pages), (None, None, Some(49)), "{order}");
            // The caller's bound is tighter than the re-anchored one: it stays.
            let mut pages = UserPages::new(request(order, Some(70), Some(60)), 1).unwrap();
            pages.advance(&["user_a"], Some(50));
            assert!(pages.recover(422));
            assert_eq!(bounds(&pages), (None, Some(70), Some(60)), "{order}");
        }

        // Newest first with a tighter caller's bound.
        let mut pages = UserPages::new(request("-created_at", Some(30), None), 1).unwrap();
        pages.advance(&["user_a"], Some(50));
        assert!(pages.recover(400));
        assert_eq!(bounds(&pages), (None, Some(30), None));
    }

    #[test]
    fn a_walk_recovers_once_per_page_and_only_from_what_a_new_request_can_cure() {
        let walked = || {
            let mut pages = UserPages::new(ListUsersRequest::default(), 2).unwrap();
            pages.advance(&["user_b", "user_a"], Some(7));
            pages
        };
        // The re-anchored request failing too is the walk's error.
        let mut pages = walked();
        assert!(pages.recover(422));
        assert!(!pages.recover(422));
        // Any other client error may be how a server refuses a cursor (an SDKError 404, say).
        for status in [400, 404, 409, 410] {
            assert!(walked().recover(status), "{status}");
        }
        assert_eq!(bounds(&pages), (None, Some(8), None), "unchanged by the refusal");

        // A key, a permission or a rate limit would fail the new request too; a server error
        // is not a refused cursor.
        for status in [401, 403, 429, 500, 503, 200] {
            let mut pages = walked();
            assert!(!pages.recover(status), "{status}");
            assert_eq!(bounds(&pages), (Some("user_a"), None, None), "{status}");
        }

        // The caller's own first cursor: no page before it to re-anchor on.
        let resumed = ListUsersRequest {
            starting_after: Some("user_gone".into()),
            ..Default::default()
        };
        let mut pages = UserPages::new(resumed, 2).unwrap();
        assert!(!pages.recover(422));
        // Nor the first page of a walk, nor a walk that is over.
        let mut pages = UserPages::new(ListUsersRequest::default(), 2).unwrap();
        assert!(!pages.recover(400));
        pages.advance(&["user_a"], Some(1));
        assert!(!pages.recover(422));
    }

    #[test]
    fn a_re_anchored_page_ends_the_walk_by_the_usual_rules() {
        let walked = || {
            let mut pages = UserPages::new(ListUsersRequest::default(), 3).unwrap();
            pages.advance(&["user_d", "user_c", "user_b"], Some(5));
            assert!(pages.recover(422));
            pages
        };
        // Mostly repeats: dropped, and the walk goes on after the page's last user.
        let mut pages = walked();
        assert_eq!(
            pages.advance(&["user_d", "user_c", "user_a"], Some(5)),
            vec![0, 1]
        );
        assert_eq!(bounds(&pages), (Some("user_a"), None, None));
        // Ending on the cursor it replaced, the page would not move the walk: it ends there.
        let mut pages = walked();
        assert_eq!(
            pages.advance(&["user_d", "user_c", "user_b"], Some(5)),
            vec![0, 1, 2]
        );
        assert!(pages.next_request().is_none());
        // A short page is the last.
        let mut pages = walked();
        assert_eq!(pages.advance(&["user_a"], Some(4)), Vec::<usize>::new());
        assert!(pages.next_request().is_none());
    }
}
