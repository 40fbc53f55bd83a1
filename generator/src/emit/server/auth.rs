//! Authentication: the `Credentials` and `Authenticator` items, and the functions that
//! read a request's credentials and ask the `Authenticator` for the principal.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::location_word;
use super::traits::{Auth, auth_of};
use crate::emit::context::Cx;
use crate::emit::spelling;
use crate::ir;

/// Where a security scheme's credential sits, as `Rejection`s name it.
fn scheme_parameter(scheme: &ir::SecurityScheme) -> &str {
    match &scheme.kind {
        ir::SecuritySchemeKind::ApiKey {
            location: _,
            parameter,
        } => parameter,
        ir::SecuritySchemeKind::Bearer
        | ir::SecuritySchemeKind::Basic
        | ir::SecuritySchemeKind::OAuth2 => "Authorization",
    }
}

fn credential_field(scheme: &ir::SecurityScheme) -> Ident {
    if scheme.rust_name == "operation_id" {
        format_ident!("operation_id_credential")
    } else {
        spelling::field_ident(&scheme.rust_name)
    }
}

/// `Credentials` and the `Authenticator` trait.
pub(super) fn authenticator(cx: &mut Cx, schemes: &[ir::SecurityScheme]) -> TokenStream {
    let mut fields = Vec::new();
    let mut debug_fields = Vec::new();
    for scheme in schemes {
        let ir::SecurityScheme {
            key,
            rust_name: _,
            kind,
            docs: scheme_docs,
        } = scheme;
        let field = credential_field(scheme);
        let (ty, place) = match kind {
            ir::SecuritySchemeKind::ApiKey {
                location,
                parameter,
            } => (
                quote!(String),
                format!("the {} `{parameter}`", location_word(*location)),
            ),
            ir::SecuritySchemeKind::Bearer | ir::SecuritySchemeKind::OAuth2 => (
                quote!(String),
                "the bearer token of the `Authorization` header".to_owned(),
            ),
            ir::SecuritySchemeKind::Basic => (
                quote!(server::BasicCredentials),
                "the `Basic` credentials of the `Authorization` header".to_owned(),
            ),
        };
        let doc = cx.docs.doc_attrs(
            scheme_docs,
            &[format!(
                "Security scheme `{key}`: {place}, when the request has it and the operation \
                 accepts this scheme."
            )],
        );
        fields.push(quote! { #doc pub #field: Option<#ty>, });
        let name = field.to_string();
        debug_fields.push(quote! {
            .field(#name, &self.#field.as_ref().map(|_| "<hidden>"))
        });
    }
    quote! {
        /// The credentials a request carries, by security scheme.
        #[derive(Clone)]
        pub struct Credentials {
            #(#fields)*
            /// The `operationId` of the operation the request is for.
            pub operation_id: &'static str,
        }

        impl ::std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Credentials")
                    #(#debug_fields)*
                    .field("operation_id", &self.operation_id)
                    .finish()
            }
        }

        /// Maps a request's credentials to the principal its handler receives.
        ///
        /// Called for every operation that has security, once the request carries a
        /// credential of one of the operation's schemes. An `Err` is answered 401.
        pub trait Authenticator: Send + Sync + 'static {
            /// Who is calling, as the implementation wants to know it.
            type Principal: Send + 'static;

            /// The principal for `credentials`, or why they are refused.
            fn authenticate(
                &self,
                credentials: &Credentials,
            ) -> impl ::std::future::Future<
                Output = Result<Self::Principal, server::AuthError>,
            > + Send;
        }
    }
}

/// The functions that read credentials and authenticate, shared between the handlers of
/// operations that accept the same schemes the same way (lowering names them).
#[derive(Default)]
pub(super) struct Authenticators {
    /// Each function's name, its signature after the name, and its body.
    fns: Vec<(Ident, TokenStream, TokenStream)>,
}

impl Authenticators {
    /// The statement of `operation`'s handler that leaves `principal`, adding the function
    /// it calls when new.
    pub(super) fn statement(&mut self, api: &ir::Api, operation: &ir::Operation) -> TokenStream {
        let auth = auth_of(operation);
        let Some(name) = operation
            .server
            .authenticate
            .as_ref()
            .filter(|_| auth != Auth::None)
        else {
            return quote! { let principal = (); };
        };
        let ident = format_ident!("{}", name);
        let used = used_schemes(api, operation);
        let uses_uri = used.iter().any(|scheme| reads_query(scheme));
        let uses_headers = !used.iter().all(|scheme| reads_query(scheme));
        let mut params = quote!(service: &S,);
        let mut args = quote!(&shared.service,);
        if uses_headers {
            params.extend(quote!(headers: &::http::HeaderMap,));
            args.extend(quote!(input.headers(),));
        }
        if uses_uri {
            params.extend(quote!(uri: &::http::Uri,));
            args.extend(quote!(input.uri(),));
        }
        if !self.fns.iter().any(|(known, _, _)| *known == ident) {
            let output = if auth == Auth::Optional {
                quote!(Option<S::Principal>)
            } else {
                quote!(S::Principal)
            };
            let signature = quote! {
                <S: Authenticator>(#params operation_id: &'static str)
                    -> Result<#output, server::Rejection>
            };
            let body = authentication(api, operation, auth, &used);
            self.fns.push((ident.clone(), signature, body));
        }
        // The handler names the operation's module `operation`.
        quote! {
            let principal = #ident(#args operation::OPERATION_ID).await?;
        }
    }

    /// The functions, in the order the handlers first called them.
    pub(super) fn tokens(&self) -> TokenStream {
        let fns = self.fns.iter().map(|(ident, signature, body)| {
            quote! {
                /// Reads the credentials a request carries for an operation and asks the
                /// [`Authenticator`] for the principal.
                async fn #ident #signature {
                    #body
                }
            }
        });
        quote! { #(#fns)* }
    }
}

/// Whether a scheme's credential is in the query string, not in the headers.
fn reads_query(scheme: &ir::SecurityScheme) -> bool {
    matches!(
        scheme.kind,
        ir::SecuritySchemeKind::ApiKey {
            location: ir::ParamLocation::Query,
            ..
        }
    )
}

fn scheme_of<'a>(api: &'a ir::Api, key: &str) -> Option<&'a ir::SecurityScheme> {
    api.security_schemes.iter().find(|scheme| scheme.key == key)
}

/// The schemes `operation` accepts, in order of first mention.
fn used_schemes<'a>(api: &'a ir::Api, operation: &ir::Operation) -> Vec<&'a ir::SecurityScheme> {
    let mut used: Vec<&ir::SecurityScheme> = Vec::new();
    for requirement in &operation.security {
        for (key, _scopes) in &requirement.schemes {
            if let Some(scheme) = scheme_of(api, key) {
                if !used.iter().any(|known| known.key == scheme.key) {
                    used.push(scheme);
                }
            }
        }
    }
    used
}

/// The statements reading the credentials that need checking first (`Basic`), and the
/// field initializers of `Credentials`: the `used` schemes' credentials, `None` for the
/// others.
fn credential_reads(
    api: &ir::Api,
    used: &[&ir::SecurityScheme],
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let rt = quote!(server);
    let mut reads = Vec::new();
    let mut fields = Vec::new();
    for scheme in &api.security_schemes {
        let field = credential_field(scheme);
        if !used.iter().any(|known| known.key == scheme.key) {
            fields.push(quote! { #field: None, });
            continue;
        }
        let key = &scheme.key;
        let value = match &scheme.kind {
            ir::SecuritySchemeKind::ApiKey {
                location,
                parameter,
            } => match location {
                ir::ParamLocation::Query => {
                    quote! { #rt::query_credential(uri, #parameter) }
                }
                ir::ParamLocation::Cookie => {
                    quote! { #rt::cookie_credential(headers, #parameter) }
                }
                ir::ParamLocation::Header | ir::ParamLocation::Path => {
                    quote! { #rt::header_credential(headers, #parameter) }
                }
            },
            ir::SecuritySchemeKind::Bearer | ir::SecuritySchemeKind::OAuth2 => {
                quote! { #rt::bearer_credential(headers) }
            }
            ir::SecuritySchemeKind::Basic => {
                reads.push(quote! {
                    let #field = match #rt::basic_credential(headers) {
                        Some(Ok(credentials)) => {
                            Some(credentials)
                        }
                        Some(Err(error)) => {
                            return Err(#rt::Rejection::InvalidCredential {
                                scheme: #key,
                                parameter: "Authorization",
                                message: error.message().map(ToOwned::to_owned),
                            });
                        }
                        None => None,
                    };
                });
                fields.push(quote! { #field, });
                continue;
            }
        };
        fields.push(quote! { #field: #value, });
    }
    (reads, fields)
}

/// The condition that the credentials satisfy one alternative of `operation`'s security:
/// all the schemes of a non-empty requirement are present.
fn satisfied(api: &ir::Api, operation: &ir::Operation) -> TokenStream {
    let alternatives: Vec<Vec<TokenStream>> = operation
        .security
        .iter()
        .filter(|requirement| !requirement.schemes.is_empty())
        .map(|requirement| {
            requirement
                .schemes
                .iter()
                .filter_map(|(key, _)| {
                    let field = credential_field(scheme_of(api, key)?);
                    Some(quote!(credentials.#field.is_some()))
                })
                .collect()
        })
        .collect();
    let several = alternatives.len() > 1;
    let alternatives: Vec<TokenStream> = alternatives
        .into_iter()
        .map(|present| match present.as_slice() {
            [] => quote!(false),
            [single] => single.clone(),
            _ if several => quote!((#(#present)&&*)),
            _ => quote!(#(#present)&&*),
        })
        .collect();
    if alternatives.is_empty() {
        quote!(false)
    } else {
        quote!(#(#alternatives)||*)
    }
}

/// The `(scheme, parameter)` a refusal is reported for: the first `used` scheme whose
/// credential is present.
fn refused_scheme(used: &[&ir::SecurityScheme]) -> TokenStream {
    match used {
        [] => quote! { ("", "") },
        [single] => {
            let key = &single.key;
            let parameter = scheme_parameter(single);
            quote! { (#key, #parameter) }
        }
        several => {
            let key = &several[0].key;
            let parameter = scheme_parameter(several[0]);
            let candidates = several.iter().map(|scheme| {
                let field = credential_field(scheme);
                let key = &scheme.key;
                let parameter = scheme_parameter(scheme);
                quote! { (credentials.#field.is_some(), #key, #parameter), }
            });
            quote! {
                [#(#candidates)*]
                    .into_iter()
                    .find(|(present, _, _)| *present)
                    .map_or((#key, #parameter), |(_, scheme, parameter)| (scheme, parameter))
            }
        }
    }
}

/// The rejection of a request without credentials: for the first scheme of the first
/// alternative.
fn missing_credential(api: &ir::Api, operation: &ir::Operation) -> TokenStream {
    let rt = quote!(server);
    let missing_scheme = operation
        .security
        .iter()
        .find(|requirement| !requirement.schemes.is_empty())
        .and_then(|requirement| requirement.schemes.first())
        .and_then(|(key, _)| scheme_of(api, key));
    match missing_scheme {
        Some(scheme) => {
            let key = &scheme.key;
            let parameter = scheme_parameter(scheme);
            quote! {
                Err(#rt::Rejection::MissingCredential {
                    scheme: #key,
                    parameter: #parameter,
                })
            }
        }
        None => {
            quote! { Err(#rt::Rejection::MissingCredential { scheme: "", parameter: "" }) }
        }
    }
}

/// The body of an authentication function for `operation`, which accepts the `used`
/// schemes.
fn authentication(
    api: &ir::Api,
    operation: &ir::Operation,
    auth: Auth,
    used: &[&ir::SecurityScheme],
) -> TokenStream {
    let rt = quote!(server);
    let (reads, fields) = credential_reads(api, used);
    let refused = refused_scheme(used);
    let (found, absent) = match auth {
        Auth::Optional => (quote!(Some(principal)), quote!(Ok(None))),
        Auth::Required | Auth::None => (quote!(principal), missing_credential(api, operation)),
    };
    let satisfied = satisfied(api, operation);
    quote! {
        #(#reads)*
        let credentials = Credentials {
            #(#fields)*
            operation_id,
        };
        if #satisfied {
            match Authenticator::authenticate(service, &credentials).await {
                Ok(principal) => Ok(#found),
                Err(error) => {
                    let (scheme, parameter) = #refused;
                    Err(#rt::Rejection::InvalidCredential {
                        scheme,
                        parameter,
                        message: error.message().map(ToOwned::to_owned),
                    })
                }
            }
        } else {
            #absent
        }
    }
}
