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

/// Streams the items of pages fetched by an input `C` (an offset, page
/// number, cursor or URL): `fetch(input)` loads a page, `advance(&input,
/// page)` takes it apart into its items and the next input, `None` to stop.
/// The stream ends there or after yielding the first error.
fn paginate_inputs<C, P, T, E, F, Fut, A>(
    first: C,
    fetch: F,
    advance: A,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(C) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
    A: FnMut(&C, P) -> (Vec<T>, Option<C>),
    C: Clone,
{
    struct Inputs<C, F, A, T> {
        fetch: F,
        advance: A,
        next: Option<C>,
        items: std::vec::IntoIter<T>,
    }
    let state = Inputs {
        fetch,
        advance,
        next: Some(first),
        items: Vec::new().into_iter(),
    };
    stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.items.next() {
                return Some((Ok(item), state));
            }
            let input = state.next.take()?;
            match (state.fetch)(input.clone()).await {
                Ok(page) => {
                    let (items, next) = (state.advance)(&input, page);
                    state.items = items.into_iter();
                    state.next = next;
                }
                Err(error) => return Some((Err(error), state)),
            }
        }
    })
}

/// How an offset-and-limit list moves on: by page numbers or by items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetStep {
    /// The input is a page number: the next page is one more.
    Page,
    /// The input is an item offset: the next page starts after the items received.
    Offset,
}

/// Streams the items of an offset-and-limit list (Speakeasy's `offsetLimit`),
/// starting at `first` (a page number or an offset, see [`OffsetStep`]).
///
/// `split` takes a page's items out. The stream ends after an empty page,
/// after a page with fewer items than `limit` (when the request sets one), when
/// a page is the same as the previous one (dropped: a server ignoring the offset
/// or page number cannot make it loop), when the next input would overflow, or
/// after yielding the first error.
pub fn paginate_offset<P, T, E, F, Fut>(
    first: i64,
    step: OffsetStep,
    limit: Option<i64>,
    fetch: F,
    split: fn(P) -> Vec<T>,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    P: serde::Serialize,
    F: FnMut(i64) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
{
    // The previous page as JSON: pages are compared by what they hold, so no
    // `PartialEq` or `Clone` of the page is needed. A page that cannot be
    // serialized is never taken for a repeat.
    let mut previous: Option<Vec<u8>> = None;
    paginate_inputs(first, fetch, move |input: &i64, page| {
        let seen = serde_json::to_vec(&page).ok();
        let repeats = seen.is_some() && seen == previous;
        previous = seen;
        if repeats {
            return (Vec::new(), None);
        }
        let items = split(page);
        let received = i64::try_from(items.len()).unwrap_or(i64::MAX);
        let short = limit.is_some_and(|limit| limit > 0 && received < limit);
        let next = if items.is_empty() || short {
            None
        } else {
            match step {
                OffsetStep::Page => input.checked_add(1),
                OffsetStep::Offset => input.checked_add(received),
            }
        };
        (items, next)
    })
}

/// Streams the items of a cursor list (Speakeasy's `cursor`): `first` is the
/// request's cursor, `split` takes a page apart into its items and the next
/// cursor.
///
/// The stream ends when a page has no next cursor (absent, `null` or an empty
/// string), when the next cursor is one already sent (a server that keeps
/// answering the same page cannot make it loop), or after yielding the first
/// error.
pub fn paginate_cursor<C, P, T, E, F, Fut>(
    first: Option<C>,
    fetch: F,
    split: fn(P) -> (Vec<T>, Option<C>),
) -> impl Stream<Item = Result<T, Error<E>>>
where
    C: Clone + PartialEq + CursorValue,
    F: FnMut(Option<C>) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
{
    let mut sent: Vec<C> = Vec::new();
    paginate_inputs(first, fetch, move |input: &Option<C>, page| {
        sent.extend(input.clone());
        let (items, next) = split(page);
        let next = next.filter(|c| !c.is_blank() && !sent.contains(c));
        (items, next.map(Some))
    })
}

/// A cursor value: text, or a number.
pub trait CursorValue {
    /// Whether the value means "no next page" (an empty string).
    fn is_blank(&self) -> bool;
}

impl CursorValue for String {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl CursorValue for i64 {
    fn is_blank(&self) -> bool {
        false
    }
}

impl CursorValue for i32 {
    fn is_blank(&self) -> bool {
        false
    }
}

/// Streams the items of a list whose pages give the URL of the next one
/// (Speakeasy's `url`): `first` fetches the first page, `next(url)` a later
/// one, `split` takes a page apart into its items and the next URL.
///
/// `next` must send its request with [`Request::next_page`](super::Request::next_page),
/// which refuses a URL on another origin than the call's server
/// ([`Error::InvalidRequest`]; hooks see `Failure::ForeignNextPage`) before
/// anything is sent. The stream ends when
/// a page has no next URL (absent, `null` or empty), when the URL is one
/// already fetched, or after yielding the first error.
pub fn paginate_url<P, T, E, First, Next, Fut>(
    first: First,
    next: Next,
    split: fn(P) -> (Vec<T>, Option<String>),
) -> impl Stream<Item = Result<T, Error<E>>>
where
    First: Future<Output = Result<P, Error<E>>>,
    Next: FnMut(String) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
{
    struct Urls<First, Next, T> {
        first: Option<First>,
        next: Next,
        pending: Option<String>,
        fetched: Vec<String>,
        items: std::vec::IntoIter<T>,
    }
    let state = Urls {
        first: Some(first),
        next,
        pending: None,
        fetched: Vec::new(),
        items: Vec::new().into_iter(),
    };
    stream::unfold(state, move |mut state| async move {
        loop {
            if let Some(item) = state.items.next() {
                return Some((Ok(item), state));
            }
            let page = match (state.first.take(), state.pending.take()) {
                (Some(first), _) => first.await,
                (None, Some(url)) => {
                    state.fetched.push(url.clone());
                    (state.next)(url).await
                }
                (None, None) => return None,
            };
            match page {
                Ok(page) => {
                    let (items, url) = split(page);
                    state.items = items.into_iter();
                    state.pending = url.filter(|u| !u.is_empty() && !state.fetched.contains(u));
                }
                Err(error) => return Some((Err(error), state)),
            }
        }
    })
}
