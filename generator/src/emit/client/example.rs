//! The crate documentation's section on the client, with an example built from the API's
//! operations: it creates something from a body built with `new` and `with_*`, reads
//! something, passing failures on with `into_result()?`, and matches the successes of an
//! operation that declares several (a `207 Multi-Status` where there is one).

use proc_macro2::TokenStream;
use quote::format_ident;

use super::builder::credential_setter_name;
use super::example_body::{Values, alias_example};
use super::methods::method_ident;
use crate::emit::operations::caller_parameters;
use crate::emit::shapes::{VariantShape, variant_shape};
use crate::ir;

/// Names the example binds itself, which a hidden argument must not take.
const EXAMPLE_NAMES: &[&str] = &[
    "body", "client", "create", "created", "found", "other", "request", "response", "result",
];

/// How the example writes a required parameter: a literal (from the spec's example, or
/// for integers and booleans), or else a hidden `String` argument of the example function.
/// `None` when neither works. Returns the expression and the hidden argument, if any.
fn example_value(api: &ir::Api, parameter: &ir::Parameter) -> Option<(String, Option<String>)> {
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
    let example = parameter_docs
        .example
        .as_ref()
        .or_else(|| alias_example(api, ty));
    match &ty.kind {
        ir::TyKind::String(ir::StringFormat::Plain) => {
            let literal = example.and_then(serde_json::Value::as_str).filter(|text| {
                text.chars()
                    .all(|c| !c.is_control() && c != '"' && c != '\\')
            });
            match literal {
                Some(text) => Some((format!("{text:?}"), None)),
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
fn example_arguments(
    api: &ir::Api,
    operation: &ir::Operation,
) -> Option<(Vec<String>, Vec<String>)> {
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
        let (argument, hidden_argument) = example_value(api, parameter)?;
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
            let (arguments, hidden) = example_arguments(api, operation)?;
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

/// A call of the example: `let request = {module}::Request::new(..);` (with the body
/// built first when there is one) and the hidden arguments it uses.
struct ExampleCall<'a> {
    operation: &'a ir::Operation,
    /// The statements that build the request, ending with `let request = ...;`.
    lines: Vec<String>,
    hidden: Vec<String>,
}

/// The statements that build a request for `operation`: its required parameters written
/// as [`example_value`] says, its body (when required) built from its type. `None` when
/// something cannot be written.
fn example_call<'a>(api: &ir::Api, operation: &'a ir::Operation) -> Option<ExampleCall<'a>> {
    let mut lines = Vec::new();
    let mut arguments = Vec::new();
    let mut hidden = Vec::new();
    for parameter in caller_parameters(operation).filter(|parameter| parameter.required) {
        let (argument, hidden_argument) = example_value(api, parameter)?;
        arguments.push(argument);
        hidden.extend(hidden_argument);
    }
    if let Some(body) = operation.request_body.as_ref().filter(|body| body.required) {
        // A JSON (or form) body; of several media types, the first such.
        let content = body.contents.iter().find(|content| {
            matches!(content.body, ir::BodyKind::Json(_) | ir::BodyKind::Form(_))
        })?;
        let (ir::BodyKind::Json(ty) | ir::BodyKind::Form(ty)) = &content.body else {
            return None;
        };
        let mut values = Values::new(api);
        let expr = values.value(ty, None)?;
        let mut body_lines = expr.lines(0, "let body = ".len());
        if let Some(first) = body_lines.first_mut() {
            first.insert_str(0, "let body = ");
        }
        if let Some(setter) = optional_setter(api, ty) {
            // Under a call on one line the setter is indented; after a spread one it is not.
            let indent = if body_lines.len() == 1 { "    " } else { "" };
            body_lines.push(format!("{indent}{setter}"));
        }
        if let Some(last) = body_lines.last_mut() {
            last.push(';');
        }
        lines.extend(body_lines);
        arguments.push(if body.contents.len() > 1 {
            format!("{}::RequestBody::{}(body)", operation.name, content.variant)
        } else {
            "body".to_owned()
        });
    }
    lines.push(format!(
        "let request = {}::Request::new({});",
        operation.name,
        arguments.join(", ")
    ));
    Some(ExampleCall {
        operation,
        lines,
        hidden,
    })
}

/// `.with_x("...")` for the first optional string property of the struct `ty` that has an
/// example, to show the setters.
fn optional_setter(api: &ir::Api, ty: &ir::Ty) -> Option<String> {
    let ir::TyKind::Named(name) = &ty.kind else {
        return None;
    };
    let def = api.types.iter().find(|def| &def.name == name)?;
    let ir::TypeKind::Struct(fields) = &def.kind else {
        return None;
    };
    fields.fields.iter().find_map(|field| {
        let plain = matches!(field.ty.kind, ir::TyKind::String(ir::StringFormat::Plain));
        if field.required || field.read_only || !plain || field.ty.nullable {
            return None;
        }
        let example = field.docs.example.as_ref();
        let text = example
            .or_else(|| alias_example(api, &field.ty))?
            .as_str()?;
        Some(format!(
            ".with_{}({text:?})",
            field.name.rust.trim_start_matches("r#")
        ))
    })
}

/// The successes of `operation`, as `into_result` gives them.
fn successes(operation: &ir::Operation) -> Vec<&ir::Response> {
    operation
        .responses
        .iter()
        .filter(|response| response.outcome != ir::Outcome::Failure)
        .collect()
}

/// The arm of a `match` on `{module}::Success` for one success.
fn success_arm(module: &str, response: &ir::Response) -> String {
    let variant = &response.variant;
    let status = match response.status {
        ir::StatusSpec::Code(code) => format!("{code}"),
        ir::StatusSpec::Range(digit) => format!("{digit}XX"),
        ir::StatusSpec::Default => "other".to_owned(),
    };
    match variant_shape(response) {
        VariantShape::Unit => format!("{module}::Success::{variant} => println!(\"{status}\"),"),
        VariantShape::Body => {
            format!("{module}::Success::{variant}(result) => println!(\"{status}: {{result:?}}\"),")
        }
        VariantShape::Fields { .. } => {
            format!("{module}::Success::{variant} {{ .. }} => println!(\"{status}\"),")
        }
    }
}

/// The crate documentation's section on the client, with an example that compiles as a
/// doctest: inner `#![cfg_attr(feature = "client", doc = ...)]` attributes.
pub fn crate_doc(api: &ir::Api, crate_name: &str) -> TokenStream {
    let krate = crate_name.replace('-', "_");
    let create = example_create(api);
    let create_call = create.and_then(|operation| example_call(api, operation));
    let get = example_get(api, create);
    let several = several_call(api, create.map(|operation| operation.name.as_str()));
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
         It takes the operation's `Request` from [`operations`] by reference (`Request::new` \
         with the required parameters, `with_*` setters for the others) and returns its \
         `Response`: an enum with one variant per status the API declares, holding the \
         decoded body. Anything else is a [`client::Error`]. `Response::into_result()` splits \
         the answer into the operation's `Success` (the body itself when the operation \
         declares one success, else an enum) and `Failure` (an error with the status and the \
         typed body), so that `?` passes both kinds of error on."
            .to_owned(),
        String::new(),
        "```no_run".to_owned(),
    ];
    let mut hidden_arguments: Vec<String> = Vec::new();
    if let (Some(operation), None) = (create, &create_call) {
        hidden_arguments.push(format!(
            "create: {krate}::operations::{}::Request",
            operation.name
        ));
    }
    for hidden in [&create_call, &several]
        .into_iter()
        .flatten()
        .flat_map(|call| &call.hidden)
        .chain(get.iter().flat_map(|example| &example.hidden))
    {
        if !hidden_arguments.contains(hidden) {
            hidden_arguments.push(hidden.clone());
        }
    }
    lines.push(format!(
        "# async fn example({}) -> Result<(), Box<dyn std::error::Error>> {{",
        hidden_arguments.join(", ")
    ));
    let mut imports = vec!["Client".to_owned()];
    if server.is_some() {
        imports.push("Server".to_owned());
    }
    lines.push(format!("use {krate}::client::{{{}}};", imports.join(", ")));
    let mut modules: Vec<&str> = Vec::new();
    for operation in [
        create,
        get.as_ref().map(|example| example.operation),
        several.as_ref().map(|call| call.operation),
    ]
    .into_iter()
    .flatten()
    {
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
    let builds_body = [&create_call, &several]
        .into_iter()
        .flatten()
        .any(|call| call.lines.len() > 1);
    if builds_body {
        lines.push(format!("use {krate}::types;"));
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
        let method = method_ident(&operation.name);
        lines.push(String::new());
        match &create_call {
            Some(call) => {
                if call.lines.len() > 1 {
                    lines.push(
                        "// A body is built with `new` and `with_*`; strings as `&str`.".to_owned(),
                    );
                }
                lines.extend(call.lines.iter().cloned());
                lines.push(
                    "// `?` passes on a `client::Error` and, after `into_result`, a failure."
                        .to_owned(),
                );
                lines.push(format!(
                    "let created = client.{method}(&request).await?.into_result()?;"
                ));
            }
            None => {
                lines.push(format!(
                    "// `create` is a `{}::Request::new(...)` built from the types in `types`.",
                    operation.name
                ));
                lines.push(format!(
                    "let created = client.{method}(&create).await?.into_result()?;"
                ));
            }
        }
        lines.push("println!(\"{created:?}\");".to_owned());
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
        lines.push("// The whole answer, one variant per declared status:".to_owned());
        lines.push(format!("let response = client.{method}(&request).await?;"));
        lines.push("println!(\"status {}\", response.status());".to_owned());
        lines.push("let found = response.into_result()?;".to_owned());
        lines.push("println!(\"{found:?}\");".to_owned());
    }
    if let Some(call) = &several {
        let name = &call.operation.name;
        let method = method_ident(name);
        lines.push(String::new());
        lines.push(format!(
            "// `{name}` declares several successes: `Success` is an enum of them."
        ));
        lines.extend(call.lines.iter().cloned());
        lines.push(format!(
            "match client.{method}(&request).await?.into_result()? {{"
        ));
        for response in successes(call.operation) {
            lines.push(format!("    {}", success_arm(name, response)));
        }
        lines.push("}".to_owned());
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    crate::emit::docs::feature_doc("client", &lines)
}

/// The call of an operation with several successes that the example matches on: a 207
/// among them if an operation declares one, else any with an enum of successes; not
/// `skip` (the operation the example creates with); the shortest path, then the name.
fn several_call<'a>(api: &'a ir::Api, skip: Option<&str>) -> Option<ExampleCall<'a>> {
    let mut candidates: Vec<&ir::Operation> = api
        .operations
        .iter()
        .filter(|operation| Some(operation.name.as_str()) != skip)
        .filter(|operation| successes(operation).len() > 1)
        .collect();
    candidates.sort_by_key(|operation| {
        let multi_status = successes(operation)
            .iter()
            .any(|response| response.status == ir::StatusSpec::Code(207));
        (!multi_status, operation.path.len(), operation.name.clone())
    });
    candidates
        .into_iter()
        .find_map(|operation| example_call(api, operation))
}
