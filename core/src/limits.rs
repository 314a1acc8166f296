//! The limits within which the bindings read their callers' arguments, so that no argument can
//! crash the process (a cycle, deep nesting) or expand without bound, whatever the language.

use std::fmt;

/// serde_json refuses a document nested this deep (it reads at most `MAX_DEPTH - 1` levels of
/// objects and arrays); the request body is one of them.
pub const MAX_DEPTH: usize = 128;

/// Values (containers included) read from one argument. Clerk's own limits (8 KB of metadata,
/// 100-item filters) are far below; this stops expansion without bound (a structure sharing its
/// parts, an array whose claimed length is far beyond its items).
pub const MAX_VALUES: usize = 1_000_000;

/// Headers set on a client or a call (`http_headers`). An HTTP header map holds at most 32,768
/// entries; far fewer fit in any server's limit on a request's headers.
pub const MAX_HEADERS: usize = 1_000;

/// The longest a 429's `Retry-After` pauses a paced client. Clerk's windows are 10 seconds; a
/// server asking for years must not stop every call of the client for years.
pub const MAX_PAUSE: std::time::Duration = std::time::Duration::from_secs(60);

/// An argument past a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    /// A container inside itself.
    Cycle,
    /// Nested deeper than [`MAX_DEPTH`].
    Depth,
    /// More than [`MAX_VALUES`] values.
    Values,
}

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exceeded::Cycle => f.write_str("contains itself (a reference cycle)"),
            Exceeded::Depth => write!(
                f,
                "is nested too deeply (a request body can be at most {} levels deep)",
                MAX_DEPTH - 1
            ),
            Exceeded::Values => write!(f, "holds more than {MAX_VALUES} values"),
        }
    }
}

/// The state of reading one argument: the containers open (outermost first), how many levels
/// sit above the first of them, and the count of values read.
pub struct Walk<T> {
    open: Vec<T>,
    outer: usize,
    values: usize,
}

impl<T> Walk<T> {
    /// A walk whose values sit `outer` levels below the request body's top.
    pub fn new(outer: usize) -> Self {
        Self {
            open: Vec::new(),
            outer,
            values: 0,
        }
    }

    /// Whether `n` more values fit.
    pub fn room_for(&self, n: usize) -> Result<(), Exceeded> {
        if self.values.saturating_add(n) > MAX_VALUES {
            return Err(Exceeded::Values);
        }
        Ok(())
    }

    /// Counts one value.
    pub fn count(&mut self) -> Result<(), Exceeded> {
        self.room_for(1)?;
        self.values += 1;
        Ok(())
    }

    /// Opens `container`, unless it is already open (`same` tells) or one level more is too
    /// deep. The path is short (at most [`MAX_DEPTH`]): a scan costs less than hashing.
    pub fn enter(&mut self, container: T, mut same: impl FnMut(&T, &T) -> bool) -> Result<(), Exceeded> {
        if self.open.iter().any(|open| same(open, &container)) {
            return Err(Exceeded::Cycle);
        }
        if self.outer + self.open.len() + 1 >= MAX_DEPTH {
            return Err(Exceeded::Depth);
        }
        self.open.push(container);
        Ok(())
    }

    /// Closes the innermost container.
    pub fn leave(&mut self) {
        self.open.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_depth_and_count() {
        let mut walk = Walk::new(1);
        for level in 0..MAX_DEPTH - 2 {
            walk.enter(level, |a, b| a == b).unwrap();
        }
        assert_eq!(walk.enter(999, |a, b| a == b), Err(Exceeded::Depth));
        assert_eq!(walk.enter(3, |a, b| a == b), Err(Exceeded::Cycle));
        walk.leave();
        walk.enter(999, |a, b| a == b).unwrap();
        assert_eq!(walk.room_for(MAX_VALUES), Ok(()));
        assert_eq!(walk.room_for(MAX_VALUES + 1), Err(Exceeded::Values));
        walk.count().unwrap();
        assert_eq!(walk.room_for(MAX_VALUES), Err(Exceeded::Values));
        assert_eq!(
            Exceeded::Depth.to_string(),
            "is nested too deeply (a request body can be at most 127 levels deep)"
        );
    }
}
