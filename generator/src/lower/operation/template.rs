//! Path templates: `{name}` segments parsed, and the operation id made up from a path.

use crate::ir;
use crate::names;

/// The operation id made up for an operation without `operationId`: the method, the
/// static path segments, then `by` and the path parameters (`get_pets_by_pet_id`).
pub(in crate::lower) fn generated_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_string()];
    let mut params = Vec::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => params.push(param.to_string()),
            None => words.push(segment.to_string()),
        }
    }
    if !params.is_empty() {
        words.push("by".to_string());
        words.push(params.join(" and "));
    }
    names::fn_name(&words.join(" "))
}

/// Parses a path template: `{name}` is a parameter, everything else literal text (an
/// unclosed `{` included). A fragment (`#get_shared_link`) is not part of the path and is
/// left out.
pub fn parse_template(path: &str) -> ir::PathTemplate {
    let path = path.split_once('#').map_or(path, |(path, _)| path);
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = rest.get(start + 1..).unwrap_or("");
        let Some(end) = after.find('}') else {
            break;
        };
        literal.push_str(rest.get(..start).unwrap_or(""));
        if !literal.is_empty() {
            segments.push(ir::PathSegment::Literal(std::mem::take(&mut literal)));
        }
        segments.push(ir::PathSegment::Parameter(
            after.get(..end).unwrap_or("").to_string(),
        ));
        rest = after.get(end + 1..).unwrap_or("");
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        segments.push(ir::PathSegment::Literal(literal));
    }
    ir::PathTemplate { segments }
}
