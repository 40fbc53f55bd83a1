//! The crate documentation's section on the client, with an example that creates
//! something and reads something, built from the API's operations.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builder::credential_setter_name;
use super::methods::method_ident;
use crate::emit::operations::{VariantShape, caller_parameters, variant_shape};
use crate::ir;

/// Names the example binds itself, which a hidden argument must not take.
const EXAMPLE_NAMES: &[&str] = &["body", "client", "create", "other", "request", "response"];

/// How the example writes a required parameter: a literal (from the spec's example, or
/// for integers and booleans), or else a hidden `String` argument of the example function.
/// `None` when neither works. Returns the expression and the hidden argument, if any.
fn example_value(parameter: &ir::Parameter) -> Option<(String, Option<String>)> {
    let ir::Parameter {
        name,
        location: _,
        required: _,
        ty,
        style: _,
        explode: _,
        fixed_value: _,
        default: _,
        docs: parameter_docs,
        pointer: _,
    } = parameter;
    if ty.nullable {
        return None;
    }
    let example = parameter_docs.example.as_ref();
    match &ty.kind {
        ir::TyKind::String(ir::StringFormat::Plain) => {
            let literal = example.and_then(serde_json::Value::as_str).filter(|text| {
                text.chars()
                    .all(|c| !c.is_control() && c != '"' && c != '\\')
            });
            match literal {
                Some(text) => Some((format!("{text:?}.to_owned()"), None)),
                None => {
                    let variable = name.rust.trim_start_matches("r#");
                    let plain = !variable.is_empty()
                        && variable
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && !EXAMPLE_NAMES.contains(&variable);
                    plain.then(|| (variable.to_owned(), Some(format!("{variable}: String"))))
                }
            }
        }
        ir::TyKind::Integer(_) => Some((
            example
                .and_then(serde_json::Value::as_i64)
                .unwrap_or(1)
                .to_string(),
            None,
        )),
        ir::TyKind::Boolean => Some(("true".to_owned(), None)),
        _ => None,
    }
}

/// How the example calls an operation that reads something.
struct ExampleGet<'a> {
    operation: &'a ir::Operation,
    /// The arguments of `Request::new`, as Rust source.
    arguments: Vec<String>,
    /// Hidden arguments of the example function that the arguments use.
    hidden: Vec<String>,
}

/// The arguments of `Request::new` and the hidden arguments they need, when every
/// required parameter can be written (see [`example_value`]) and no body is required.
fn example_arguments(operation: &ir::Operation) -> Option<(Vec<String>, Vec<String>)> {
    if operation
        .request_body
        .as_ref()
        .is_some_and(|body| body.required)
    {
        return None;
    }
    let mut arguments = Vec::new();
    let mut hidden = Vec::new();
    for parameter in caller_parameters(operation).filter(|parameter| parameter.required) {
        let (argument, hidden_argument) = example_value(parameter)?;
        arguments.push(argument);
        hidden.extend(hidden_argument);
    }
    Some((arguments, hidden))
}

/// The operation the example creates something with: a `POST` with a body, preferring a
/// name that starts with `create` and then the shortest path.
fn example_create(api: &ir::Api) -> Option<&ir::Operation> {
    api.operations
        .iter()
        .filter(|operation| {
            operation.method == ir::Method::Post && operation.request_body.is_some()
        })
        .min_by_key(|operation| {
            (
                !operation.name.starts_with("create"),
                operation.path.len(),
                operation.name.clone(),
            )
        })
}

/// The operation the example reads with: a `GET` whose required parameters can be written
/// as literals, preferring one below the path of `created` and a name starting with `get`.
fn example_get<'a>(api: &'a ir::Api, created: Option<&ir::Operation>) -> Option<ExampleGet<'a>> {
    let below = |operation: &ir::Operation| {
        created.is_some_and(|created| {
            operation
                .path
                .strip_prefix(created.path.as_str())
                .is_some_and(|rest| rest.starts_with("/{") && rest.matches('/').count() == 1)
        })
    };
    api.operations
        .iter()
        .filter(|operation| operation.method == ir::Method::Get)
        .filter_map(|operation| {
            let (arguments, hidden) = example_arguments(operation)?;
            Some(ExampleGet {
                operation,
                arguments,
                hidden,
            })
        })
        .min_by_key(|example| {
            let operation = example.operation;
            (
                !below(operation),
                !operation.name.starts_with("get"),
                operation.path.len(),
                operation.name.clone(),
            )
        })
}

/// The builder calls that set credentials for `operation` in the example.
fn example_credentials(api: &ir::Api, operation: Option<&ir::Operation>) -> Vec<String> {
    let Some(requirement) = operation.and_then(|operation| operation.security.first()) else {
        return Vec::new();
    };
    requirement
        .schemes
        .iter()
        .filter_map(|(key, _)| {
            api.security_schemes
                .iter()
                .find(|scheme| &scheme.key == key)
        })
        .map(|scheme| {
            let setter = credential_setter_name(&scheme.rust_name);
            match scheme.kind {
                ir::SecuritySchemeKind::ApiKey { .. } => {
                    format!("    .{setter}(\"your API key\")")
                }
                ir::SecuritySchemeKind::Bearer | ir::SecuritySchemeKind::OAuth2 => {
                    format!("    .{setter}(\"your token\")")
                }
                ir::SecuritySchemeKind::Basic => {
                    format!("    .{setter}(\"your user name\", \"your password\")")
                }
            }
        })
        .collect()
}

/// The pattern that matches the first success answer of `operation` in the example.
fn example_success_arm(operation: &ir::Operation) -> Option<String> {
    let response = operation.responses.iter().find(|response| {
        matches!(response.status, ir::StatusSpec::Code(code) if (200..300).contains(&code))
    })?;
    let module = &operation.name;
    let variant = &response.variant;
    Some(match variant_shape(response) {
        VariantShape::Unit => format!("{module}::Response::{variant} => println!(\"done\"),"),
        VariantShape::Body => {
            format!("{module}::Response::{variant}(body) => println!(\"{{body:?}}\"),")
        }
        VariantShape::Fields { .. } => {
            format!("{module}::Response::{variant} {{ .. }} => println!(\"done\"),")
        }
    })
}

/// The crate documentation's section on the client, with an example that compiles as a
/// doctest: inner `#![cfg_attr(feature = "client", doc = ...)]` attributes.
pub fn crate_doc(api: &ir::Api, crate_name: &str) -> TokenStream {
    let krate = crate_name.replace('-', "_");
    let create = example_create(api);
    let get = example_get(api, create);
    let server = api
        .servers
        .iter()
        .find(|server| {
            let text = format!(
                "{} {}",
                server.url,
                server.description.as_deref().unwrap_or("")
            );
            text.to_ascii_lowercase().contains("sandbox")
        })
        .map(|server| format_ident!("{}", server.variant));
    let mut lines = vec![
        String::new(),
        "# Calling the API".to_owned(),
        String::new(),
        "With the `client` feature, [`client::Client`] has one async method per operation. \
         It takes the operation's `Request` from [`operations`] (`Request::new` with the \
         required parameters, `with_*` setters for the others) and returns its `Response`: \
         an enum with one variant per status the API declares, holding the decoded body. \
         Anything else is a [`client::Error`]."
            .to_owned(),
        String::new(),
        "```no_run".to_owned(),
    ];
    let mut hidden_arguments: Vec<String> = create
        .map(|operation| format!("create: {krate}::operations::{}::Request", operation.name))
        .into_iter()
        .collect();
    if let Some(example) = &get {
        hidden_arguments.extend(example.hidden.iter().cloned());
    }
    lines.push(format!(
        "# async fn example({}) -> Result<(), {krate}::client::Error> {{",
        hidden_arguments.join(", ")
    ));
    let mut imports = vec!["Client".to_owned()];
    if server.is_some() {
        imports.push("Server".to_owned());
    }
    lines.push(format!("use {krate}::client::{{{}}};", imports.join(", ")));
    let mut modules: Vec<&str> = Vec::new();
    if let Some(operation) = create {
        modules.push(&operation.name);
    }
    if let Some(ExampleGet { operation, .. }) = &get {
        if !modules.contains(&operation.name.as_str()) {
            modules.push(&operation.name);
        }
    }
    match modules.as_slice() {
        [] => {}
        [single] => lines.push(format!("use {krate}::operations::{single};")),
        several => lines.push(format!(
            "use {krate}::operations::{{{}}};",
            several.join(", ")
        )),
    }
    lines.push(String::new());
    lines.push("let client = Client::builder()".to_owned());
    match &server {
        Some(variant) => lines.push(format!("    .server(Server::{variant})")),
        None if api.servers.is_empty() => {
            lines.push("    .base_url(\"https://api.example.com\")".to_owned());
        }
        None => {}
    }
    lines.extend(example_credentials(
        api,
        create.or(get.as_ref().map(|example| example.operation)),
    ));
    lines.push("    .build()?;".to_owned());
    if let Some(operation) = create {
        let name = &operation.name;
        let method = method_ident(name);
        lines.push(String::new());
        lines.push(format!(
            "// `create` is a `{name}::Request::new(...)` built from the types in `types`."
        ));
        match example_success_arm(operation) {
            Some(arm) if operation.responses.len() > 1 => {
                lines.push(format!("match client.{method}(create).await? {{"));
                lines.push(format!("    {arm}"));
                lines.push(
                    "    other => println!(\"answered with status {}\", other.status()),"
                        .to_owned(),
                );
                lines.push("}".to_owned());
            }
            _ => {
                lines.push(format!("let response = client.{method}(create).await?;"));
                lines.push("println!(\"{response:?}\");".to_owned());
            }
        }
    }
    if let Some(ExampleGet {
        operation,
        arguments,
        hidden: _,
    }) = &get
    {
        let name = &operation.name;
        let method = method_ident(name);
        lines.push(String::new());
        lines.push(format!(
            "let request = {name}::Request::new({});",
            arguments.join(", ")
        ));
        lines.push(format!("let response = client.{method}(request).await?;"));
        lines.push("println!(\"status {}: {response:?}\", response.status());".to_owned());
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #![cfg_attr(feature = "client", doc = #line)] }
    });
    quote! { #(#attrs)* }
}
