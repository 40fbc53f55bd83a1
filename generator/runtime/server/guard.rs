//! The outermost layer of a generated router: request ids, request encodings and panics.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt as _;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, Uri};

use super::context::{REQUEST_ID_HEADER, RequestId};
use super::rejection::{ErrorContext, ErrorResponder, Rejection, respond};

/// The outermost layer of a generated router: gives each request an id, refuses request
/// encodings other than gzip, and turns a panic into a 500 answer.
#[derive(Clone)]
pub struct GuardLayer {
    pub(super) responder: Arc<dyn ErrorResponder>,
    pub(super) decompression: bool,
}

impl fmt::Debug for GuardLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuardLayer").finish_non_exhaustive()
    }
}

impl<S> tower::Layer<S> for GuardLayer {
    type Service = Guard<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Guard {
            inner,
            responder: Arc::clone(&self.responder),
            decompression: self.decompression,
        }
    }
}

/// The service [`GuardLayer`] makes.
#[derive(Clone)]
pub struct Guard<S> {
    inner: S,
    responder: Arc<dyn ErrorResponder>,
    decompression: bool,
}

impl<S> fmt::Debug for Guard<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Guard").finish_non_exhaustive()
    }
}

impl<S> tower::Service<Request> for Guard<S>
where
    S: tower::Service<Request, Error = Infallible> + Clone + Send + 'static,
    S::Response: IntoResponse,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let request_id = request
            .headers()
            .get(&REQUEST_ID_HEADER)
            .and_then(RequestId::from_header)
            .unwrap_or_else(RequestId::generate);
        request.extensions_mut().insert(request_id.clone());
        let answer = Answer {
            responder: Arc::clone(&self.responder),
            request_id,
            method: request.method().clone(),
            uri: request.uri().clone(),
        };
        if let Some(rejection) = encoding_rejection(request.headers_mut(), self.decompression) {
            let response = answer.finish(answer.reject(&rejection));
            return Box::pin(futures_util::future::ready(Ok(response)));
        }
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            let future = std::panic::catch_unwind(AssertUnwindSafe(|| inner.call(request)));
            let outcome = match future {
                Ok(future) => AssertUnwindSafe(future).catch_unwind().await,
                Err(panic) => Err(panic),
            };
            let response = match outcome {
                Ok(Ok(response)) => response.into_response(),
                Ok(Err(never)) => match never {},
                Err(_) => answer.reject(&Rejection::Panic),
            };
            Ok(answer.finish(response))
        })
    }
}

/// What the guard keeps of a request to answer it after the request is gone.
struct Answer {
    responder: Arc<dyn ErrorResponder>,
    request_id: RequestId,
    method: Method,
    uri: Uri,
}

impl Answer {
    fn reject(&self, rejection: &Rejection) -> Response {
        let context = ErrorContext {
            request_id: &self.request_id,
            method: &self.method,
            uri: &self.uri,
            operation_id: None,
        };
        respond(&*self.responder, rejection, &context)
    }

    fn finish(&self, mut response: Response) -> Response {
        response
            .headers_mut()
            .insert(REQUEST_ID_HEADER, self.request_id.header_value().clone());
        response
    }
}

/// The rejection for a `Content-Encoding` the router cannot decode, normalizing `GZIP`.
fn encoding_rejection(headers: &mut HeaderMap, decompression: bool) -> Option<Rejection> {
    let value = headers.get(header::CONTENT_ENCODING)?;
    let text = value.to_str().unwrap_or("").trim();
    if text.eq_ignore_ascii_case("identity") {
        return None;
    }
    if decompression && text.eq_ignore_ascii_case("gzip") {
        if text != "gzip" {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        return None;
    }
    Some(Rejection::UnsupportedMediaType {
        found: Some(format!(
            "Content-Encoding: {}",
            text.chars().take(100).collect::<String>()
        )),
        supported: &["gzip", "identity"],
    })
}
