//! Server support for the generated axum router: the request context handlers receive,
//! the rejections answered before a handler runs, the hook that turns them into error
//! bodies, request decoding helpers and the layers (request id, panics, gzip).
//!
//! The generated `server` module builds on this module: each operation's handler reads its
//! request with an [`Input`], answers problems with a [`Rejection`] through the configured
//! [`ErrorResponder`], and calls the implementation. [`finish`] wraps the routes in the
//! layers every generated router shares. Nothing a client sends makes this code panic, and
//! every problem with a request is answered with a 4xx status.

mod auth;
mod context;
mod decode;
mod guard;
mod input;
mod problem;
mod rejection;
mod responder;
mod response;
mod router;

pub use self::auth::{
    AuthError, BasicCredentials, basic_credential, bearer_credential, cookie_credential,
    header_credential, query_credential,
};
pub use self::context::{REQUEST_ID_HEADER, RequestContext, RequestId};
pub use self::decode::{
    decode_form_body, decode_json_body, decode_list, decode_scalar, decode_serde,
    decode_serde_list, decode_text_body,
};
pub use self::guard::{Guard, GuardLayer};
pub use self::input::{Input, missing_parameter};
pub use self::problem::{Declared, Problem, not_implemented};
pub use self::rejection::{ErrorContext, ErrorResponder, JsonProblem, Location, Rejection};
pub use self::responder::{
    DefaultErrorResponder, ErrorDetail, ErrorStyle, ErrorVocabulary, ParameterCodes, SchemeCodes,
};
pub use self::response::{
    bytes_response, empty_response, json_response, json_response_as, set_header,
    set_header_list, set_header_serde, set_header_text, with_fixed_headers,
};
pub use self::router::{
    DEFAULT_BODY_LIMIT, Mount, Mounted, RouterConfig, Shared, State, finish, method_router,
    not_found,
};
pub use crate::runtime::params::Style;
