//! Responses: status keys read as written, each response with its bodies and headers.

use std::collections::BTreeMap;

use openapiv3 as oa;

use super::parameters::fixed_value;
use super::status::{parse_status, status_variant};
use crate::ir;
use crate::lower::{Cx, component_key, resolve_chain};
use crate::names::{self, NameSet};
use crate::pointer::push as push_pointer;

impl<'a> Cx<'a> {
    /// The responses of an operation, sorted by status.
    pub(super) fn lower_responses(
        &mut self,
        op_pointer: &str,
        responses: &'a oa::Responses,
    ) -> Vec<ir::Response> {
        let base = push_pointer(op_pointer, "responses");
        let keys = self.status_keys(&base);
        let mut entries: Vec<(ir::StatusSpec, &'a oa::ReferenceOr<oa::Response>)> = Vec::new();
        for (code, response) in &responses.responses {
            let status = match code {
                oa::StatusCode::Code(code) => ir::StatusSpec::Code(*code),
                oa::StatusCode::Range(digit) => {
                    ir::StatusSpec::Range(u8::try_from(*digit).unwrap_or(0))
                }
            };
            if let ir::StatusSpec::Range(digit) = status
                && !(1..=5).contains(&digit)
            {
                continue;
            }
            entries.push((status, response));
        }
        if let Some(default) = &responses.default {
            entries.push((ir::StatusSpec::Default, default));
        }
        entries.sort_by_key(|(status, _)| *status);
        let mut out = Vec::new();
        for (status, entry) in entries {
            let key = keys.get(&status).cloned().unwrap_or_else(|| match status {
                ir::StatusSpec::Code(code) => code.to_string(),
                ir::StatusSpec::Range(digit) => format!("{digit}XX"),
                ir::StatusSpec::Default => "default".to_string(),
            });
            let pointer = push_pointer(&base, &key);
            if let Some(response) = self.lower_response(&pointer, status, entry) {
                out.push(response);
            }
        }
        let declares_success = out
            .iter()
            .any(|response| status_outcome(response.status) == Some(ir::Outcome::Success));
        for response in &mut out {
            response.outcome = status_outcome(response.status).unwrap_or(if declares_success {
                ir::Outcome::Failure
            } else {
                ir::Outcome::ByStatus
            });
        }
        out
    }

    /// The raw keys of the responses object at `base` by status, so that pointers use the
    /// key as written (`2xx`, `"200"`); a key that is not a status is an error.
    fn status_keys(&mut self, base: &str) -> BTreeMap<ir::StatusSpec, String> {
        let mut keys: BTreeMap<ir::StatusSpec, String> = BTreeMap::new();
        let raw_keys: Vec<String> = self
            .raw_at(base)
            .and_then(|v| v.as_object())
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for key in raw_keys {
            if key.starts_with("x-") {
                continue;
            }
            match parse_status(&key) {
                Some(status) => {
                    keys.insert(status, key);
                }
                None => self.error(
                    &push_pointer(base, &key),
                    format!("`{key}` is not a status code, a range such as `4XX`, or `default`"),
                ),
            }
        }
        keys
    }

    /// One response; `None` (and an error) for a bad `$ref`.
    fn lower_response(
        &mut self,
        pointer: &str,
        status: ir::StatusSpec,
        entry: &'a oa::ReferenceOr<oa::Response>,
    ) -> Option<ir::Response> {
        let (definition, response) = match entry {
            oa::ReferenceOr::Item(response) => (pointer.to_string(), response),
            oa::ReferenceOr::Reference { reference } => {
                let components = self.api.components.as_ref();
                match resolve_chain(
                    reference,
                    "response",
                    |k| components.and_then(|c| c.responses.get(k)),
                    |p| component_key(p, "responses"),
                    &self.extra.responses,
                ) {
                    Ok(found) => found,
                    Err(message) => {
                        return match self.request_body_as_response(reference) {
                            Some((body_pointer, body)) => {
                                self.warn(
                                    pointer,
                                    "this `$ref` points at a request body, not a response; \
                                     the body's description and content are used",
                                );
                                Some(ir::Response {
                                    status,
                                    variant: status_variant(status),
                                    description: body.description.clone().unwrap_or_default(),
                                    outcome: ir::Outcome::ByStatus,
                                    contents: self.lower_contents(&body_pointer, &body.content),
                                    headers: Vec::new(),
                                })
                            }
                            None => {
                                self.error(pointer, message);
                                None
                            }
                        };
                    }
                }
            }
        };
        let contents = self.lower_contents(&definition, &response.content);
        let headers_base = push_pointer(&definition, "headers");
        let mut headers = Vec::new();
        for (name, header) in &response.headers {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let use_pointer = push_pointer(&headers_base, name);
            if let Some(header) = self.lower_header(&use_pointer, name, header) {
                headers.push(header);
            }
        }
        let mut set = NameSet::new();
        for header in &headers {
            set.add(&header.name.rust, &header.name.wire);
        }
        let rust_names = set.resolve();
        for header in &mut headers {
            if let Some(rust) = rust_names.get(&header.name.wire) {
                header.name.rust = rust.clone();
            }
        }
        for name in response.links.keys() {
            let at = push_pointer(&push_pointer(&definition, "links"), name);
            self.warn(&at, "links are ignored");
        }
        Some(ir::Response {
            status,
            variant: status_variant(status),
            description: response.description.clone(),
            outcome: ir::Outcome::ByStatus,
            contents,
            headers,
        })
    }

    /// The request body a response's `$ref` points at, a spec bug that is read as the
    /// response it meant (PagerDuty's `#/components/requestBodies/...` in responses).
    fn request_body_as_response(&self, reference: &str) -> Option<(String, &'a oa::RequestBody)> {
        let components = self.api.components.as_ref();
        resolve_chain(
            reference,
            "request body",
            |k| components.and_then(|c| c.request_bodies.get(k)),
            |p| component_key(p, "requestBodies"),
            &self.extra.request_bodies,
        )
        .ok()
    }

    /// A response header; `None` (and an error) for a bad `$ref`.
    fn lower_header(
        &mut self,
        pointer: &str,
        name: &str,
        entry: &'a oa::ReferenceOr<oa::Header>,
    ) -> Option<ir::ResponseHeader> {
        let (definition, header) = match entry {
            oa::ReferenceOr::Item(header) => (pointer.to_string(), header),
            oa::ReferenceOr::Reference { reference } => {
                let components = self.api.components.as_ref();
                match resolve_chain(
                    reference,
                    "header",
                    |k| components.and_then(|c| c.headers.get(k)),
                    |p| component_key(p, "headers"),
                    &self.extra.headers,
                ) {
                    Ok(found) => found,
                    Err(message) => {
                        self.error(pointer, message);
                        return None;
                    }
                }
            }
        };
        let (ty, schema) = self.value_format(&definition, &header.format);
        Some(ir::ResponseHeader {
            name: ir::Name {
                rust: names::field_name(name),
                wire: name.to_string(),
            },
            required: header.required,
            ty,
            fixed_value: schema.and_then(fixed_value),
            docs: ir::Docs {
                title: None,
                description: header.description.clone(),
                deprecated: header.deprecated.unwrap_or(false),
                example: header.example.clone(),
            },
        })
    }
}

/// Which side of `into_result` answers of one status fall on, when the status alone decides.
/// Codes and ranges below 400 are successes, 3xx included: the client does not follow
/// redirects, so a declared redirect or `304 Not Modified` is an answer to act on, not an
/// error. 4xx and 5xx are failures. `default` is left to the operation: it is a failure
/// when the operation declares any success, as it then stands for the errors; otherwise
/// the status an answer comes with decides.
fn status_outcome(status: ir::StatusSpec) -> Option<ir::Outcome> {
    match status {
        ir::StatusSpec::Code(code) if code < 400 => Some(ir::Outcome::Success),
        ir::StatusSpec::Range(digit) if digit < 4 => Some(ir::Outcome::Success),
        ir::StatusSpec::Code(_) | ir::StatusSpec::Range(_) => Some(ir::Outcome::Failure),
        ir::StatusSpec::Default => None,
    }
}
