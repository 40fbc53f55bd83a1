//! Each operation's `Success` and `Failure` and `Response::into_result`, which splits an
//! answer between them (by [`ir::Operation::outcome`]) so that callers can pass failures
//! on with `?`.
//!
//! `Success` is the body itself when the operation declares one success and it has a body
//! and nothing else (`()` when it has nothing at all), else an enum of the successes.
//! `Failure` is always an enum of the failures, with the status and the typed body, and
//! implements `Display` and `std::error::Error`: its text is the status and what the body
//! says (the `Display` of an error body type, or an excerpt).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::context::Cx;
use crate::emit::operations::{
    VariantShape, response_body_enum, response_body_tokens, variant_shape,
};
use crate::emit::spelling::is_option;
use crate::ir;

/// Which of the two types a variant is moved into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Success,
    Failure,
}

impl Side {
    fn takes(self, outcome: ir::Outcome) -> bool {
        matches!(
            (self, outcome),
            (_, ir::Outcome::ByStatus)
                | (Side::Success, ir::Outcome::Success)
                | (Side::Failure, ir::Outcome::Failure)
        )
    }
}

/// What `Success` is.
enum SuccessShape<'a> {
    /// The body of the one success, which has nothing else.
    Body(&'a ir::Response),
    /// `()`: the one success has neither body nor headers.
    Unit,
    /// An enum of the successes.
    Enum(Vec<&'a ir::Response>),
}

fn side_responses(operation: &ir::Operation, side: Side) -> Vec<&ir::Response> {
    operation
        .responses
        .iter()
        .filter(|response| side.takes(operation.outcome(response)))
        .collect()
}

fn success_shape(operation: &ir::Operation) -> SuccessShape<'_> {
    let successes = side_responses(operation, Side::Success);
    match successes.as_slice() {
        [single] if operation.outcome(single) == ir::Outcome::Success => {
            match variant_shape(single) {
                VariantShape::Body => SuccessShape::Body(single),
                VariantShape::Unit => SuccessShape::Unit,
                VariantShape::Fields { .. } => SuccessShape::Enum(successes),
            }
        }
        _ => SuccessShape::Enum(successes),
    }
}

/// `Success` and `Failure` with their impls.
pub fn results(operation: &ir::Operation) -> TokenStream {
    let success = success_type(operation);
    let failure = failure_type(operation);
    quote! {
        #success
        #failure
    }
}

/// The variant of `response` in `Response`, with the doc lines of its status.
pub fn variant_decl(cx: &mut Cx, response: &ir::Response) -> TokenStream {
    let mut lines = vec![format!(
        "{}: {}",
        status_words(response.status),
        response.description
    )];
    if response.contents.len() == 1 {
        lines.push(format!("Media type `{}`.", response.contents[0].media_type));
    }
    let doc = cx.docs.doc_attrs(&ir::Docs::default(), &lines);
    variant_with_doc(response, doc)
}

/// The variant of `response` in `Success` or `Failure`, whose doc points at the
/// `Response` variant that describes it.
fn side_variant_decl(response: &ir::Response) -> TokenStream {
    let doc = format!(
        " {}: see [`Response::{}`].",
        status_words(response.status),
        response.variant
    );
    variant_with_doc(response, quote!(#[doc = #doc]))
}

fn variant_with_doc(response: &ir::Response, doc: TokenStream) -> TokenStream {
    let ident = format_ident!("{}", response.variant);
    match variant_shape(response) {
        VariantShape::Unit => quote! { #doc #ident, },
        VariantShape::Body => {
            let body = response_body_tokens(response);
            quote! { #doc #ident(#body), }
        }
        VariantShape::Fields {
            status,
            body,
            headers,
        } => {
            let status = status.then(|| {
                quote! {
                    /// The status the response was sent with.
                    status: ::http::StatusCode,
                }
            });
            let body = body.then(|| {
                let body = response_body_tokens(response);
                quote! {
                    /// The response body.
                    body: #body,
                }
            });
            let headers = headers.then(|| {
                let headers = crate::emit::operations::response_headers_struct(response);
                quote! {
                    /// The response headers the spec declares.
                    headers: #headers,
                }
            });
            quote! { #doc #ident { #status #body #headers }, }
        }
    }
}

fn status_words(status: ir::StatusSpec) -> String {
    match status {
        ir::StatusSpec::Code(code) => format!("Status {code}"),
        ir::StatusSpec::Range(digit) => format!("Any {digit}XX status"),
        ir::StatusSpec::Default => "Any other status".to_owned(),
    }
}

/// The body of `status(&self)` for an enum whose variants are those of `responses`.
pub fn status_body<'a>(responses: impl IntoIterator<Item = &'a ir::Response>) -> TokenStream {
    let arms: Vec<TokenStream> = responses
        .into_iter()
        .map(|response| {
            let ident = format_ident!("{}", response.variant);
            match response.status {
                ir::StatusSpec::Code(code) => {
                    let pattern = match variant_shape(response) {
                        VariantShape::Unit => quote!(Self::#ident),
                        VariantShape::Body => quote!(Self::#ident(_)),
                        VariantShape::Fields { .. } => quote!(Self::#ident { .. }),
                    };
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    quote! { #pattern => status::code(#code), }
                }
                ir::StatusSpec::Range(_) | ir::StatusSpec::Default => {
                    quote! { Self::#ident { status, .. } => *status, }
                }
            }
        })
        .collect();
    if arms.is_empty() {
        quote! { match *self {} }
    } else {
        quote! { match self { #(#arms)* } }
    }
}

/// The body type every one of `responses` holds as its whole variant, if they are all
/// alike and there is at least one.
fn common_body(responses: &[&ir::Response]) -> Option<TokenStream> {
    let mut bodies = responses.iter().map(|response| {
        (variant_shape(response) == VariantShape::Body).then(|| response_body_tokens(response))
    });
    let first = bodies.next()??;
    let text = first.to_string();
    bodies
        .all(|body| body.is_some_and(|body| body.to_string() == text))
        .then_some(first)
}

/// For an enum whose variants all hold the body `body` and nothing else, `body()` when
/// `borrow` (a failure is looked at) or else `into_body()` (a success is taken).
fn body_accessor(responses: &[&ir::Response], body: &TokenStream, borrow: bool) -> TokenStream {
    let idents: Vec<Ident> = responses
        .iter()
        .map(|response| format_ident!("{}", response.variant))
        .collect();
    if borrow {
        quote! {
            /// The body, which every variant holds.
            pub fn body(&self) -> &#body {
                match self {
                    #(Self::#idents(body))|* => body,
                }
            }
        }
    } else {
        quote! {
            /// The body, which every variant holds, without the status.
            pub fn into_body(self) -> #body {
                match self {
                    #(Self::#idents(body))|* => body,
                }
            }
        }
    }
}

fn success_type(operation: &ir::Operation) -> TokenStream {
    match success_shape(operation) {
        SuccessShape::Body(response) => {
            let body = response_body_tokens(response);
            let doc = format!(
                " What [`Response::into_result`] gives for a success: the body of the one \
                 success the operation declares, `{}`.",
                response.variant
            );
            quote! {
                #[doc = #doc]
                pub type Success = #body;
            }
        }
        SuccessShape::Unit => {
            let doc = format!(
                " What [`Response::into_result`] gives for a success: nothing, as the one \
                 success the operation declares, `{}`, has neither body nor headers.",
                operation
                    .responses
                    .iter()
                    .find(|response| operation.outcome(response) == ir::Outcome::Success)
                    .map_or("", |response| response.variant.as_str())
            );
            quote! {
                #[doc = #doc]
                pub type Success = ();
            }
        }
        SuccessShape::Enum(successes) => {
            let variants: Vec<TokenStream> = successes
                .iter()
                .map(|response| side_variant_decl(response))
                .collect();
            let status = status_body(successes.iter().copied());
            let accessors =
                common_body(&successes).map(|body| body_accessor(&successes, &body, false));
            quote! {
                /// The successes the operation declares, as [`Response::into_result`] gives
                /// them: 1xx, 2xx and 3xx answers.
                #[derive(Debug, Clone, PartialEq)]
                #[allow(clippy::large_enum_variant)]
                pub enum Success {
                    #(#variants)*
                }

                impl Success {
                    /// The HTTP status of this answer.
                    pub fn status(&self) -> ::http::StatusCode {
                        #status
                    }
                    #accessors
                }
            }
        }
    }
}

fn failure_type(operation: &ir::Operation) -> TokenStream {
    let failures = side_responses(operation, Side::Failure);
    let variants: Vec<TokenStream> = failures
        .iter()
        .map(|response| side_variant_decl(response))
        .collect();
    let status = status_body(failures.iter().copied());
    let accessors = common_body(&failures).map(|body| body_accessor(&failures, &body, true));
    let common_content = accessors
        .as_ref()
        .and_then(|_| match failures[0].contents.as_slice() {
            [single] => Some(single),
            _ => None,
        });
    let display = match common_content {
        Some(content) => {
            let text = body_text(&content.body, quote!(self.body()));
            quote! { outcome::write_failure(f, self.status(), Some(#text)) }
        }
        None if failures.is_empty() => quote! {
            let _ = f;
            match *self {}
        },
        None => {
            let arms = failures.iter().map(|response| failure_arm(response));
            quote! { match self { #(#arms)* } }
        }
    };
    let doc = if failures.is_empty() {
        quote! {
            /// The failures the operation declares, as [`Response::into_result`] gives
            /// them: none, so no value of this type exists.
        }
    } else {
        quote! {
            /// The failures the operation declares (4xx and 5xx answers), as
            /// [`Response::into_result`] gives them. Its text is the status and what the
            /// body says, so that it can be passed on with `?`.
            #[allow(clippy::large_enum_variant)]
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum Failure {
            #(#variants)*
        }

        impl Failure {
            /// The HTTP status of this answer.
            pub fn status(&self) -> ::http::StatusCode {
                #status
            }
            #accessors
        }

        impl ::std::fmt::Display for Failure {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }

        impl ::std::error::Error for Failure {}
    }
}

/// The arm of `Failure`'s `Display` for one failure.
fn failure_arm(response: &ir::Response) -> TokenStream {
    let ident = format_ident!("{}", response.variant);
    let write = |body: Option<TokenStream>| match body {
        Some(body) => quote! { outcome::write_failure(f, self.status(), Some(#body)) },
        None => quote! { outcome::write_failure(f, self.status(), None) },
    };
    let body_write = || match response.contents.as_slice() {
        [single] => write(Some(body_text(&single.body, quote!(body)))),
        several => {
            let enum_ident = response_body_enum(response);
            let arms = several.iter().map(|content| {
                let variant = format_ident!("{}", content.variant);
                let write = write(Some(body_text(&content.body, quote!(body))));
                quote! { #enum_ident::#variant(body) => #write, }
            });
            quote! { match body { #(#arms)* } }
        }
    };
    match variant_shape(response) {
        VariantShape::Unit => {
            let write = write(None);
            quote! { Self::#ident => #write, }
        }
        VariantShape::Body => {
            let write = body_write();
            quote! { Self::#ident(body) => #write, }
        }
        VariantShape::Fields { body: true, .. } => {
            let write = body_write();
            quote! { Self::#ident { body, .. } => #write, }
        }
        VariantShape::Fields { body: false, .. } => {
            let write = write(None);
            quote! { Self::#ident { .. } => #write, }
        }
    }
}

/// A `&dyn Display` expression for a body of one kind held (by reference) in `value`:
/// the value itself for a named type (lowering gives every named type that failures carry
/// a `Display`), else an excerpt of its JSON, text or bytes.
fn body_text(body: &ir::BodyKind, value: TokenStream) -> TokenStream {
    match body {
        ir::BodyKind::Json(ty) | ir::BodyKind::Form(ty)
            if matches!(ty.kind, ir::TyKind::Named(_)) && !is_option(ty) =>
        {
            value
        }
        ir::BodyKind::Json(_) | ir::BodyKind::Form(_) => quote!(&outcome::Json(#value)),
        ir::BodyKind::Text(_) => quote!(&outcome::Text(#value)),
        ir::BodyKind::Binary => quote!(&outcome::Bytes(#value)),
    }
}

/// The fields a variant of `response`'s shape binds, and the expression that rebuilds it
/// as `target`'s variant of the same name.
fn moved_variant(response: &ir::Response, target: &TokenStream) -> (TokenStream, TokenStream) {
    let ident = format_ident!("{}", response.variant);
    match variant_shape(response) {
        VariantShape::Unit => (quote!(Self::#ident), quote!(#target::#ident)),
        VariantShape::Body => (quote!(Self::#ident(body)), quote!(#target::#ident(body))),
        VariantShape::Fields {
            status,
            body,
            headers,
        } => {
            let status = status.then(|| quote!(status,));
            let body = body.then(|| quote!(body,));
            let headers = headers.then(|| quote!(headers,));
            (
                quote!(Self::#ident { #status #body #headers }),
                quote!(#target::#ident { #status #body #headers }),
            )
        }
    }
}

/// `Response::into_result`.
pub fn into_result(operation: &ir::Operation) -> TokenStream {
    let success_shape = success_shape(operation);
    let arms = operation.responses.iter().map(|response| {
        let outcome = operation.outcome(response);
        let (pattern, as_success) = moved_variant(response, &quote!(Success));
        let (_, as_failure) = moved_variant(response, &quote!(Failure));
        let success = match &success_shape {
            SuccessShape::Body(_) => quote!(Ok(body)),
            SuccessShape::Unit => quote!(Ok(())),
            SuccessShape::Enum(_) => quote!(Ok(#as_success)),
        };
        match outcome {
            ir::Outcome::Success => quote! { #pattern => #success, },
            ir::Outcome::Failure => quote! { #pattern => Err(#as_failure), },
            ir::Outcome::ByStatus => quote! {
                #pattern => if status.as_u16() < 400 {
                    #success
                } else {
                    Err(#as_failure)
                },
            },
        }
    });
    let body = if operation.responses.is_empty() {
        quote! { match self {} }
    } else {
        quote! { match self { #(#arms)* } }
    };
    quote! {
        /// Splits the answer into [`Success`] (1xx, 2xx and 3xx: the client does not
        /// follow redirects, so a declared redirect or `304 Not Modified` is an answer to
        /// act on) and [`Failure`] (4xx and 5xx), so that a failure can be passed on with
        /// `?`.
        #[allow(clippy::result_large_err)]
        pub fn into_result(self) -> Result<Success, Failure> {
            #body
        }
    }
}
