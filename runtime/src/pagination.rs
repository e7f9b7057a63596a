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
    /// Whether no page follows this one by its own numbers: an invalid page
    /// size or number, or `page_number * page_size >= total_results`.
    pub fn is_last(&self) -> bool {
        self.page_size <= 0
            || self.page_number < 1
            || i64::from(self.page_number) * i64::from(self.page_size)
                >= i64::from(self.total_results)
    }

    /// How many pages `total_results` allows at this page size (0 when
    /// either is not positive).
    pub fn page_count(&self) -> i64 {
        if self.page_size <= 0 || self.total_results <= 0 {
            return 0;
        }
        let (total, size) = (i64::from(self.total_results), i64::from(self.page_size));
        (total + size - 1) / size
    }
}

struct State<T, F> {
    fetch: F,
    items: std::vec::IntoIter<T>,
    next_page: Option<i32>,
    /// The page number the server gave for the last page.
    last_number: Option<i32>,
    /// Pages fetched so far.
    fetched: i64,
}

impl<T, F> State<T, F> {
    /// Takes in a fetched page: queues its items and decides whether to
    /// fetch `requested + 1`. A page that repeats or goes back from the
    /// previous page number is dropped (its items were already seen, or the
    /// server ignores the page parameter) and ends the stream.
    fn accept(&mut self, requested: i32, items: Vec<T>, info: PageInfo) {
        let repeats = self
            .last_number
            .is_some_and(|last| info.page_number <= last);
        self.fetched += 1;
        self.last_number = Some(info.page_number);
        if repeats {
            self.next_page = None;
            return;
        }
        let done = items.is_empty() || info.is_last() || self.fetched >= info.page_count();
        self.next_page = if done { None } else { requested.checked_add(1) };
        self.items = items.into_iter();
    }
}

/// Streams the items of every page, starting at `first_page`.
///
/// `fetch(n)` loads page `n`; `split` takes a page apart into its items and
/// [`PageInfo`]. The stream ends after the page where
/// `page_number * page_size >= total_results`, after an empty page, after
/// as many pages as `total_results` allows at the page size, when a page's
/// number is not above the previous one's (that page is dropped), when the
/// page size or number is not positive, or after yielding the first error.
/// So a server that keeps answering the same page cannot make it loop. The
/// stream is not `Unpin`: pin it (`std::pin::pin!`, `Box::pin`) to call
/// `next()`.
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
        last_number: None,
        fetched: 0,
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
                    state.accept(page, items, info);
                }
                Err(error) => {
                    state.next_page = None;
                    return Some((Err(error), state));
                }
            }
        }
    })
}
