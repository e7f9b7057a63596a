//! Page-number pagination as a stream of items.

use std::future::Future;

use futures_util::stream::{self, Stream};

use super::error::Error;

/// Position of one page in a paginated list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageInfo {
    /// The page number (as sent by the server).
    pub page_number: i32,
    /// The number of items per page.
    pub page_size: i32,
    /// The number of items in all pages.
    pub total_results: i32,
}

impl PageInfo {
    /// Whether no page follows this one.
    pub fn is_last(&self) -> bool {
        self.page_size <= 0
            || i64::from(self.page_number) * i64::from(self.page_size)
                >= i64::from(self.total_results)
    }
}

struct State<T, F> {
    fetch: F,
    items: std::vec::IntoIter<T>,
    next_page: Option<i32>,
}

/// Streams the items of every page, starting at `first_page`.
///
/// `fetch(n)` loads page `n`; `split` takes a page apart into its items and
/// [`PageInfo`]. The stream ends after the page where
/// `page_number * page_size >= total_results`, after an empty page, or after
/// yielding the first error. The stream is not `Unpin`: pin it
/// (`std::pin::pin!`, `Box::pin`) to call `next()`.
pub fn paginate<P, T, E, F, Fut>(
    first_page: i32,
    fetch: F,
    split: fn(P) -> (Vec<T>, PageInfo),
) -> impl Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(i32) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
{
    let state = State {
        fetch,
        items: Vec::new().into_iter(),
        next_page: Some(first_page),
    };
    stream::unfold(state, move |mut state| async move {
        loop {
            if let Some(item) = state.items.next() {
                return Some((Ok(item), state));
            }
            let page = state.next_page?;
            match (state.fetch)(page).await {
                Ok(body) => {
                    let (items, info) = split(body);
                    state.next_page = if items.is_empty() || info.is_last() {
                        None
                    } else {
                        page.checked_add(1)
                    };
                    state.items = items.into_iter();
                }
                Err(error) => {
                    state.next_page = None;
                    return Some((Err(error), state));
                }
            }
        }
    })
}
