//! `operations.rs`: one module per operation with its `Request` and `Response` types,
//! shared by the client (which sends requests and decodes responses) and the server
//! (which decodes requests and sends responses).

use std::collections::BTreeMap;
use std::ops::Range;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::context::Cx;
use crate::emit::prelude::Prelude;
use crate::emit::shapes::{
    body_kind_tokens, response_body_enum, response_headers_struct, variable_headers,
};
use crate::emit::validate::{Checker, PatternSite};
use crate::emit::{docs, results, spelling, validate};
use crate::ir;

/// The modules of the operations of `api` in `range` (indexes into `api.operations`).
/// Each module depends only on its operation.
pub fn emit_operations_in(cx: &mut Cx, api: &ir::Api, range: Range<usize>) -> TokenStream {
    let needs = |_: &str| true;
    let checker = Checker::new(&needs, PatternSite::Parent, cx.prelude);
    let modules: Vec<TokenStream> = api
        .operations
        .get(range)
        .unwrap_or_default()
        .iter()
        .map(|operation| operation_module(cx, operation, &checker))
        .collect();
    quote!(#(#modules)*)
}

/// The items of `operations.rs` before the operation modules: the module docs and the
/// compiled patterns the modules' checks share (one regex per pattern). Nothing follows
/// the modules.
pub fn emit_operations_frame(api: &ir::Api) -> (TokenStream, TokenStream) {
    let patterns = operation_patterns(api);
    let pattern_statics = (!patterns.is_empty()).then(|| {
        let statics = validate::pattern_statics(&patterns);
        quote! {
            use crate::runtime::validation;
            #statics
        }
    });
    let head = quote! {
        //! Request and response types of every operation, one module each.
        #pattern_statics
    };
    (head, TokenStream::new())
}

/// The patterns the checks of the operation modules use, by static name: those of the
/// parameters a caller supplies and of text bodies.
fn operation_patterns(api: &ir::Api) -> BTreeMap<String, &ir::Pattern> {
    let mut patterns = BTreeMap::new();
    for operation in &api.operations {
        for parameter in caller_parameters(operation) {
            validate::ty_patterns(&parameter.ty, &mut patterns);
        }
        let contents = operation
            .request_body
            .iter()
            .flat_map(|body| &body.contents);
        for content in contents {
            if let ir::BodyKind::Text(constraints) = &content.body {
                if let Some(pattern) = &constraints.pattern {
                    patterns.insert(validate::pattern_ident(pattern).to_string(), pattern);
                }
            }
        }
    }
    patterns
}

/// The distinct media types of an operation's answers: what a client accepts and a
/// server may answer with.
pub fn response_media(operation: &ir::Operation) -> Vec<String> {
    let mut media: Vec<String> = Vec::new();
    for response in &operation.responses {
        for content in &response.contents {
            if !media.contains(&content.media_type) {
                media.push(content.media_type.clone());
            }
        }
    }
    media
}

/// The field of `Request` that holds the body: `body`, unless a parameter took that name.
pub fn body_field_name(operation: &ir::Operation) -> &'static str {
    if operation
        .parameters
        .iter()
        .any(|parameter| parameter.name.rust == "body")
    {
        "request_body"
    } else {
        "body"
    }
}

/// The parameters a caller supplies: all but those whose only value the spec fixes.
pub fn caller_parameters(operation: &ir::Operation) -> impl Iterator<Item = &ir::Parameter> {
    operation
        .parameters
        .iter()
        .filter(|parameter| parameter.fixed_value.is_none())
}

/// The statements that check a body of one media type at `value` (a reference).
fn body_check(checker: &Checker, body: &ir::BodyKind, value: TokenStream) -> TokenStream {
    match body {
        ir::BodyKind::Text(constraints) if !constraints.is_empty() => {
            let text = ir::Ty {
                kind: ir::TyKind::String(ir::StringFormat::Plain),
                nullable: false,
                constraints: constraints.clone(),
            };
            validate::validate_body(checker, &text, value)
        }
        _ => quote! { validation::Validate::validate_at(#value, path, out); },
    }
}

fn operation_module(cx: &mut Cx, operation: &ir::Operation, checker: &Checker) -> TokenStream {
    let ir::Operation {
        id,
        name,
        type_name: _,
        method,
        path,
        template: _,
        tags,
        summary,
        docs: operation_docs,
        parameters: _,
        request_body,
        responses,
        security: _,
        pointer: _,
        server: _,
        lifecycle: _,
    } = operation;
    let module = spelling::field_ident(name);
    let mut module_lines = vec![format!("`{} {}`", method.as_str(), path)];
    if let Some(summary) = summary {
        module_lines[0].push_str(&format!(": {summary}"));
    }
    if !tags.is_empty() {
        module_lines.push(String::new());
        module_lines.push(format!("Tag: {}.", tags.join(", ")));
    }
    let module_doc = cx.docs.doc_attrs(operation_docs, &module_lines);
    let method_ident = format_ident!("{}", method.as_str());
    let request = request_struct(cx, operation, checker);
    let request_body_enum = request_body
        .as_ref()
        .and_then(|body| request_body_enum(body, checker));
    let response = response_enum(cx, operation);
    let results = results::results(operation);
    let response_support: Vec<TokenStream> = responses
        .iter()
        .map(|response| response_support_types(cx, response))
        .collect();
    let mut runtime = Vec::new();
    if responses
        .iter()
        .any(|response| response.outcome != ir::Outcome::Success)
    {
        runtime.push(quote!(outcome));
    }
    if responses
        .iter()
        .any(|response| matches!(response.status, ir::StatusSpec::Code(_)))
    {
        runtime.push(quote!(status));
    }
    runtime.push(quote!(validation));
    let imports = match runtime.as_slice() {
        [single] => quote!(use crate::runtime::#single;),
        several => quote!(use crate::runtime::{#(#several),*};),
    };
    quote! {
        #module_doc
        pub mod #module {
            #imports
            /// The operation's HTTP method.
            pub const METHOD: ::http::Method = ::http::Method::#method_ident;
            /// The operation's path template.
            pub const PATH: &str = #path;
            /// The operation's `operationId`.
            pub const OPERATION_ID: &str = #id;
            #request
            #request_body_enum
            #response
            #results
            #(#response_support)*
        }
    }
}

/// `Request`: the caller-supplied parameters and the body, with a constructor taking the
/// required ones, `with_*` setters for the others, and validation.
fn request_struct(cx: &mut Cx, operation: &ir::Operation, checker: &Checker) -> TokenStream {
    let mut fields = Vec::new();
    let mut required_args = Vec::new();
    let mut required_inits = Vec::new();
    let mut optional_inits = Vec::new();
    let mut setters = Vec::new();
    let mut checks = Vec::new();
    for parameter in caller_parameters(operation) {
        let ir::Parameter {
            name,
            location,
            required,
            ty,
            style: _,
            explode: _,
            fixed_value: _,
            default,
            docs: parameter_docs,
            pointer: _,
        } = parameter;
        let ident = spelling::field_ident(&name.rust);
        let value_ty = spelling::ty_tokens(ty);
        let mut lines = vec![format!(
            "The {} parameter `{}`{}.",
            location.as_str(),
            name.wire,
            if *required { "" } else { " (optional)" }
        )];
        if let Some(default) = default {
            lines.push(format!("Default: `{default}`."));
        }
        lines.extend(docs::constraint_lines(&ty.constraints));
        let doc = cx.docs.doc_attrs(parameter_docs, &lines);
        let wire = &name.wire;
        let (arg, into) = if ty.nullable {
            (value_ty.clone(), false)
        } else {
            spelling::setter_arg(&ty.kind, &value_ty, Prelude::BARE)
        };
        if *required {
            fields.push(quote! { #doc pub #ident: #value_ty, });
            required_args.push(quote! { #ident: #arg });
            required_inits.push(if into {
                quote! { #ident: #ident.into(), }
            } else {
                quote! { #ident, }
            });
            let check = validate::validate_value(checker, ty, quote!(&self.#ident), wire);
            checks.push(check);
        } else {
            fields.push(quote! { #doc pub #ident: Option<#value_ty>, });
            optional_inits.push(quote! { #ident: None, });
            let setter = format_ident!("with_{}", name.rust.trim_start_matches("r#"));
            let setter_doc = format!(" Sets the {} parameter `{}`.", location.as_str(), wire);
            let stored = if into {
                quote!(#ident.into())
            } else {
                quote!(#ident)
            };
            setters.push(quote! {
                #[doc = #setter_doc]
                #[must_use]
                pub fn #setter(mut self, #ident: #arg) -> Self {
                    self.#ident = Some(#stored);
                    self
                }
            });
            let check = validate::validate_value(checker, ty, quote!(value), wire);
            checks.push(quote! {
                if let Some(value) = &self.#ident {
                    #check
                }
            });
        }
    }
    if let Some(body) = &operation.request_body {
        let ident = format_ident!("{}", body_field_name(operation));
        let (body_ty, single) = match body.contents.as_slice() {
            [single] => (body_kind_tokens(&single.body), Some(&single.body)),
            _ => (quote!(RequestBody), None),
        };
        // Text and bytes are taken as `impl Into<T>`, JSON bodies as `setter_arg` says.
        let (body_arg, body_into) = match single {
            Some(ir::BodyKind::Json(ty) | ir::BodyKind::Form(ty)) if !ty.nullable => {
                spelling::setter_arg(&ty.kind, &body_ty, Prelude::BARE)
            }
            Some(ir::BodyKind::Json(_) | ir::BodyKind::Form(_)) | None => (body_ty.clone(), false),
            Some(ir::BodyKind::Text(_) | ir::BodyKind::Binary) => {
                (quote!(impl Into<#body_ty>), true)
            }
        };
        let body_value = if body_into {
            quote!(#ident.into())
        } else {
            quote!(#ident)
        };
        let check = |value: TokenStream| match single {
            Some(kind) => body_check(checker, kind, value),
            None => quote! { validation::Validate::validate_at(#value, path, out); },
        };
        let doc = cx
            .docs
            .doc_attrs(&body.docs, &["The request body.".to_owned()]);
        if body.required {
            fields.push(quote! { #doc pub #ident: #body_ty, });
            required_args.push(quote! { #ident: #body_arg });
            required_inits.push(if body_into {
                quote! { #ident: #body_value, }
            } else {
                quote! { #ident, }
            });
            checks.push(check(quote!(&self.#ident)));
        } else {
            fields.push(quote! { #doc pub #ident: Option<#body_ty>, });
            optional_inits.push(quote! { #ident: None, });
            let setter = format_ident!("with_{}", body_field_name(operation));
            setters.push(quote! {
                /// Sets the request body.
                #[must_use]
                pub fn #setter(mut self, #ident: #body_arg) -> Self {
                    self.#ident = Some(#body_value);
                    self
                }
            });
            let check = check(quote!(value));
            checks.push(quote! {
                if let Some(value) = &self.#ident {
                    #check
                }
            });
        }
    }
    let unused = if checks.is_empty() {
        quote! { let _ = (path, out); }
    } else {
        quote! {}
    };
    let new_doc = if required_args.is_empty() {
        " A request with every optional parameter unset.".to_owned()
    } else {
        " A request with the required parameters; optional ones start unset.".to_owned()
    };
    let allow_args = if required_args.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let derive_default = if required_args.is_empty() {
        quote!(#[derive(Default)])
    } else {
        quote!()
    };
    quote! {
        /// The operation's parameters and body, as the client sends them and a server
        /// implementation receives them. Headers whose value the spec fixes are not here:
        /// the client sends them and the server checks them.
        #[derive(Debug, Clone, PartialEq)]
        #derive_default
        pub struct Request {
            #(#fields)*
        }

        impl Request {
            #[doc = #new_doc]
            #allow_args
            pub fn new(#(#required_args),*) -> Self {
                Self {
                    #(#required_inits)*
                    #(#optional_inits)*
                }
            }
            #(#setters)*
        }

        impl validation::Validate for Request {
            fn validate_at(
                &self,
                path: &mut validation::Path,
                out: &mut Vec<validation::Violation>,
            ) {
                #unused
                #(#checks)*
            }
        }
    }
}

/// `RequestBody`: the body by media type, when the operation accepts several.
fn request_body_enum(body: &ir::RequestBody, checker: &Checker) -> Option<TokenStream> {
    if body.contents.len() < 2 {
        return None;
    }
    let variants = body.contents.iter().map(|content| {
        let ident = format_ident!("{}", content.variant);
        let ty = body_kind_tokens(&content.body);
        let doc = format!(" A `{}` body.", content.media_type);
        quote! { #[doc = #doc] #ident(#ty), }
    });
    let arms = body.contents.iter().map(|content| {
        let ident = format_ident!("{}", content.variant);
        let check = body_check(checker, &content.body, quote!(value));
        quote! { Self::#ident(value) => { #check } }
    });
    let media = body.contents.iter().map(|content| {
        let ident = format_ident!("{}", content.variant);
        let media_type = &content.media_type;
        quote! { Self::#ident(_) => #media_type, }
    });
    Some(quote! {
        /// The request body in one of the media types the operation accepts.
        #[derive(Debug, Clone, PartialEq)]
        pub enum RequestBody {
            #(#variants)*
        }

        impl RequestBody {
            /// The media type this body is sent as.
            pub fn media_type(&self) -> &'static str {
                match self {
                    #(#media)*
                }
            }
        }

        impl validation::Validate for RequestBody {
            fn validate_at(
                &self,
                path: &mut validation::Path,
                out: &mut Vec<validation::Violation>,
            ) {
                match self {
                    #(#arms)*
                }
            }
        }
    })
}

/// `Response`: one variant per declared status.
fn response_enum(cx: &mut Cx, operation: &ir::Operation) -> TokenStream {
    let variants: Vec<TokenStream> = operation
        .responses
        .iter()
        .map(|response| results::variant_decl(cx, response))
        .collect();
    let status_body = results::status_body(&operation.responses);
    let into_result = results::into_result(operation);
    quote! {
        /// Every answer the spec declares for this operation, by status. `into_result`
        /// splits it into [`Success`] and [`Failure`].
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum Response {
            #(#variants)*
        }

        impl Response {
            /// The HTTP status of this response.
            pub fn status(&self) -> ::http::StatusCode {
                #status_body
            }

            #into_result
        }
    }
}

/// The body enum and headers struct a response variant needs, if any.
fn response_support_types(cx: &mut Cx, response: &ir::Response) -> TokenStream {
    let body_enum = (response.contents.len() > 1).then(|| {
        let ident = response_body_enum(response);
        let variants = response.contents.iter().map(|content| {
            let variant = format_ident!("{}", content.variant);
            let ty = body_kind_tokens(&content.body);
            let doc = format!(" A `{}` body.", content.media_type);
            quote! { #[doc = #doc] #variant(#ty), }
        });
        let doc = format!(
            " The body of a `{}` response, by media type.",
            response.variant
        );
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #ident {
                #(#variants)*
            }
        }
    });
    let headers_struct = variable_headers(response).next().is_some().then(|| {
        let ident = response_headers_struct(response);
        let fields = variable_headers(response).map(|header| {
            let ir::ResponseHeader {
                name,
                required,
                ty,
                fixed_value: _,
                docs: header_docs,
            } = header;
            let field = spelling::field_ident(&name.rust);
            let value_ty = spelling::ty_tokens(ty);
            let doc = cx
                .docs
                .doc_attrs(header_docs, &[format!("The `{}` header.", name.wire)]);
            if *required {
                quote! { #doc pub #field: #value_ty, }
            } else {
                quote! { #doc pub #field: Option<#value_ty>, }
            }
        });
        let doc = format!(" The headers of a `{}` response.", response.variant);
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            pub struct #ident {
                #(#fields)*
            }
        }
    });
    quote! { #body_enum #headers_struct }
}
