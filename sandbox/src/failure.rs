//! Refusals of the sandbox's rules, and how each operation answers them.
//!
//! Business code returns `Result<T, Failure>`. [`reply`] turns the error side into the
//! operation's declared error variant with an `ApiError` body. When an operation does not
//! declare the status a failure asks for (a 409 on an operation without 409, say), the
//! answer is the operation's 400 with the same details, so that every answer stays
//! within the spec.

use sorted_pro::server::RequestContext;
use sorted_pro::types::{ApiError, ErrorDetail};

/// The kinds of refusal, by the status they ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 400 `validation_error`.
    BadRequest,
    /// 404 `not_found`.
    NotFound,
    /// 409 `conflict`: the object is in the wrong state.
    Conflict,
    /// 410 `gone`: the object was removed.
    Gone,
    /// 521 `allocation_failed`.
    AllocationFailed,
    /// 531 `no_quotes_available`.
    NoQuotes,
}

impl Status {
    /// The top-level `code` of the error body.
    fn code(self) -> &'static str {
        match self {
            Self::BadRequest => "validation_error",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Gone => "gone",
            Self::AllocationFailed => "allocation_failed",
            Self::NoQuotes => "no_quotes_available",
        }
    }

    /// The top-level `message` of the error body.
    fn message(self) -> &'static str {
        match self {
            Self::BadRequest => "The request is not valid",
            Self::NotFound => "The object does not exist or is not visible to this account",
            Self::Conflict => "The object is not in a state that allows this operation",
            Self::Gone => "The object was removed",
            Self::AllocationFailed => "No carrier service could be allocated",
            Self::NoQuotes => "No carrier service could quote for the shipment",
        }
    }
}

/// A refusal: the status it asks for and what went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub status: Status,
    pub details: Vec<ErrorDetail>,
}

/// One problem, for `details` or for the `errors` of a 207 answer.
pub fn detail(property: &str, code: &str, message: impl Into<String>) -> ErrorDetail {
    let mut detail = ErrorDetail::new(code.to_owned(), message.into());
    detail.property = (!property.is_empty()).then(|| property.to_owned());
    detail
}

impl Failure {
    /// A 400 with the given details.
    pub fn invalid(details: Vec<ErrorDetail>) -> Self {
        Self {
            status: Status::BadRequest,
            details,
        }
    }

    /// A 400 with one detail.
    pub fn bad_request(property: &str, code: &str, message: impl Into<String>) -> Self {
        Self::invalid(vec![detail(property, code, message)])
    }

    /// A refusal with `status` and one detail about the request as a whole.
    pub fn new(status: Status, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            details: vec![detail("", code, message)],
        }
    }

    /// A 404 for an object named in the request.
    pub fn not_found(code: &str, message: impl Into<String>) -> Self {
        Self::new(Status::NotFound, code, message)
    }

    /// A 409: the object is in the wrong state.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(Status::Conflict, "invalid_state_for_operation", message)
    }

    /// The shipment does not exist in this account.
    pub fn shipment_not_found(reference: &str) -> Self {
        Self::not_found(
            "shipment_not_found",
            format!("{reference} could not be found"),
        )
    }

    /// The error body, answered with `status`.
    fn into_api_error(self, status: Status, correlation_id: &str) -> ApiError {
        let mut error = ApiError::new(status.code().to_owned(), status.message().to_owned())
            .with_correlation_id(correlation_id.to_owned());
        error.details = (!self.details.is_empty()).then_some(self.details);
        error
    }
}

/// An operation's answer to a [`Failure`].
pub trait Answer {
    /// The declared error variant that best fits `failure`.
    fn failure(failure: Failure, correlation_id: &str) -> Self;
}

/// Answers `result`: `ok` for success, the operation's error variant for a failure.
pub fn reply<P, T, R: Answer>(
    context: &RequestContext<P>,
    result: Result<T, Failure>,
    ok: impl FnOnce(T) -> R,
) -> R {
    match result {
        Ok(value) => ok(value),
        Err(failure) => R::failure(failure, context.request_id.as_str()),
    }
}

/// Implements [`Answer`] for operations, listing the statuses each declares besides 400.
macro_rules! answers {
    ($($operation:ident: [$($status:ident => $variant:ident),*];)*) => {$(
        impl Answer for sorted_pro::operations::$operation::Response {
            fn failure(failure: Failure, correlation_id: &str) -> Self {
                match failure.status {
                    $(Status::$status => Self::$variant(failure.into_api_error(Status::$status, correlation_id)),)*
                    #[allow(unreachable_patterns)]
                    _ => Self::BadRequest(failure.into_api_error(Status::BadRequest, correlation_id)),
                }
            }
        }
    )*};
}

answers! {
    add_paperless_document: [NotFound => NotFound, Conflict => Conflict];
    add_shipment_to_group: [NotFound => NotFound, Conflict => Conflict];
    add_shipment_to_group_version: [NotFound => NotFound, Conflict => Conflict];
    allocate_shipment: [NotFound => NotFound, AllocationFailed => Status521];
    allocate_shipment_with_quote: [NotFound => NotFound, AllocationFailed => Status521];
    allocate_shipment_with_service: [NotFound => NotFound, AllocationFailed => Status521];
    allocate_shipment_with_service_group: [NotFound => NotFound, AllocationFailed => Status521];
    allocate_shipment_with_virtual_service: [NotFound => NotFound, AllocationFailed => Status521];
    allocate_shipments: [NotFound => NotFound, AllocationFailed => Status521];
    allocate_shipments_with_filters: [AllocationFailed => Status521];
    allocate_shipments_with_service: [NotFound => NotFound, AllocationFailed => Status521];
    allocate_shipments_with_service_group: [NotFound => NotFound, AllocationFailed => Status521];
    cancel_shipment: [NotFound => NotFound, Conflict => Conflict];
    change_shipment_state: [NotFound => NotFound];
    clone_shipment: [NotFound => NotFound];
    close_shipment_group: [NotFound => NotFound, Conflict => Conflict];
    create_shipment: [];
    create_shipment_group: [NotFound => NotFound];
    deallocate_shipment: [NotFound => NotFound, Conflict => Conflict];
    delete_paperless_document: [NotFound => NotFound, Conflict => Conflict];
    delete_shipment: [NotFound => NotFound, Conflict => Conflict];
    edit_shipment_group: [NotFound => NotFound, Conflict => Conflict];
    find_contents_tracking_events_by_custom_reference: [NotFound => NotFound];
    find_shipments: [NotFound => NotFound];
    find_tracking_events_by_custom_reference: [NotFound => NotFound];
    get_collection_note_by_query: [NotFound => NotFound];
    get_contents_labels: [NotFound => NotFound];
    get_contents_tracking_events: [NotFound => NotFound];
    get_customs_document: [NotFound => NotFound];
    get_customs_documents: [NotFound => NotFound];
    get_label: [NotFound => NotFound];
    get_manifest: [NotFound => NotFound];
    get_manifest_collection_note: [NotFound => NotFound];
    get_paperless_document: [NotFound => NotFound, Gone => Gone];
    get_shipment: [NotFound => NotFound];
    get_shipment_group: [NotFound => NotFound];
    get_shipment_group_collection_note: [NotFound => NotFound];
    get_shipment_group_version: [NotFound => NotFound];
    get_shipment_group_version_collection_note: [NotFound => NotFound];
    get_tracking_events: [NotFound => NotFound];
    list_shipment_group_versions: [NotFound => NotFound];
    lock_shipment_group: [NotFound => NotFound, Conflict => Conflict];
    manifest_shipment: [NotFound => NotFound];
    manifest_shipment_group: [NotFound => NotFound];
    manifest_shipments: [NotFound => NotFound];
    manifest_shipments_by_query: [NotFound => NotFound];
    quote_existing_shipment: [NotFound => NotFound, NoQuotes => Status531];
    quote_new_shipment: [NoQuotes => Status531];
    quote_new_shipment_with_service_group: [NotFound => NotFound, NoQuotes => Status531];
    remove_shipment_from_group: [NotFound => NotFound, Conflict => Conflict];
    remove_shipment_from_group_version: [NotFound => NotFound, Conflict => Conflict];
    unlock_shipment_group: [NotFound => NotFound, Conflict => Conflict];
    update_shipment: [NotFound => NotFound, Conflict => Conflict];
}
