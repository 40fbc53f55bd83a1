//! The async methods of `Client`, one per operation, with the statements that write each
//! parameter and the body into the call.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::context::Cx;
use crate::emit::operations::{body_field_name, response_media};
use crate::emit::spelling;
use crate::ir;

/// Methods of `Client` that an operation method must not take the name of.
const CLIENT_METHODS: &[&str] = &["builder", "config"];

/// The name of an operation's method on `Client`.
pub(super) fn method_ident(name: &str) -> Ident {
    if CLIENT_METHODS.contains(&name) {
        format_ident!("{}_operation", name)
    } else {
        spelling::field_ident(name)
    }
}

fn style_tokens(style: ir::ParamStyle) -> TokenStream {
    let variant = style_variant(style);
    quote!(client::Style::#variant)
}

/// The runtime's `Style` variant for a parameter style, shared with the server.
pub(in crate::emit) fn style_variant(style: ir::ParamStyle) -> TokenStream {
    match style {
        ir::ParamStyle::Simple => quote!(Simple),
        ir::ParamStyle::Label => quote!(Label),
        ir::ParamStyle::Matrix => quote!(Matrix),
        ir::ParamStyle::Form => quote!(Form),
        ir::ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ir::ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ir::ParamStyle::DeepObject => quote!(DeepObject),
    }
}

/// The statement that writes one parameter into `call`.
fn parameter_step(parameter: &ir::Parameter) -> TokenStream {
    let ir::Parameter {
        name,
        location,
        required: _,
        ty: _,
        style,
        explode,
        fixed_value,
        default: _,
        docs: _,
        pointer: _,
    } = parameter;
    let wire = &name.wire;
    let value = match fixed_value {
        Some(fixed) => quote!(#fixed),
        None => {
            let field = spelling::field_ident(&name.rust);
            quote!(&request.#field)
        }
    };
    let style = style_tokens(*style);
    match location {
        ir::ParamLocation::Path => quote! { call.path_param(#wire, #style, #explode, #value)?; },
        ir::ParamLocation::Query => quote! { call.query_param(#wire, #style, #explode, #value)?; },
        ir::ParamLocation::Header => quote! { call.header_param(#wire, #explode, #value)?; },
        ir::ParamLocation::Cookie => quote! { call.cookie_param(#wire, #explode, #value)?; },
    }
}

/// The statements that write the path: literal text and path parameters in template order.
fn path_steps(operation: &ir::Operation) -> Vec<TokenStream> {
    let mut steps = Vec::new();
    let mut literal = String::new();
    for segment in &operation.template.segments {
        let name = match segment {
            ir::PathSegment::Literal(text) => {
                literal.push_str(text);
                continue;
            }
            ir::PathSegment::Parameter(name) => name,
        };
        let parameter = operation.parameters.iter().find(|parameter| {
            parameter.location == ir::ParamLocation::Path && parameter.name.wire == *name
        });
        match parameter {
            Some(parameter) => {
                if !literal.is_empty() {
                    steps.push(quote! { call.path(#literal); });
                    literal.clear();
                }
                steps.push(parameter_step(parameter));
            }
            None => literal.push_str(&format!("{{{name}}}")),
        }
    }
    if !literal.is_empty() {
        steps.push(quote! { call.path(#literal); });
    }
    steps
}

/// The statement that writes a body of one media type, held in `value` (a reference).
fn body_call(content: &ir::MediaContent, value: &TokenStream) -> TokenStream {
    let content_type = &content.content_type;
    match &content.body {
        ir::BodyKind::Json(_) => quote! { call.json_body(#content_type, #value)? },
        ir::BodyKind::Form(_) => quote! { call.form_body(#content_type, #value)? },
        ir::BodyKind::Text(_) => quote! { call.text_body(#content_type, #value)? },
        ir::BodyKind::Binary => quote! { call.bytes_body(#content_type, #value)? },
    }
}

/// The statements that write the request body, if the operation has one.
fn body_step(operation: &ir::Operation, module: &TokenStream) -> TokenStream {
    let Some(body) = &operation.request_body else {
        return quote!();
    };
    let ir::RequestBody {
        required,
        docs: _,
        contents,
    } = body;
    let field = format_ident!("{}", body_field_name(operation));
    let value = quote!(value);
    let write = match contents.as_slice() {
        [] => return quote!(),
        [single] => {
            let call = body_call(single, &value);
            quote! { #call; }
        }
        several => {
            let arms = several.iter().map(|content| {
                let variant = format_ident!("{}", content.variant);
                let call = body_call(content, &value);
                quote! { #module::RequestBody::#variant(value) => #call, }
            });
            quote! { match value { #(#arms)* } }
        }
    };
    if *required {
        quote! {
            let value = &request.#field;
            #write
        }
    } else {
        quote! {
            if let Some(value) = &request.#field {
                #write
            }
        }
    }
}

/// One async method of `Client`.
pub(super) fn operation_method(cx: &mut Cx, operation: &ir::Operation) -> TokenStream {
    let ir::Operation {
        id,
        name,
        type_name: _,
        method,
        path,
        template: _,
        tags: _,
        summary,
        docs: operation_docs,
        parameters,
        request_body: _,
        responses: _,
        security,
        pointer: _,
        server: _,
        lifecycle: _,
    } = operation;
    let module_ident = spelling::field_ident(name);
    let module = quote!(crate::operations::#module_ident);
    let method_name = method_ident(name);
    let mut first_line = format!("`{} {path}`", method.as_str());
    if let Some(summary) = summary {
        let summary = summary.trim();
        let stop = if summary.ends_with(['.', '!', '?']) {
            ""
        } else {
            "."
        };
        first_line.push_str(&format!(": {summary}{stop}"));
    } else {
        first_line.push('.');
    }
    let summary_doc = cx.docs.outer_doc_lines(&[first_line]);
    let spec_doc = cx.docs.doc_attrs(operation_docs, &[]);
    let spec_separator = (!spec_doc.is_empty()).then(|| quote!(#[doc = ""]));
    let response_line = format!(
        " Returns [`crate::operations::{module_ident}::Response`], with one variant per status \
         the operation declares."
    );
    let alias = (id != name).then(|| quote!(#[doc(alias = #id)]));
    let deprecated = operation_docs.deprecated.then(|| quote!(#[deprecated]));
    let http_method = format_ident!("{}", method.as_str());
    let alternatives = security.iter().map(|requirement| {
        let keys = requirement.schemes.iter().map(|(key, _scopes)| key);
        quote!(&[#(#keys),*])
    });
    let path_steps = path_steps(operation);
    // Path parameters are written by `path_steps`; the others in spec order.
    let other_steps = parameters
        .iter()
        .filter(|parameter| parameter.location != ir::ParamLocation::Path)
        .map(parameter_step);
    let accept = response_media(operation);
    let accept = (!accept.is_empty()).then(|| {
        let accept = accept.join(", ");
        quote! { call.accept(#accept)?; }
    });
    let body = body_step(operation, &module);
    quote! {
        #summary_doc
        #spec_separator
        #spec_doc
        #[doc = ""]
        #[doc = #response_line]
        #alias
        #deprecated
        pub async fn #method_name(
            &self,
            request: &#module::Request,
        ) -> Result<#module::Response, Error> {
            self.transport.validate(request)?;
            let mut call = client::Call::new(
                ::http::Method::#http_method,
                &[#(#alternatives),*],
            );
            #(#path_steps)*
            #(#other_steps)*
            #accept
            #body
            let raw = self.transport.send(call).await?;
            self.transport.finish(&raw, decode::#module_ident)
        }
    }
}
