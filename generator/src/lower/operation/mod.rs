//! Lowering of operations: the walk over paths and methods, each operation put together
//! from its parameters, body, responses and security, and the API's tags and servers.
//!
//! The submodules hold the parts:
//! - `parameters`: path-level and operation-level parameters merged, checked against the
//!   path template and lowered; the type of a parameter or header value.
//! - `bodies`: request bodies and the bodies by media type of requests and responses.
//! - `responses`: responses by status, with their headers.
//! - `security`: security schemes and requirements.
//! - `status`: status keys parsed and named (`Ok`, `ClientError`, `Status299`).
//! - `media`: which encoding a media type has.
//! - `template`: path templates parsed, and the operation id made up from a path.

mod bodies;
mod media;
mod parameters;
mod responses;
mod security;
mod status;
mod template;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3 as oa;

use super::Cx;
use crate::ir;
use crate::names;
use crate::pointer::push as push_pointer;
pub(super) use status::status_key_variant;
pub(super) use template::generated_id;
pub use template::parse_template;

/// An operation found by the walk, before lowering.
struct Found<'a> {
    pointer: String,
    path: &'a str,
    method: ir::Method,
    operation: &'a oa::Operation,
    item: &'a oa::PathItem,
    id: String,
    name: String,
    type_name: String,
}

impl<'a> Cx<'a> {
    /// Lowers every operation, walking paths in sorted order and methods in enum order.
    pub(super) fn lower_operations(&mut self) -> Vec<ir::Operation> {
        let known: BTreeSet<String> = self
            .api
            .components
            .as_ref()
            .map(|c| c.security_schemes.keys().cloned().collect())
            .unwrap_or_default();
        let top_security = match &self.api.security {
            Some(requirements) => self.lower_security(requirements, "#/security", &known),
            None => Vec::new(),
        };
        let found = self.find_operations();
        self.check_operation_names(&found);
        for op in &found {
            self.op_type_names
                .insert(op.pointer.clone(), op.type_name.clone());
        }
        found
            .iter()
            .map(|op| self.lower_operation(op, &top_security, &known))
            .collect()
    }

    /// The operations of every path item, paths in sorted order and methods in enum order;
    /// a path item `$ref` is an error.
    fn find_operations(&mut self) -> Vec<Found<'a>> {
        let mut paths: Vec<_> = self.api.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut found: Vec<Found<'a>> = Vec::new();
        for (path, item) in paths {
            let path_pointer = push_pointer("#/paths", path);
            let item = match item {
                oa::ReferenceOr::Item(item) => item,
                oa::ReferenceOr::Reference { .. } => {
                    self.error(&path_pointer, "path item `$ref` is not supported");
                    continue;
                }
            };
            let methods = [
                ("get", ir::Method::Get, &item.get),
                ("put", ir::Method::Put, &item.put),
                ("post", ir::Method::Post, &item.post),
                ("delete", ir::Method::Delete, &item.delete),
                ("options", ir::Method::Options, &item.options),
                ("head", ir::Method::Head, &item.head),
                ("patch", ir::Method::Patch, &item.patch),
                ("trace", ir::Method::Trace, &item.trace),
            ];
            for (method_key, method, operation) in methods {
                let Some(operation) = operation else { continue };
                let id = operation
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| generated_id(method_key, path));
                let name = names::fn_name(&id);
                let type_name = names::type_name(&name);
                found.push(Found {
                    pointer: push_pointer(&path_pointer, method_key),
                    path,
                    method,
                    operation,
                    item,
                    id,
                    name,
                    type_name,
                });
            }
        }
        found
    }

    /// Reports every operation whose name an earlier operation already has.
    fn check_operation_names(&mut self, found: &[Found<'a>]) {
        let mut by_name: BTreeMap<&str, &str> = BTreeMap::new();
        let mut duplicates = Vec::new();
        for op in found {
            if let Some(first) = by_name.insert(&op.name, &op.pointer) {
                duplicates.push((
                    op.pointer.clone(),
                    format!(
                        "operation name `{}` (from {:?}) is also the name of the operation \
                         at {first}",
                        op.name, op.id
                    ),
                ));
            }
        }
        for (pointer, message) in duplicates {
            self.error(&pointer, message);
        }
    }

    /// One operation, with the top-level security unless it has its own.
    fn lower_operation(
        &mut self,
        op: &Found<'a>,
        top_security: &[ir::SecurityRequirement],
        known: &BTreeSet<String>,
    ) -> ir::Operation {
        let operation = op.operation;
        let parameters = self.lower_parameters(op);
        let request_body = operation.request_body.as_ref().and_then(|body| {
            self.lower_request_body(&push_pointer(&op.pointer, "requestBody"), body)
        });
        let responses = self.lower_responses(&op.pointer, &operation.responses);
        if responses.is_empty() {
            self.warn(
                &push_pointer(&op.pointer, "responses"),
                "the operation declares no response: its `Response` enum has no variant, \
                 the client reports every answer as undeclared and a server cannot answer it",
            );
        }
        for name in operation.callbacks.keys() {
            let pointer = push_pointer(&push_pointer(&op.pointer, "callbacks"), name);
            self.warn(&pointer, "callbacks are ignored");
        }
        let security = match &operation.security {
            Some(requirements) => {
                self.lower_security(requirements, &push_pointer(&op.pointer, "security"), known)
            }
            None => top_security.to_vec(),
        };
        if let Some((_, fragment)) = op.path.split_once('#') {
            self.warn(
                &push_pointer("#/paths", op.path),
                format!(
                    "the path has a fragment `#{fragment}`, which is not part of a URL path; \
                     the route and the request URL leave it out"
                ),
            );
        }
        ir::Operation {
            id: op.id.clone(),
            name: op.name.clone(),
            type_name: op.type_name.clone(),
            method: op.method,
            path: op.path.to_string(),
            template: parse_template(op.path),
            tags: operation.tags.clone(),
            summary: operation.summary.clone(),
            docs: ir::Docs {
                title: None,
                description: operation.description.clone(),
                deprecated: operation.deprecated,
                example: None,
            },
            parameters,
            request_body,
            responses,
            security,
            pointer: op.pointer.clone(),
            server: ir::OperationServerNames {
                handler: names::handler_name(&op.name),
                authenticate: None,
                shadowed_by: None,
            },
            lifecycle: self.lifecycle(&op.pointer, &operation.extensions),
        }
    }

    /// `x-sunset` and `x-stability-level` of an operation; a value of the wrong shape is
    /// warned of and left out.
    fn lifecycle(
        &mut self,
        pointer: &str,
        extensions: &indexmap::IndexMap<String, serde_json::Value>,
    ) -> ir::Lifecycle {
        let sunset = extensions.get("x-sunset").and_then(|value| {
            let date = value.as_str().filter(|text| is_date_prefix(text));
            if date.is_none() {
                self.warn(
                    &push_pointer(pointer, "x-sunset"),
                    "`x-sunset` is not a date (YYYY-MM-DD); ignored",
                );
            }
            date.map(str::to_owned)
        });
        let stability = extensions.get("x-stability-level").and_then(|value| {
            let level = match value.as_str() {
                Some("draft") => Some(ir::Stability::Draft),
                Some("alpha") => Some(ir::Stability::Alpha),
                Some("beta") => Some(ir::Stability::Beta),
                Some("stable") => Some(ir::Stability::Stable),
                _ => None,
            };
            if level.is_none() {
                self.warn(
                    &push_pointer(pointer, "x-stability-level"),
                    "`x-stability-level` is none of draft, alpha, beta, stable; ignored",
                );
            }
            level
        });
        ir::Lifecycle { sunset, stability }
    }

    /// Tags: declared ones in order, then undeclared ones in order of first use.
    pub(super) fn lower_tags(&mut self, operations: &[ir::Operation]) -> Vec<ir::Tag> {
        let mut out: Vec<ir::Tag> = Vec::new();
        for tag in &self.api.tags {
            if !out.iter().any(|t| t.name == tag.name) {
                out.push(ir::Tag {
                    name: tag.name.clone(),
                    description: tag.description.clone(),
                });
            }
        }
        for op in operations {
            for tag in &op.tags {
                if !out.iter().any(|t| t.name == *tag) {
                    out.push(ir::Tag {
                        name: tag.clone(),
                        description: None,
                    });
                }
            }
        }
        out
    }
}

/// Servers with `{variable}` templates filled with their defaults.
pub(super) fn lower_servers(servers: &[oa::Server]) -> Vec<ir::Server> {
    let descriptions: Vec<Option<&str>> = servers
        .iter()
        .map(|server| server.description.as_deref())
        .collect();
    let variants = names::server_variants(&descriptions);
    servers
        .iter()
        .zip(variants)
        .map(|(server, variant)| {
            let mut url = server.url.clone();
            if let Some(variables) = &server.variables {
                for (name, variable) in variables {
                    url = url.replace(&format!("{{{name}}}"), &variable.default);
                }
            }
            ir::Server {
                url,
                description: server.description.clone(),
                variant,
            }
        })
        .collect()
}

/// Whether `text` starts with a date `YYYY-MM-DD`.
fn is_date_prefix(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 10
        && bytes[..10]
            .iter()
            .enumerate()
            .all(|(index, byte)| match index {
                4 | 7 => *byte == b'-',
                _ => byte.is_ascii_digit(),
            })
}
