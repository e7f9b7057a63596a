//! What the blocking clients of the generated SDKs run on (crate feature `blocking`): an async
//! runtime of their own that each call waits on, and [`BlockingIter`], a pagination stream read
//! as an iterator.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use futures_util::{Stream, StreamExt};

use super::builder::BuildError;
use super::error::Error;

/// A current-thread tokio runtime that blocking calls wait on. Calling it from a thread that
/// is already running an async runtime is refused with [`Error::BlockingInAsyncContext`]
/// (tokio would panic), and dropping it there does not panic either.
#[doc(hidden)]
pub struct BlockingRuntime {
    runtime: Option<tokio::runtime::Runtime>,
}

impl fmt::Debug for BlockingRuntime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingRuntime").finish_non_exhaustive()
    }
}

impl BlockingRuntime {
    /// A new runtime with time and I/O drivers.
    pub fn new() -> Result<Self, BuildError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(BuildError::Runtime)?;
        Ok(BlockingRuntime {
            runtime: Some(runtime),
        })
    }

    fn runtime(&self) -> &tokio::runtime::Runtime {
        self.runtime
            .as_ref()
            .expect("the runtime is only taken when dropped")
    }

    /// Runs `call` to completion, or fails at once inside an async runtime.
    pub fn block_on<T, E>(
        &self,
        call: impl Future<Output = Result<T, Error<E>>>,
    ) -> Result<T, Error<E>> {
        if in_async_context() {
            return Err(Error::BlockingInAsyncContext);
        }
        self.runtime().block_on(call)
    }

    /// The items of `stream`, each waited for on this runtime.
    pub fn iter<'a, T, E>(
        &'a self,
        stream: impl Stream<Item = Result<T, Error<E>>> + Send + 'a,
    ) -> BlockingIter<'a, T, E> {
        BlockingIter {
            runtime: self,
            stream: Some(Box::pin(stream)),
        }
    }
}

impl Drop for BlockingRuntime {
    fn drop(&mut self) {
        // Dropping a runtime inside another one panics in tokio; shutting it down in the
        // background does not (a blocking client built, then dropped, in async code).
        if let Some(runtime) = self.runtime.take() {
            if in_async_context() {
                runtime.shutdown_background();
            }
        }
    }
}

fn in_async_context() -> bool {
    tokio::runtime::Handle::try_current().is_ok()
}

/// The items of a `*_stream` method of a blocking client, page after page: each `next` waits
/// for the next item, fetching the next page when the current one is used up.
///
/// It ends after the last item, or after yielding an error (a failed page ends the
/// iteration, as it ends the async stream). Called inside an async runtime, it yields
/// [`Error::BlockingInAsyncContext`] once and ends, without sending anything.
#[must_use = "an iterator does nothing until it is read"]
pub struct BlockingIter<'a, T, E> {
    runtime: &'a BlockingRuntime,
    stream: Option<ItemStream<'a, T, E>>,
}

/// The stream a [`BlockingIter`] reads.
type ItemStream<'a, T, E> = Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send + 'a>>;

impl<T, E> fmt::Debug for BlockingIter<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingIter")
            .field("finished", &self.stream.is_none())
            .finish_non_exhaustive()
    }
}

impl<T, E> Iterator for BlockingIter<'_, T, E> {
    type Item = Result<T, Error<E>>;

    fn next(&mut self) -> Option<Self::Item> {
        let stream = self.stream.as_mut()?;
        let item = if in_async_context() {
            Some(Err(Error::BlockingInAsyncContext))
        } else {
            self.runtime.runtime().block_on(stream.next())
        };
        if !matches!(item, Some(Ok(_))) {
            self.stream = None;
        }
        item
    }
}
