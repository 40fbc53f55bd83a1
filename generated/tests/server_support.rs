//! Shared by the server tests: a small in-memory implementation of every PRO server trait,
//! the router around it, and helpers to send requests and read the answers.
//!
//! Some operations keep real state (shipments, paperless documents, groups) so that the
//! end-to-end tests see typed answers such as 201, 207, 221 and 304. Every other operation
//! answers 400 with the code `routed` and its operation id as the message, so that the
//! routing tests can tell which handler ran. Every call is logged by operation id.

#![cfg(feature = "server")]
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Body;
use serde_json::{Value, json};
use sorted_pro::operations as ops;
use sorted_pro::server::{
    AllocationApi, AuthError, Authenticator, CollectionNotesApi, Credentials,
    LabelsAndDocumentsApi, ManifestsApi, PaperlessDocumentsApi, Problem, QuotesApi, RequestContext,
    ShipmentGroupsApi, ShipmentsApi, TrackingApi,
};
use sorted_pro::types;
use tower::ServiceExt as _;

/// The only API key the implementation knows.
pub const API_KEY: &str = "test-api-key";
/// A shipment that exists from the start.
pub const SHIPMENT: &str = "sp_00013464648910021776641789788160";
/// A shipment whose `get_shipment` panics.
pub const PANIC_SHIPMENT: &str = "sp_99999999999999999999999999999999";
/// A well-formed reference that names nothing.
pub const UNKNOWN: &str = "sp_00000000000000000000000000000000";

/// Who is calling, as the authenticator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account(pub String);

/// What a handler saw of its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub operation_id: String,
    pub principal: Account,
    pub method: http::Method,
    pub uri: String,
    pub request_id: String,
    /// The `x-custom` header, if the request had one.
    pub custom_header: Option<String>,
}

#[derive(Debug, Default)]
struct State {
    calls: Vec<String>,
    seen: Option<Seen>,
    counter: u64,
    /// Shipments by reference: the create request as JSON and the state.
    shipments: BTreeMap<String, (Value, String)>,
    /// Paperless documents by reference, with how often each was read.
    documents: BTreeMap<String, u32>,
    locked_groups: BTreeSet<String>,
}

/// The in-memory implementation. Clones share their state.
#[derive(Debug, Clone)]
pub struct Memory {
    state: Arc<Mutex<State>>,
}

impl Default for Memory {
    fn default() -> Self {
        let memory = Self {
            state: Arc::default(),
        };
        memory.lock().shipments.insert(
            SHIPMENT.to_owned(),
            (create_shipment_json(), "unallocated".to_owned()),
        );
        memory
    }
}

impl Memory {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The operation ids of every call so far, in order.
    pub fn calls(&self) -> Vec<String> {
        self.lock().calls.clone()
    }

    /// What the last handler saw of its context.
    pub fn last_seen(&self) -> Option<Seen> {
        self.lock().seen.clone()
    }

    fn record(&self, context: &RequestContext<Account>) {
        let seen = Seen {
            operation_id: context.operation_id.to_owned(),
            principal: context.principal.clone(),
            method: context.method.clone(),
            uri: context.uri.to_string(),
            request_id: context.request_id.as_str().to_owned(),
            custom_header: context
                .headers
                .get("x-custom")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned),
        };
        let mut state = self.lock();
        state.calls.push(context.operation_id.to_owned());
        state.seen = Some(seen);
    }

    /// A new reference with `prefix`: two letters, `_` and 32 digits.
    fn new_reference(&self, prefix: &str) -> String {
        let mut state = self.lock();
        state.counter += 1;
        format!("{prefix}_{:032}", state.counter)
    }

    fn knows(&self, reference: &str) -> bool {
        self.lock().shipments.contains_key(reference)
    }
}

/// A minimal valid `CreateShipmentRequest`, as JSON.
pub fn create_shipment_json() -> Value {
    json!({
        "shipment_type": "on_demand",
        "direction": "outbound",
        "contents": [{"value": {"amount": 10.5, "currency": "GBP"}, "description": "Lamp"}],
        "addresses": [
            {
                "address_type": "origin",
                "address_line1": "1 Quay Street",
                "locality": "Bristol",
                "postal_code": "BS1 6XN",
                "country_iso_code": "GB",
                "contact": {
                    "first_name": "Priya",
                    "last_name": "Shah",
                    "contact_details": {"email": "priya@example.com"}
                }
            },
            {
                "address_type": "destination",
                "address_line1": "27 Elm Grove",
                "locality": "Manchester",
                "postal_code": "M14 5JS",
                "country_iso_code": "GB",
                "contact": {
                    "first_name": "Tom",
                    "last_name": "Reilly",
                    "contact_details": {"email": "tom@example.com"}
                }
            }
        ]
    })
}

fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> T {
    match serde_json::from_value(value) {
        Ok(decoded) => decoded,
        Err(error) => panic!("test data does not decode: {error}"),
    }
}

/// A `ResourceResult` for `reference`.
fn resource(reference: &str, message: &str) -> types::ResourceResult {
    from_json(json!({"reference": reference, "message": message}))
}

/// An `ApiError` with `code` and `message`.
fn api_error(code: &str, message: &str) -> types::ApiError {
    from_json(json!({"code": code, "message": message}))
}

/// A printable document holding `text`.
fn document(text: &str, content_type: &str, document_type: &str) -> types::Document {
    use base64::Engine as _;
    let file = base64::engine::general_purpose::STANDARD.encode(text);
    from_json(json!({
        "file": file,
        "content_type": content_type,
        "document_type": document_type,
        "dpi": 203
    }))
}

impl Authenticator for Memory {
    type Principal = Account;

    async fn authenticate(&self, credentials: &Credentials) -> Result<Account, AuthError> {
        match credentials.api_key.as_deref() {
            Some(API_KEY) => Ok(Account("test account".to_owned())),
            _ => Err(AuthError::new()),
        }
    }
}

/// Operations without state of their own: log the call and answer 400 `routed` with the
/// operation id as the message.
macro_rules! routed {
    ($($operation:ident),* $(,)?) => {$(
        fn $operation(
            &self,
            _request: ops::$operation::Request,
            context: RequestContext<Account>,
        ) -> impl Future<Output = Result<ops::$operation::Response, Problem>> + Send {
            self.record(&context);
            let error = api_error("routed", context.operation_id);
            async move { Ok(ops::$operation::Response::BadRequest(error)) }
        }
    )*};
}

impl ShipmentsApi for Memory {
    async fn create_shipment(
        &self,
        request: ops::create_shipment::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::create_shipment::Response, Problem> {
        self.record(&context);
        let reference = self.new_reference("sp");
        let body = serde_json::to_value(&request.body).unwrap_or_default();
        self.lock()
            .shipments
            .insert(reference.clone(), (body, "unallocated".to_owned()));
        Ok(ops::create_shipment::Response::Created(resource(
            &reference,
            "Shipment recorded",
        )))
    }

    async fn get_shipment(
        &self,
        request: ops::get_shipment::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::get_shipment::Response, Problem> {
        self.record(&context);
        if request.shipment_reference == PANIC_SHIPMENT {
            panic!("the implementation failed on purpose");
        }
        let stored = self
            .lock()
            .shipments
            .get(&request.shipment_reference)
            .cloned();
        Ok(match stored {
            Some((mut body, state)) => {
                body["reference"] = json!(request.shipment_reference);
                body["state"] = json!(state);
                ops::get_shipment::Response::Ok(from_json(body))
            }
            None => {
                ops::get_shipment::Response::NotFound(api_error("not_found", "No such shipment"))
            }
        })
    }

    async fn change_shipment_state(
        &self,
        request: ops::change_shipment_state::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::change_shipment_state::Response, Problem> {
        self.record(&context);
        let wanted = request.body.state.as_str().to_owned();
        let mut state = self.lock();
        Ok(match state.shipments.get_mut(&request.body.reference) {
            None => ops::change_shipment_state::Response::NotFound(api_error(
                "not_found",
                "No such shipment",
            )),
            Some((_, current)) if *current == wanted => {
                ops::change_shipment_state::Response::NotModified
            }
            Some((_, current)) => {
                *current = wanted;
                ops::change_shipment_state::Response::Ok(resource(
                    &request.body.reference,
                    "State changed",
                ))
            }
        })
    }

    async fn find_shipments(
        &self,
        request: ops::find_shipments::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::find_shipments::Response, Problem> {
        self.record(&context);
        let take = request.take.unwrap_or(10);
        let skip = request.skip.unwrap_or(0);
        let custom = request.custom_reference.unwrap_or_default();
        Ok(ops::find_shipments::Response::Ok(from_json(json!({
            "shipments": [],
            "total_results": 0,
            "take": take,
            "skip": skip,
            "_links": [{"href": format!("/shipments?custom_reference={custom}"), "rel": "self"}]
        }))))
    }

    async fn count_shipments_by_state(
        &self,
        _request: ops::count_shipments_by_state::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::count_shipments_by_state::Response, Problem> {
        self.record(&context);
        Ok(ops::count_shipments_by_state::Response::Ok(from_json(
            json!({"shipment_states": []}),
        )))
    }

    routed!(
        cancel_shipment,
        clone_shipment,
        deallocate_shipment,
        delete_shipment,
        update_shipment,
    );
}

impl PaperlessDocumentsApi for Memory {
    async fn add_paperless_document(
        &self,
        request: ops::add_paperless_document::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::add_paperless_document::Response, Problem> {
        self.record(&context);
        if !self.knows(&request.reference) {
            return Ok(ops::add_paperless_document::Response::NotFound(api_error(
                "not_found",
                "No such shipment",
            )));
        }
        let reference = self.new_reference("pd");
        self.lock().documents.insert(reference.clone(), 0);
        Ok(ops::add_paperless_document::Response::Accepted(resource(
            &reference, "Checking",
        )))
    }

    async fn get_paperless_document(
        &self,
        request: ops::get_paperless_document::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::get_paperless_document::Response, Problem> {
        self.record(&context);
        let reads = {
            let mut state = self.lock();
            let Some(reads) = state.documents.get_mut(&request.reference) else {
                return Ok(ops::get_paperless_document::Response::NotFound(api_error(
                    "not_found",
                    "No such document",
                )));
            };
            *reads += 1;
            *reads
        };
        let state = if reads == 1 { "processing" } else { "ready" };
        let document = from_json(json!({
            "document_reference": request.reference,
            "document_state": state,
            "document_type": "commercial_invoice",
            "file_format": "pdf",
            "usage": "electronic_trade"
        }));
        Ok(if reads == 1 {
            ops::get_paperless_document::Response::Status221(document)
        } else {
            ops::get_paperless_document::Response::Ok(document)
        })
    }

    routed!(delete_paperless_document);
}

impl AllocationApi for Memory {
    async fn allocate_shipments_with_service(
        &self,
        request: ops::allocate_shipments_with_service::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::allocate_shipments_with_service::Response, Problem> {
        self.record(&context);
        // One result per shipment: known ones are queued, unknown ones fail.
        let results: Vec<serde_json::Value> = request
            .body
            .shipments
            .iter()
            .map(|reference| {
                let state = if self.knows(reference) {
                    "allocating"
                } else {
                    "allocation_failed"
                };
                json!({"shipment_reference": reference, "state": state})
            })
            .collect();
        let all_known = request
            .body
            .shipments
            .iter()
            .all(|reference| self.knows(reference));
        Ok(if all_known {
            ops::allocate_shipments_with_service::Response::Accepted(from_json(json!(results)))
        } else {
            ops::allocate_shipments_with_service::Response::MultiStatus(from_json(json!(results)))
        })
    }

    routed!(
        allocate_shipment,
        allocate_shipment_with_quote,
        allocate_shipment_with_service,
        allocate_shipment_with_service_group,
        allocate_shipment_with_virtual_service,
        allocate_shipments,
        allocate_shipments_with_filters,
        allocate_shipments_with_service_group,
    );
}

impl QuotesApi for Memory {
    async fn quote_new_shipment(
        &self,
        _request: ops::quote_new_shipment::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::quote_new_shipment::Response, Problem> {
        self.record(&context);
        let reference = self.new_reference("qr");
        Ok(ops::quote_new_shipment::Response::Created(from_json(
            json!({
                "reference": reference,
                "message": "1 quote",
                "quotes": [{
                    "reference": self.new_reference("qu"),
                    "price": {"net": 4.5, "gross": 5.4, "currency": "GBP"}
                }]
            }),
        )))
    }

    routed!(
        quote_existing_shipment,
        quote_new_shipment_with_service_group
    );
}

impl LabelsAndDocumentsApi for Memory {
    async fn get_label(
        &self,
        request: ops::get_label::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::get_label::Response, Problem> {
        self.record(&context);
        let content_type = match request.format {
            types::LabelFormat::Zpl => "application/zpl",
            _ => "application/pdf",
        };
        let text = format!(
            "label {} at {} dpi, extension {}",
            request.shipment_reference,
            serde_json::to_string(&request.dpi).unwrap_or_default(),
            request.include_extension.unwrap_or(true)
        );
        Ok(ops::get_label::Response::Ok(document(
            &text,
            content_type,
            "label",
        )))
    }

    routed!(
        get_contents_labels,
        get_customs_document,
        get_customs_documents
    );
}

impl ManifestsApi for Memory {
    async fn manifest_shipment(
        &self,
        request: ops::manifest_shipment::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::manifest_shipment::Response, Problem> {
        self.record(&context);
        Ok(ops::manifest_shipment::Response::Accepted(from_json(
            json!({
                "manifest_results": [{
                    "reference": self.new_reference("ma"),
                    "message": format!("Manifested {}", request.shipment_reference),
                    "shipment_count": 1
                }]
            }),
        )))
    }

    routed!(
        get_manifest,
        manifest_shipment_group,
        manifest_shipments,
        manifest_shipments_by_query,
    );
}

impl ShipmentGroupsApi for Memory {
    async fn create_shipment_group(
        &self,
        request: ops::create_shipment_group::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::create_shipment_group::Response, Problem> {
        self.record(&context);
        let reference = self.new_reference("sg");
        let unknown: Vec<&String> = request
            .body
            .shipments
            .iter()
            .filter(|shipment| !self.knows(shipment))
            .collect();
        let mut result = types::ResourceResult::new(reference).with_version(1);
        result.custom_reference = request.body.custom_reference;
        Ok(if unknown.is_empty() {
            ops::create_shipment_group::Response::Created(result)
        } else {
            let errors = unknown
                .iter()
                .map(|shipment| {
                    types::ErrorDetail::new(
                        "shipment_not_found".to_owned(),
                        format!("No shipment {shipment} exists"),
                    )
                    .with_property("shipments".to_owned())
                })
                .collect();
            ops::create_shipment_group::Response::MultiStatus(result.with_errors(errors))
        })
    }

    async fn lock_shipment_group(
        &self,
        request: ops::lock_shipment_group::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::lock_shipment_group::Response, Problem> {
        self.record(&context);
        let reference = request.shipment_group_reference;
        Ok(if self.lock().locked_groups.insert(reference.clone()) {
            ops::lock_shipment_group::Response::Ok(resource(&reference, "Locked"))
        } else {
            ops::lock_shipment_group::Response::Conflict(api_error(
                "invalid_state_for_operation",
                "The group is already locked",
            ))
        })
    }

    routed!(
        add_shipment_to_group,
        add_shipment_to_group_version,
        close_shipment_group,
        edit_shipment_group,
        get_shipment_group,
        get_shipment_group_version,
        list_shipment_group_versions,
        remove_shipment_from_group,
        remove_shipment_from_group_version,
        unlock_shipment_group,
    );
}

impl CollectionNotesApi for Memory {
    async fn get_manifest_collection_note(
        &self,
        request: ops::get_manifest_collection_note::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::get_manifest_collection_note::Response, Problem> {
        self.record(&context);
        let text = format!("note for {}", request.body.manifests.join(", "));
        Ok(ops::get_manifest_collection_note::Response::Ok(document(
            &text,
            "application/pdf",
            "collection_note",
        )))
    }

    routed!(
        get_collection_note_by_query,
        get_shipment_group_collection_note,
        get_shipment_group_version_collection_note,
    );
}

impl TrackingApi for Memory {
    async fn get_tracking_events(
        &self,
        request: ops::get_tracking_events::Request,
        context: RequestContext<Account>,
    ) -> Result<ops::get_tracking_events::Response, Problem> {
        self.record(&context);
        Ok(ops::get_tracking_events::Response::Ok(from_json(json!({
            "shipment_reference": request.shipment_reference,
            "carrier_references": ["JD0002211"],
            "carrier": {"reference": "carrier_x", "name": "Carrier X"},
            "events": [{
                "reference": "tr_00000000000000000000000000000001",
                "timestamp": "2024-05-03T10:00:00+01:00",
                "received_timestamp": "2024-05-03T10:01:00+01:00",
                "event_code": "in_transit",
                "description": "On its way"
            }]
        }))))
    }

    routed!(
        find_contents_tracking_events_by_custom_reference,
        find_tracking_events_by_custom_reference,
        get_contents_tracking_events,
    );
}

pub const DOCUMENT: &str = "pd_00000000000000000000000000000042";
pub const GROUP: &str = "sg_00000000000000000000000000000007";
pub const CONTENTS: &str = "sc_00000000000000000000000000000003";
pub const QUOTE: &str = "qu_00000000000000000000000000000005";
pub const MANIFEST: &str = "ma_00000000000000000000000000000009";

/// One valid request for every operation: method, path, body and the operation id.
pub fn every_operation() -> Vec<(&'static str, String, Option<Value>, &'static str)> {
    let create = create_shipment_json();
    let mut update = create.clone();
    update["reference"] = json!(SHIPMENT);
    let batch = json!({"shipments": [SHIPMENT]});
    let address = create["addresses"][0].clone();
    let s = SHIPMENT;
    vec![
        (
            "POST",
            "/shipments".into(),
            Some(create.clone()),
            "create_shipment",
        ),
        ("PUT", "/shipments".into(), Some(update), "update_shipment"),
        (
            "GET",
            "/shipments/state_counts".into(),
            None,
            "count_shipments_by_state",
        ),
        (
            "GET",
            "/shipments?custom_reference=ORDER-1&take=5".into(),
            None,
            "find_shipments",
        ),
        ("GET", format!("/shipments/{s}"), None, "get_shipment"),
        ("DELETE", format!("/shipments/{s}"), None, "delete_shipment"),
        (
            "PUT",
            format!("/shipments/{s}/cancel"),
            None,
            "cancel_shipment",
        ),
        (
            "POST",
            format!("/shipments/{s}/clone"),
            None,
            "clone_shipment",
        ),
        (
            "PUT",
            "/shipments/state".into(),
            Some(json!({"reference": s, "state": "allocated", "reason": "set by hand"})),
            "change_shipment_state",
        ),
        (
            "DELETE",
            format!("/shipments/{s}/allocation"),
            None,
            "deallocate_shipment",
        ),
        (
            "POST",
            format!("/documents/paperless/{s}"),
            Some(json!({
                "document_type": "commercial_invoice",
                "file_format": "pdf",
                "file_content": "JVBERi0xLjQ=",
                "usage": "electronic_trade"
            })),
            "add_paperless_document",
        ),
        (
            "GET",
            format!("/documents/paperless/{DOCUMENT}"),
            None,
            "get_paperless_document",
        ),
        (
            "DELETE",
            format!("/documents/paperless/{DOCUMENT}"),
            None,
            "delete_paperless_document",
        ),
        (
            "PUT",
            format!("/shipments/{s}/allocate"),
            None,
            "allocate_shipment",
        ),
        (
            "PUT",
            format!("/shipments/{s}/allocate/service/SVC-1"),
            None,
            "allocate_shipment_with_service",
        ),
        (
            "PUT",
            format!("/shipments/{s}/allocate/service_group/GRP-1"),
            None,
            "allocate_shipment_with_service_group",
        ),
        (
            "PUT",
            format!("/shipments/{s}/allocate/virtual_service/VS-1"),
            None,
            "allocate_shipment_with_virtual_service",
        ),
        (
            "PUT",
            format!("/shipments/{s}/allocate/quote/{QUOTE}"),
            None,
            "allocate_shipment_with_quote",
        ),
        (
            "PUT",
            "/shipments/allocate".into(),
            Some(batch.clone()),
            "allocate_shipments",
        ),
        (
            "PUT",
            "/shipments/allocate/filters".into(),
            Some(json!({
                "shipments": [s],
                "filters": {"direction": "outbound", "tags": ["fragile"], "pickup": true}
            })),
            "allocate_shipments_with_filters",
        ),
        (
            "PUT",
            "/shipments/allocate/service".into(),
            Some(json!({"shipments": [s], "carrier_service_reference": "SVC-1"})),
            "allocate_shipments_with_service",
        ),
        (
            "PUT",
            "/shipments/allocate/service_group".into(),
            Some(json!({"shipments": [s], "service_group": "GRP-1"})),
            "allocate_shipments_with_service_group",
        ),
        (
            "POST",
            "/shipments/quote".into(),
            Some(create.clone()),
            "quote_new_shipment",
        ),
        (
            "POST",
            "/shipments/quote/service_group/GRP-1".into(),
            Some(create),
            "quote_new_shipment_with_service_group",
        ),
        (
            "POST",
            format!("/shipments/{s}/quote"),
            None,
            "quote_existing_shipment",
        ),
        (
            "GET",
            format!("/labels/{s}/pdf/203?include_extension=false"),
            None,
            "get_label",
        ),
        (
            "GET",
            format!("/labels/{s}/contents/{CONTENTS}/zpl/300"),
            None,
            "get_contents_labels",
        ),
        (
            "GET",
            format!("/documents/{s}"),
            None,
            "get_customs_documents",
        ),
        (
            "GET",
            format!("/documents/{s}/cn22"),
            None,
            "get_customs_document",
        ),
        (
            "PUT",
            format!("/shipments/{s}/manifest"),
            None,
            "manifest_shipment",
        ),
        (
            "PUT",
            "/shipments/manifest".into(),
            Some(batch.clone()),
            "manifest_shipments",
        ),
        (
            "POST",
            "/shipments/manifest/query".into(),
            Some(json!({"carrier": "carrier_x"})),
            "manifest_shipments_by_query",
        ),
        (
            "POST",
            format!("/shipment_groups/{GROUP}/manifest"),
            None,
            "manifest_shipment_group",
        ),
        (
            "GET",
            format!("/shipments/manifests/{MANIFEST}"),
            None,
            "get_manifest",
        ),
        (
            "POST",
            "/shipment_groups".into(),
            Some(batch),
            "create_shipment_group",
        ),
        (
            "PUT",
            "/shipment_groups".into(),
            Some(json!({"reference": GROUP, "add_shipments": [s]})),
            "edit_shipment_group",
        ),
        (
            "GET",
            format!("/shipment_groups/{GROUP}"),
            None,
            "get_shipment_group",
        ),
        (
            "GET",
            "/shipment_groups/custom_reference/CarrierX-PM".into(),
            None,
            "list_shipment_group_versions",
        ),
        (
            "GET",
            "/shipment_groups/custom_reference/CarrierX-PM/latest".into(),
            None,
            "get_shipment_group_version",
        ),
        (
            "PUT",
            format!("/shipment_groups/{GROUP}/shipments/{s}"),
            None,
            "add_shipment_to_group",
        ),
        (
            "DELETE",
            format!("/shipment_groups/{GROUP}/shipments/{s}"),
            None,
            "remove_shipment_from_group",
        ),
        (
            "PUT",
            format!("/shipment_groups/custom_reference/CarrierX-PM/2/shipments/{s}"),
            None,
            "add_shipment_to_group_version",
        ),
        (
            "DELETE",
            format!("/shipment_groups/custom_reference/CarrierX-PM/latest/shipments/{s}"),
            None,
            "remove_shipment_from_group_version",
        ),
        (
            "POST",
            format!("/shipment_groups/{GROUP}/lock"),
            None,
            "lock_shipment_group",
        ),
        (
            "POST",
            format!("/shipment_groups/{GROUP}/unlock"),
            None,
            "unlock_shipment_group",
        ),
        (
            "POST",
            format!("/shipment_groups/{GROUP}/close"),
            None,
            "close_shipment_group",
        ),
        (
            "GET",
            format!("/collection_notes/shipment_group/{GROUP}"),
            None,
            "get_shipment_group_collection_note",
        ),
        (
            "GET",
            "/collection_notes/shipment_group/custom_reference/CarrierX-PM/latest".into(),
            None,
            "get_shipment_group_version_collection_note",
        ),
        (
            "POST",
            "/collection_notes/query".into(),
            Some(json!({
                "address": address,
                "carrier": "carrier_x",
                "shipment_states": ["allocated", "manifested"]
            })),
            "get_collection_note_by_query",
        ),
        (
            "POST",
            "/collection_notes/manifest".into(),
            Some(json!({"manifests": [MANIFEST]})),
            "get_manifest_collection_note",
        ),
        ("GET", format!("/tracking/{s}"), None, "get_tracking_events"),
        (
            "GET",
            format!("/tracking/{s}/shipment_contents"),
            None,
            "get_contents_tracking_events",
        ),
        (
            "GET",
            "/tracking/custom_reference/ORDER-1?take=2&skip=4".into(),
            None,
            "find_tracking_events_by_custom_reference",
        ),
        (
            "GET",
            "/tracking/custom_reference/LINE-1/shipment_contents".into(),
            None,
            "find_contents_tracking_events_by_custom_reference",
        ),
    ]
}

/// The router over a fresh [`Memory`], which is returned too.
pub fn router() -> (axum::Router, Memory) {
    let memory = Memory::default();
    (sorted_pro::server::router(memory.clone()), memory)
}

/// A request with the API key, the version header and, when given, a JSON body.
pub fn request(method: &str, path: &str, body: Option<&Value>) -> http::request::Builder {
    let builder = http::Request::builder()
        .method(method)
        .uri(path)
        .header("x-api-key", API_KEY)
        .header("x-api-version", "1.1");
    match body {
        Some(_) => builder.header("content-type", "application/json"),
        None => builder,
    }
}

/// `request` with its body attached.
pub fn build(method: &str, path: &str, body: Option<&Value>) -> http::Request<Body> {
    let bytes = body.map(|body| body.to_string()).unwrap_or_default();
    match request(method, path, body).body(Body::from(bytes)) {
        Ok(request) => request,
        Err(error) => panic!("bad test request: {error}"),
    }
}

/// An answer as a test sees it.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: bytes::Bytes,
}

impl Answer {
    /// The body as JSON (`null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The `code`s of the error body's details.
    pub fn detail_codes(&self) -> Vec<String> {
        self.json()["details"]
            .as_array()
            .map(|details| {
                details
                    .iter()
                    .map(|detail| detail["code"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `(property, code)` pairs of the error body's details.
    pub fn details(&self) -> Vec<(String, String)> {
        self.json()["details"]
            .as_array()
            .map(|details| {
                details
                    .iter()
                    .map(|detail| {
                        (
                            detail["property"].as_str().unwrap_or_default().to_owned(),
                            detail["code"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Sends `request` through `router` without a network.
pub async fn send(router: &axum::Router, request: http::Request<Body>) -> Answer {
    let response = match router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(error) => panic!("the answer's body did not arrive: {error}"),
    };
    Answer {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body,
    }
}

/// Asserts an `ApiError` answer: status, top-level code, the version header the spec fixes,
/// and a correlation id equal to the `x-request-id` header.
pub fn assert_error(answer: &Answer, status: u16, code: &str) {
    assert_eq!(answer.status, status, "status of {answer:?}");
    let body = answer.json();
    assert_eq!(body["code"], code, "code of {body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|message| !message.is_empty())
    );
    assert_eq!(answer.header("x-api-version"), Some("1.1"));
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let request_id = answer.header("x-request-id");
    assert!(request_id.is_some(), "no x-request-id on {answer:?}");
    assert_eq!(body["correlation_id"].as_str(), request_id);
}
