//! The default error bodies: `error_responder()`, `config()` and the codes behind them.

use proc_macro2::TokenStream;
use quote::quote;

use super::responses::fixed_headers;
use crate::ir;

/// `error_responder()`, `config()` and the code tables behind them.
pub(super) fn error_responder(api: &ir::Api) -> TokenStream {
    let ir::ErrorModel {
        shape,
        schemes,
        parameters,
        vocabulary,
        bodies: _,
    } = &api.errors;
    let style = match shape {
        ir::ErrorShape::ApiError {
            correlation_id,
            details,
        } => quote! {
            server::ErrorStyle::ApiError {
                correlation_id: #correlation_id,
                details: #details,
            }
        },
        ir::ErrorShape::Plain => quote!(server::ErrorStyle::Plain),
    };
    let schemes = schemes.iter().map(|codes| {
        let ir::SchemeErrorCodes {
            scheme,
            missing,
            invalid,
        } = codes;
        let missing = option_str(missing.as_deref());
        let invalid = option_str(invalid.as_deref());
        quote! {
            server::SchemeCodes { scheme: #scheme, missing: #missing, invalid: #invalid },
        }
    });
    let parameters = parameters.iter().map(|codes| {
        let ir::ParameterErrorCodes {
            name,
            missing,
            invalid,
        } = codes;
        let missing = option_str(missing.as_deref());
        let invalid = option_str(invalid.as_deref());
        quote! {
            server::ParameterCodes { name: #name, missing: #missing, invalid: #invalid },
        }
    });
    let vocabulary = vocabulary_tokens(vocabulary);
    let headers = error_headers(api);
    let header_count = proc_macro2::Literal::usize_unsuffixed(headers.len());
    let header_items = headers.iter().map(|(name, value)| {
        quote! {
            (::http::HeaderName::from_static(#name), ::http::HeaderValue::from_static(#value)),
        }
    });
    quote! {
        /// Headers the spec fixes on error answers.
        static ERROR_HEADERS: [(::http::HeaderName, ::http::HeaderValue); #header_count] = [
            #(#header_items)*
        ];

        /// The codes of error bodies that no extension of the spec names.
        static ERROR_VOCABULARY: server::ErrorVocabulary = #vocabulary;

        /// The error bodies this API's spec describes, with the codes its extensions name
        /// (`x-missing-error-code`, `x-invalid-error-code`, `x-pattern-error-code`).
        pub fn error_responder() -> server::DefaultErrorResponder {
            server::DefaultErrorResponder {
                style: #style,
                vocabulary: &ERROR_VOCABULARY,
                schemes: &[#(#schemes)*],
                parameters: &[#(#parameters)*],
                headers: &ERROR_HEADERS,
            }
        }

        /// The default configuration: [`error_responder`], a 10 MiB body limit, gzip.
        pub fn config() -> server::RouterConfig {
            server::RouterConfig::new(error_responder())
        }
    }
}

/// The runtime's `ErrorVocabulary` with the words lowering chose.
fn vocabulary_tokens(vocabulary: &ir::ErrorVocabulary) -> TokenStream {
    let ir::ErrorVocabulary {
        bad_request,
        unauthorized,
        forbidden,
        not_found,
        method_not_allowed,
        not_acceptable,
        payload_too_large,
        unsupported_media_type,
        server_error,
        other_status,
        credential,
        required,
        invalid_header,
        invalid_parameter,
        max_length,
        min_length,
        maximum,
        minimum,
        max_items,
        min_items,
        unique_items,
        pattern,
        invalid_value,
        invalid_json,
        invalid_type,
        unreadable_body,
    } = vocabulary;
    quote! {
        server::ErrorVocabulary {
            bad_request: #bad_request,
            unauthorized: #unauthorized,
            forbidden: #forbidden,
            not_found: #not_found,
            method_not_allowed: #method_not_allowed,
            not_acceptable: #not_acceptable,
            payload_too_large: #payload_too_large,
            unsupported_media_type: #unsupported_media_type,
            server_error: #server_error,
            other_status: #other_status,
            credential: #credential,
            required: #required,
            invalid_header: #invalid_header,
            invalid_parameter: #invalid_parameter,
            max_length: #max_length,
            min_length: #min_length,
            maximum: #maximum,
            minimum: #minimum,
            max_items: #max_items,
            min_items: #min_items,
            unique_items: #unique_items,
            pattern: #pattern,
            invalid_value: #invalid_value,
            invalid_json: #invalid_json,
            invalid_type: #invalid_type,
            unreadable_body: #unreadable_body,
        }
    }
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

/// The fixed-value headers declared on error answers (4xx, 5xx, ranges and `default`),
/// by lower-case name, first value first.
fn error_headers(api: &ir::Api) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for operation in &api.operations {
        for response in &operation.responses {
            let error = match response.status {
                ir::StatusSpec::Code(code) => code >= 400,
                ir::StatusSpec::Range(digit) => digit >= 4,
                ir::StatusSpec::Default => true,
            };
            if !error {
                continue;
            }
            for (name, value) in fixed_headers(response) {
                if !headers.iter().any(|(known, _)| *known == name) {
                    headers.push((name, value));
                }
            }
        }
    }
    headers
}
