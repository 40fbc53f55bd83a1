//! Security: the schemes of `components/securitySchemes` and the requirements that name
//! them.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3 as oa;

use crate::ir;
use crate::lower::{Cx, INVALID_CODE, MISSING_CODE, component_key, extension_text, resolve_chain};
use crate::names::{self, NameSet};
use crate::pointer::push as push_pointer;

impl Cx<'_> {
    /// Lowers `components/securitySchemes`, sorted by key.
    pub(in crate::lower) fn lower_security_schemes(&mut self) -> Vec<ir::SecurityScheme> {
        let Some(components) = self.api.components.as_ref() else {
            return Vec::new();
        };
        let mut entries: Vec<_> = components.security_schemes.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut set = NameSet::new();
        for (key, _) in &entries {
            set.add(&names::fn_name(key), key);
        }
        let rust_names = set.resolve();
        let empty = std::collections::HashMap::new();
        let mut out = Vec::new();
        for (key, entry) in entries {
            let pointer = push_pointer("#/components/securitySchemes", key);
            let scheme = match entry {
                oa::ReferenceOr::Item(scheme) => scheme,
                oa::ReferenceOr::Reference { reference } => match resolve_chain(
                    reference,
                    "security scheme",
                    |k| components.security_schemes.get(k),
                    |p| component_key(p, "securitySchemes"),
                    &empty,
                ) {
                    Ok((_, scheme)) => scheme,
                    Err(message) => {
                        self.error(&pointer, message);
                        continue;
                    }
                },
            };
            let Some((kind, description, ext)) = self.security_scheme_kind(&pointer, scheme) else {
                continue;
            };
            let missing = extension_text(ext, MISSING_CODE);
            let invalid = extension_text(ext, INVALID_CODE);
            if missing.is_some() || invalid.is_some() {
                self.scheme_codes.push(ir::SchemeErrorCodes {
                    scheme: key.clone(),
                    missing,
                    invalid,
                });
            }
            out.push(ir::SecurityScheme {
                key: key.clone(),
                rust_name: rust_names
                    .get(key.as_str())
                    .cloned()
                    .unwrap_or_else(|| names::fn_name(key)),
                kind,
                docs: ir::Docs {
                    description: description.clone(),
                    ..ir::Docs::default()
                },
            });
        }
        out
    }

    /// What a security scheme asks for, with its description and extensions; `None` (and
    /// an error) for an HTTP scheme other than `basic` and `bearer`.
    fn security_scheme_kind<'s>(
        &mut self,
        pointer: &str,
        scheme: &'s oa::SecurityScheme,
    ) -> Option<(
        ir::SecuritySchemeKind,
        &'s Option<String>,
        &'s IndexMap<String, serde_json::Value>,
    )> {
        Some(match scheme {
            oa::SecurityScheme::APIKey {
                location,
                name,
                description,
                extensions,
            } => (
                ir::SecuritySchemeKind::ApiKey {
                    location: match location {
                        oa::APIKeyLocation::Query => ir::ParamLocation::Query,
                        oa::APIKeyLocation::Header => ir::ParamLocation::Header,
                        oa::APIKeyLocation::Cookie => ir::ParamLocation::Cookie,
                    },
                    parameter: name.clone(),
                },
                description,
                extensions,
            ),
            oa::SecurityScheme::HTTP {
                scheme,
                description,
                extensions,
                ..
            } => {
                let kind = match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => ir::SecuritySchemeKind::Bearer,
                    "basic" => ir::SecuritySchemeKind::Basic,
                    other => {
                        self.error(
                            &push_pointer(pointer, "scheme"),
                            format!(
                                "HTTP authentication scheme `{other}` is not supported; \
                                 only `basic` and `bearer` are"
                            ),
                        );
                        return None;
                    }
                };
                (kind, description, extensions)
            }
            oa::SecurityScheme::OAuth2 {
                description,
                extensions,
                ..
            }
            | oa::SecurityScheme::OpenIDConnect {
                description,
                extensions,
                ..
            } => (ir::SecuritySchemeKind::OAuth2, description, extensions),
        })
    }

    /// Lowers a list of security requirements, checking scheme names.
    pub(super) fn lower_security(
        &mut self,
        requirements: &[oa::SecurityRequirement],
        pointer: &str,
        known: &BTreeSet<String>,
    ) -> Vec<ir::SecurityRequirement> {
        let mut out = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let at = push_pointer(pointer, &index.to_string());
            let mut schemes = Vec::new();
            for (key, scopes) in requirement {
                if known.contains(key) {
                    schemes.push((key.clone(), scopes.clone()));
                } else {
                    self.error(
                        &at,
                        format!(
                            "security requirement names `{key}`, which is not in \
                             components/securitySchemes"
                        ),
                    );
                }
            }
            // Schemes of one requirement apply together; their order carries no meaning.
            schemes.sort();
            out.push(ir::SecurityRequirement { schemes });
        }
        out
    }
}
