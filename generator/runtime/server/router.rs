//! The router's configuration and state, and the routes every generated router shares.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use axum::extract::Request;
use axum::response::Response;
use axum::routing::{MethodFilter, MethodRouter};

use super::guard::GuardLayer;
use super::input::Input;
use super::problem::Problem;
use super::rejection::{ErrorContext, ErrorResponder, Rejection, respond};

/// The largest request body a router reads unless configured otherwise: 10 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 10 * 1024 * 1024;

/// How a generated router behaves: body limit, compression and error bodies.
#[derive(Clone)]
pub struct RouterConfig {
    body_limit: usize,
    pub(super) compression: bool,
    pub(super) decompression: bool,
    pub(super) responder: Arc<dyn ErrorResponder>,
}

impl fmt::Debug for RouterConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouterConfig")
            .field("body_limit", &self.body_limit)
            .field("compression", &self.compression)
            .field("decompression", &self.decompression)
            .finish_non_exhaustive()
    }
}

impl RouterConfig {
    /// A configuration answering rejections with `responder`, reading bodies of up to
    /// [`DEFAULT_BODY_LIMIT`] bytes, gzip-compressing responses when the client asks and
    /// accepting gzip request bodies.
    pub fn new(responder: impl ErrorResponder) -> Self {
        Self {
            body_limit: DEFAULT_BODY_LIMIT,
            compression: true,
            decompression: true,
            responder: Arc::new(responder),
        }
    }

    /// Sets the largest body read, in bytes (after gzip decompression); larger ones get 413.
    #[must_use]
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Turns gzip compression of responses on or off.
    #[must_use]
    pub fn with_compression(mut self, enabled: bool) -> Self {
        self.compression = enabled;
        self
    }

    /// Turns acceptance of gzip request bodies on or off.
    #[must_use]
    pub fn with_request_decompression(mut self, enabled: bool) -> Self {
        self.decompression = enabled;
        self
    }

    /// Replaces the hook that turns rejections into responses.
    #[must_use]
    pub fn with_error_responder(mut self, responder: impl ErrorResponder) -> Self {
        self.responder = Arc::new(responder);
        self
    }

    /// The largest body read, in bytes.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// The hook that turns rejections into responses.
    pub fn error_responder(&self) -> &dyn ErrorResponder {
        &*self.responder
    }
}

/// The state of a generated router: the implementation and the configuration.
#[derive(Debug)]
pub struct Shared<S> {
    pub service: S,
    pub config: RouterConfig,
}

/// The state type of a generated router's routes.
pub type State<S> = Arc<Shared<S>>;

/// Answers a path the router does not know.
pub async fn not_found<S>(
    axum::extract::State(shared): axum::extract::State<State<S>>,
    request: Request,
) -> Response
where
    S: Send + Sync + 'static,
{
    let input = Input::new(request, &shared.config, "");
    let context = ErrorContext {
        request_id: &input.request_id,
        method: &input.parts.method,
        uri: &input.parts.uri,
        operation_id: None,
    };
    respond(&*shared.config.responder, &Rejection::NotFound, &context)
}

/// A route for a path whose other methods answer 405 with `allow` in the `Allow` header.
pub fn method_router<S>(allow: &'static str) -> axum::routing::MethodRouter<State<S>>
where
    S: Send + Sync + 'static,
{
    axum::routing::MethodRouter::new().fallback(
        move |axum::extract::State(shared): axum::extract::State<State<S>>, request: Request| async move {
            let input = Input::new(request, &shared.config, "");
            let context = ErrorContext {
                request_id: &input.request_id,
                method: &input.parts.method,
                uri: &input.parts.uri,
                operation_id: None,
            };
            respond(
                &*shared.config.responder,
                &Rejection::MethodNotAllowed { allow },
                &context,
            )
        },
    )
}

/// Adds an operation's handler to the route of its path, for its method.
pub type Mount<S> = fn(MethodRouter<State<S>>) -> MethodRouter<State<S>>;

/// The operations a router builder serves, by `operationId`; the others answer 501.
pub struct Mounted<S> {
    handlers: BTreeMap<&'static str, Mount<S>>,
}

impl<S> fmt::Debug for Mounted<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.handlers.keys()).finish()
    }
}

impl<S> Default for Mounted<S> {
    fn default() -> Self {
        Self {
            handlers: BTreeMap::new(),
        }
    }
}

impl<S> Mounted<S>
where
    S: Send + Sync + 'static,
{
    /// Serves `operation_id` with the handler `mount` adds.
    pub fn mount(&mut self, operation_id: &'static str, mount: Mount<S>) {
        self.handlers.insert(operation_id, mount);
    }

    /// The route of one path: each of its operations (`operationId` and method) by its
    /// mounted handler, or answering 501 when none is mounted; other methods answer 405
    /// with `allow`.
    pub fn route(
        &self,
        allow: &'static str,
        operations: &[(&'static str, MethodFilter)],
    ) -> MethodRouter<State<S>> {
        operations
            .iter()
            .fold(method_router(allow), |route, &(operation_id, method)| {
                match self.handlers.get(operation_id) {
                    Some(mount) => mount(route),
                    None => not_implemented(route, method, operation_id),
                }
            })
    }
}

/// Adds to `route` a handler of `method` answering 501 with the error body, for an
/// operation no implementation serves.
fn not_implemented<S>(
    route: MethodRouter<State<S>>,
    method: MethodFilter,
    operation_id: &'static str,
) -> MethodRouter<State<S>>
where
    S: Send + Sync + 'static,
{
    route.on(
        method,
        move |axum::extract::State(shared): axum::extract::State<State<S>>, request: Request| async move {
            let input = Input::new(request, &shared.config, operation_id);
            input.reject(&Rejection::Problem(Problem::not_implemented(operation_id)))
        },
    )
}

/// Adds the 404 fallback and the shared layers to a generated router's routes, and gives
/// them their state.
pub fn finish<S>(routes: axum::Router<State<S>>, service: S, config: RouterConfig) -> axum::Router
where
    S: Send + Sync + 'static,
{
    let guard = GuardLayer {
        responder: Arc::clone(&config.responder),
        decompression: config.decompression,
    };
    let compression = config.compression;
    let decompression = config.decompression;
    let shared = Arc::new(Shared { service, config });
    let mut router = routes.fallback(not_found::<S>).with_state(shared);
    if decompression {
        router = router.layer(tower_http::decompression::RequestDecompressionLayer::new());
    }
    if compression {
        router = router.layer(tower_http::compression::CompressionLayer::new());
    }
    router.layer(guard)
}
