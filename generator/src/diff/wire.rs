//! The wire diff: every change between two `ir::Api` values that a user of the HTTP API sees.
//!
//! Operations are matched by method and path template (parameter names ignored), then by
//! `operationId`. Request values are judged as what a server accepts (narrowing breaks
//! clients), response values as what a client receives (widening breaks clients). Named
//! types are followed where they are used; a set of visited type pairs per operation and
//! direction stops recursive schemas from looping.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Change, Rule};
use crate::ir;
use crate::lower::route_shape;
use crate::pointer;

/// Every wire change from `old` to `new`: operation by operation (old order, then added
/// operations), then changes to components.
pub fn diff(old: &ir::Api, new: &ir::Api) -> Vec<Change> {
    let mut walk = Walk::new(old, new);
    for (old_op, new_op) in match_operations(old, new) {
        match (old_op, new_op) {
            (Some(old_op), Some(new_op)) => walk.operation(old_op, new_op),
            (Some(old_op), None) => {
                let pointer = pointer::push("#/paths", &old_op.path);
                walk.start(operation_label(old_op), Some(pointer));
                walk.push(
                    Rule::OperationRemoved,
                    &Place::root(),
                    format!("operation `{}` was removed", old_op.id),
                );
            }
            (None, Some(new_op)) => {
                walk.start(operation_label(new_op), Some(new_op.pointer.clone()));
                walk.push(
                    Rule::OperationAdded,
                    &Place::root(),
                    format!("operation `{}` was added", new_op.id),
                );
            }
            (None, None) => {}
        }
    }
    walk.schemas();
    walk.security_schemes();
    walk.out
}

/// `METHOD /path`.
fn operation_label(operation: &ir::Operation) -> String {
    format!("{} {}", operation.method.as_str(), operation.path)
}

type OperationPair<'a> = (Option<&'a ir::Operation>, Option<&'a ir::Operation>);

/// Pairs old and new operations: by method and normalised path, then by `operationId`.
fn match_operations<'a>(old: &'a ir::Api, new: &'a ir::Api) -> Vec<OperationPair<'a>> {
    let mut used = vec![false; new.operations.len()];
    let mut matched: Vec<Option<usize>> = vec![None; old.operations.len()];
    let new_keys: Vec<(ir::Method, String)> = new
        .operations
        .iter()
        .map(|op| (op.method, route_shape(&op.template)))
        .collect();
    for (index, op) in old.operations.iter().enumerate() {
        let key = (op.method, route_shape(&op.template));
        if let Some(found) = (0..new_keys.len()).find(|&i| !used[i] && new_keys[i] == key) {
            used[found] = true;
            matched[index] = Some(found);
        }
    }
    for (index, op) in old.operations.iter().enumerate() {
        if matched[index].is_some() {
            continue;
        }
        if let Some(found) =
            (0..new.operations.len()).find(|&i| !used[i] && new.operations[i].id == op.id)
        {
            used[found] = true;
            matched[index] = Some(found);
        }
    }
    let mut pairs: Vec<OperationPair<'a>> = old
        .operations
        .iter()
        .zip(&matched)
        .map(|(op, found)| (Some(op), found.and_then(|i| new.operations.get(i))))
        .collect();
    pairs.extend(
        new.operations
            .iter()
            .zip(&used)
            .filter(|(_, used)| !**used)
            .map(|(op, _)| (None, Some(op))),
    );
    pairs
}

/// Where a change is: a prefix (`request body`, `query parameter take`) and a path of
/// properties below it (`addresses[].contact.email`), with the JSON pointer of the nearest
/// node of the new spec, when known.
#[derive(Debug, Clone, Default)]
struct Place {
    prefix: String,
    path: String,
    pointer: Option<String>,
}

impl Place {
    fn root() -> Self {
        Self::default()
    }

    fn new(prefix: impl Into<String>) -> Self {
        Self {
            prefix: prefix.into(),
            ..Self::default()
        }
    }

    /// The same place, located at `pointer` (kept as it is when `None`).
    fn at(&self, pointer: Option<String>) -> Self {
        Self {
            pointer: pointer.or_else(|| self.pointer.clone()),
            ..self.clone()
        }
    }

    /// A place below this one: `path` extended, `segments` appended to the pointer.
    fn below(&self, path: String, segments: &[&str]) -> Self {
        let pointer = self
            .pointer
            .as_ref()
            .map(|pointer| pointer::join(pointer, segments));
        Self {
            prefix: self.prefix.clone(),
            path,
            pointer,
        }
    }

    fn field(&self, name: &str) -> Self {
        let path = if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        };
        self.below(path, &["properties", name])
    }

    fn items(&self) -> Self {
        self.below(format!("{}[]", self.path), &["items"])
    }

    fn values(&self) -> Self {
        let path = if self.path.is_empty() {
            "*".to_owned()
        } else {
            format!("{}.*", self.path)
        };
        self.below(path, &["additionalProperties"])
    }

    fn variant(&self, name: &str) -> Self {
        self.below(format!("{}({name})", self.path), &[])
    }

    fn render(&self) -> String {
        match (self.prefix.is_empty(), self.path.is_empty()) {
            (_, true) => self.prefix.clone(),
            (true, false) => self.path.clone(),
            (false, false) => format!("{}: {}", self.prefix, self.path),
        }
    }
}

/// `pointer` with one more segment.
fn pointer_to(pointer: Option<&String>, segments: &[&str]) -> Option<String> {
    Place::root()
        .at(pointer.cloned())
        .below(String::new(), segments)
        .pointer
}

/// Which way values travel, and so which changes break users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Ctx {
    /// The value of a parameter itself, or its items (request direction).
    Parameter,
    /// A value inside a request body, or a property of a parameter's object.
    Request,
    /// A value in a response body or header.
    Response,
}

impl Ctx {
    /// The context of values nested in this one.
    fn nested(self) -> Self {
        match self {
            Ctx::Parameter | Ctx::Request => Ctx::Request,
            Ctx::Response => Ctx::Response,
        }
    }

    /// Whether values flow from client to server.
    fn is_request(self) -> bool {
        !matches!(self, Ctx::Response)
    }
}

/// A value-level change, before the context picks its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    TypeChanged,
    /// Fewer enum values or union variants are allowed.
    EnumNarrowed,
    /// More enum values or union variants are allowed.
    EnumWidened,
    Tightened,
    Relaxed,
    PatternChanged,
    NullableRemoved,
    NullableAdded,
}

fn value_rule(ctx: Ctx, kind: Kind) -> Rule {
    match (ctx, kind) {
        (Ctx::Parameter, Kind::TypeChanged) => Rule::ParameterTypeChanged,
        (Ctx::Parameter, Kind::EnumNarrowed) => Rule::ParameterEnumValueRemoved,
        (Ctx::Parameter, Kind::EnumWidened) => Rule::ParameterEnumValueAdded,
        (Ctx::Parameter, Kind::Tightened | Kind::NullableRemoved) => Rule::ParameterLimitsTightened,
        (Ctx::Parameter, Kind::Relaxed | Kind::NullableAdded) => Rule::ParameterLimitsRelaxed,
        (Ctx::Parameter, Kind::PatternChanged) => Rule::ParameterPatternChanged,
        (Ctx::Request, Kind::TypeChanged) => Rule::RequestPropertyTypeChanged,
        (Ctx::Request, Kind::EnumNarrowed) => Rule::RequestPropertyEnumValueRemoved,
        (Ctx::Request, Kind::EnumWidened) => Rule::RequestPropertyEnumValueAdded,
        (Ctx::Request, Kind::Tightened) => Rule::RequestPropertyLimitsTightened,
        (Ctx::Request, Kind::Relaxed) => Rule::RequestPropertyLimitsRelaxed,
        (Ctx::Request, Kind::PatternChanged) => Rule::RequestPropertyPatternChanged,
        (Ctx::Request, Kind::NullableRemoved) => Rule::RequestPropertyNullableRemoved,
        (Ctx::Request, Kind::NullableAdded) => Rule::RequestPropertyNullableAdded,
        (Ctx::Response, Kind::TypeChanged) => Rule::ResponsePropertyTypeChanged,
        (Ctx::Response, Kind::EnumNarrowed) => Rule::ResponsePropertyEnumValueRemoved,
        (Ctx::Response, Kind::EnumWidened) => Rule::ResponsePropertyEnumValueAdded,
        (Ctx::Response, Kind::Tightened) => Rule::ResponsePropertyLimitsTightened,
        (Ctx::Response, Kind::Relaxed) => Rule::ResponsePropertyLimitsRelaxed,
        (Ctx::Response, Kind::PatternChanged) => Rule::ResponsePropertyPatternChanged,
        (Ctx::Response, Kind::NullableRemoved) => Rule::ResponsePropertyNullableRemoved,
        (Ctx::Response, Kind::NullableAdded) => Rule::ResponsePropertyBecameNullable,
    }
}

/// Named types of one API by name.
struct Index<'a> {
    types: HashMap<&'a str, &'a ir::TypeDef>,
}

impl<'a> Index<'a> {
    fn new(api: &'a ir::Api) -> Self {
        Self {
            types: api
                .types
                .iter()
                .map(|def| (def.name.as_str(), def))
                .collect(),
        }
    }

    fn get(&self, name: &str) -> Option<&'a ir::TypeDef> {
        self.types.get(name).copied()
    }
}

/// The shape of a value once named types and aliases are resolved.
#[derive(Debug, Clone, Copy)]
enum Base<'a> {
    String(ir::StringFormat),
    Boolean,
    Integer(ir::IntegerFormat),
    Number(ir::NumberFormat),
    Array(&'a ir::Ty),
    Map(&'a ir::Ty),
    Any,
    Struct(&'a str, &'a ir::Struct),
    Tagged(&'a str, &'a ir::TaggedUnion),
    Untagged(&'a str, &'a ir::UntaggedUnion),
    /// A named type the API does not define.
    Missing(&'a str),
}

impl Base<'_> {
    fn same_kind(&self, other: &Base<'_>) -> bool {
        match (self, other) {
            (Base::String(a), Base::String(b)) => a == b,
            (Base::Integer(a), Base::Integer(b)) => a == b,
            (Base::Number(a), Base::Number(b)) => a == b,
            (Base::Missing(a), Base::Missing(b)) => a == b,
            (Base::Boolean, Base::Boolean)
            | (Base::Array(_), Base::Array(_))
            | (Base::Map(_), Base::Map(_))
            | (Base::Any, Base::Any)
            | (Base::Struct(..), Base::Struct(..))
            | (Base::Tagged(..), Base::Tagged(..))
            | (Base::Untagged(..), Base::Untagged(..)) => true,
            _ => false,
        }
    }

    fn describe(&self) -> String {
        match self {
            Base::String(format) => match format {
                ir::StringFormat::Plain => "string".to_owned(),
                ir::StringFormat::DateTime => "string (date-time)".to_owned(),
                ir::StringFormat::Date => "string (date)".to_owned(),
                ir::StringFormat::Uuid => "string (uuid)".to_owned(),
                ir::StringFormat::Byte => "string (byte)".to_owned(),
                ir::StringFormat::Binary => "string (binary)".to_owned(),
            },
            Base::Boolean => "boolean".to_owned(),
            Base::Integer(format) => match format {
                ir::IntegerFormat::I32 => "integer (int32)".to_owned(),
                ir::IntegerFormat::I64 => "integer (int64)".to_owned(),
                ir::IntegerFormat::U32 => "integer (uint32)".to_owned(),
                ir::IntegerFormat::U64 => "integer (uint64)".to_owned(),
            },
            Base::Number(format) => match format {
                ir::NumberFormat::F32 => "number (float)".to_owned(),
                ir::NumberFormat::F64 => "number (double)".to_owned(),
            },
            Base::Array(_) => "array".to_owned(),
            Base::Map(_) => "map".to_owned(),
            Base::Any => "any value".to_owned(),
            Base::Struct(name, _) => format!("object `{name}`"),
            Base::Tagged(name, _) | Base::Untagged(name, _) => format!("union `{name}`"),
            Base::Missing(name) => format!("undefined type `{name}`"),
        }
    }
}

/// A resolved use of a type.
#[derive(Debug)]
struct Value<'a> {
    base: Base<'a>,
    nullable: bool,
    constraints: &'a ir::Constraints,
    /// The allowed values, when the value is an enum (or has a fixed value).
    enum_values: Option<Vec<String>>,
}

/// Aliases of aliases are followed at most this deep.
const MAX_ALIAS_DEPTH: usize = 16;

fn resolve<'t>(index: &Index<'t>, ty: &'t ir::Ty, fixed: Option<&str>) -> Value<'t> {
    let mut kind = &ty.kind;
    let mut nullable = ty.nullable;
    let mut constraints = &ty.constraints;
    let mut enum_values = None;
    let mut base = Base::Any;
    for _ in 0..MAX_ALIAS_DEPTH {
        base = match kind {
            ir::TyKind::String(format) => Base::String(*format),
            ir::TyKind::Boolean => Base::Boolean,
            ir::TyKind::Integer(format) => Base::Integer(*format),
            ir::TyKind::Number(format) => Base::Number(*format),
            ir::TyKind::Array(item) => Base::Array(item),
            ir::TyKind::Map(value) => Base::Map(value),
            ir::TyKind::Any => Base::Any,
            ir::TyKind::Named(name) => match index.get(name) {
                None => Base::Missing(name),
                Some(def) => match &def.kind {
                    ir::TypeKind::Struct(fields) => Base::Struct(&def.name, fields),
                    ir::TypeKind::StringEnum(string_enum) => {
                        enum_values = Some(
                            string_enum
                                .variants
                                .iter()
                                .map(|variant| variant.name.wire.clone())
                                .collect(),
                        );
                        Base::String(ir::StringFormat::Plain)
                    }
                    ir::TypeKind::IntegerEnum(integer_enum) => {
                        enum_values = Some(
                            integer_enum
                                .variants
                                .iter()
                                .map(|(_, value)| value.to_string())
                                .collect(),
                        );
                        Base::Integer(integer_enum.format)
                    }
                    ir::TypeKind::Tagged(union) => Base::Tagged(&def.name, union),
                    ir::TypeKind::Untagged(union) => Base::Untagged(&def.name, union),
                    ir::TypeKind::Alias(inner) => {
                        kind = &inner.kind;
                        nullable |= inner.nullable;
                        if constraints.is_empty() {
                            constraints = &inner.constraints;
                        }
                        continue;
                    }
                },
            },
        };
        break;
    }
    if enum_values.is_none() {
        enum_values = constraints
            .allowed_values
            .as_ref()
            .map(|values| values.iter().map(json_text).collect());
    }
    if let Some(fixed) = fixed {
        enum_values = Some(vec![fixed.to_owned()]);
    }
    Value {
        base,
        nullable,
        constraints,
        enum_values,
    }
}

/// A JSON value as text: strings without quotes, the rest as JSON.
fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// `` `a`, `b` ``.
fn code_list<'s>(items: impl IntoIterator<Item = &'s String>) -> String {
    items
        .into_iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        one.to_owned()
    } else {
        many.to_owned()
    }
}

/// The state of the comparison of two APIs.
struct Walk<'a> {
    old: Index<'a>,
    new: Index<'a>,
    old_api: &'a ir::Api,
    new_api: &'a ir::Api,
    operation: Option<String>,
    pointer: Option<String>,
    /// Type pairs already compared in the current operation, by direction.
    visited: HashSet<(String, String, bool)>,
    out: Vec<Change>,
}

impl<'a> Walk<'a> {
    fn new(old_api: &'a ir::Api, new_api: &'a ir::Api) -> Self {
        Self {
            old: Index::new(old_api),
            new: Index::new(new_api),
            old_api,
            new_api,
            operation: None,
            pointer: None,
            visited: HashSet::new(),
            out: Vec::new(),
        }
    }

    /// Starts reporting for another operation (or for components, with `None`).
    fn start(&mut self, operation: impl Into<Option<String>>, pointer: Option<String>) {
        self.operation = operation.into();
        self.pointer = pointer;
        self.visited.clear();
    }

    /// Records a change at `place`, pointing at it or else at the operation.
    fn push(&mut self, rule: Rule, place: &Place, message: String) {
        self.out.push(Change {
            rule,
            operation: self.operation.clone(),
            location: place.render(),
            message,
            pointer: place.pointer.clone().or_else(|| self.pointer.clone()),
        });
    }

    fn operation(&mut self, old: &'a ir::Operation, new: &'a ir::Operation) {
        self.start(operation_label(new), Some(new.pointer.clone()));
        let root = Place::root();
        if old.method != new.method || route_shape(&old.template) != route_shape(&new.template) {
            self.push(
                Rule::OperationPathChanged,
                &root,
                format!(
                    "operation `{}` moved from `{}` to `{}`",
                    new.id,
                    operation_label(old),
                    operation_label(new)
                ),
            );
        }
        if old.id != new.id {
            self.push(
                Rule::OperationIdChanged,
                &root,
                format!("operationId changed from `{}` to `{}`", old.id, new.id),
            );
        }
        if !old.docs.deprecated && new.docs.deprecated {
            self.push(
                Rule::OperationDeprecated,
                &root,
                format!("operation `{}` is deprecated", new.id),
            );
        }
        self.parameters(old, new);
        self.request_body(old.request_body.as_ref(), new.request_body.as_ref());
        self.responses(old, new);
        self.security(&old.security, &new.security);
    }

    fn parameters(&mut self, old: &'a ir::Operation, new: &'a ir::Operation) {
        let is_path = |parameter: &&ir::Parameter| parameter.location == ir::ParamLocation::Path;
        let old_path: Vec<&ir::Parameter> = old.parameters.iter().filter(is_path).collect();
        let new_path: Vec<&ir::Parameter> = new.parameters.iter().filter(is_path).collect();
        let mut pairs: Vec<(Option<&ir::Parameter>, Option<&ir::Parameter>)> = Vec::new();
        for index in 0..old_path.len().max(new_path.len()) {
            pairs.push((old_path.get(index).copied(), new_path.get(index).copied()));
        }
        let key = |parameter: &ir::Parameter| {
            let name = if parameter.location == ir::ParamLocation::Header {
                parameter.name.wire.to_ascii_lowercase()
            } else {
                parameter.name.wire.clone()
            };
            (parameter.location, name)
        };
        let new_others: Vec<&ir::Parameter> =
            new.parameters.iter().filter(|p| !is_path(p)).collect();
        let mut used = vec![false; new_others.len()];
        for parameter in old.parameters.iter().filter(|p| !is_path(p)) {
            let wanted = key(parameter);
            let found = (0..new_others.len()).find(|&i| !used[i] && key(new_others[i]) == wanted);
            if let Some(i) = found {
                used[i] = true;
            }
            pairs.push((Some(parameter), found.map(|i| new_others[i])));
        }
        for (parameter, used) in new_others.iter().zip(&used) {
            if !used {
                pairs.push((None, Some(parameter)));
            }
        }
        for pair in pairs {
            self.parameter(pair);
        }
    }

    fn parameter(&mut self, pair: (Option<&'a ir::Parameter>, Option<&'a ir::Parameter>)) {
        match pair {
            (Some(old), None) => {
                // The old parameter's pointer is into the old spec: point at the operation.
                let mut place = parameter_place(old);
                place.pointer = None;
                self.push(
                    Rule::ParameterRemoved,
                    &place,
                    format!("{} was removed", place.prefix),
                );
            }
            (None, Some(new)) => {
                let place = parameter_place(new);
                let (rule, word) = if new.required {
                    (Rule::ParameterAddedRequired, "required")
                } else {
                    (Rule::ParameterAddedOptional, "optional")
                };
                self.push(rule, &place, format!("{word} {} was added", place.prefix));
            }
            (Some(old), Some(new)) => {
                let place = parameter_place(new);
                if old.name.wire != new.name.wire {
                    self.push(
                        Rule::PathParameterRenamed,
                        &place,
                        format!(
                            "path parameter `{}` was renamed to `{}`",
                            old.name.wire, new.name.wire
                        ),
                    );
                }
                if !old.required && new.required {
                    self.push(
                        Rule::ParameterBecameRequired,
                        &place,
                        format!("{} became required", place.prefix),
                    );
                } else if old.required && !new.required {
                    self.push(
                        Rule::ParameterBecameOptional,
                        &place,
                        format!("{} became optional", place.prefix),
                    );
                }
                self.value(
                    &old.ty,
                    &new.ty,
                    old.fixed_value.as_deref(),
                    new.fixed_value.as_deref(),
                    Ctx::Parameter,
                    &place.below(String::new(), &["schema"]),
                );
            }
            (None, None) => {}
        }
    }

    fn request_body(&mut self, old: Option<&'a ir::RequestBody>, new: Option<&'a ir::RequestBody>) {
        let place =
            Place::new("request body").at(pointer_to(self.pointer.as_ref(), &["requestBody"]));
        match (old, new) {
            (None, None) => {}
            (None, Some(new)) => {
                let (rule, message) = if new.required {
                    (
                        Rule::RequestBodyAddedRequired,
                        "a required request body was added",
                    )
                } else {
                    (
                        Rule::RequestBodyAddedOptional,
                        "an optional request body was added",
                    )
                };
                self.push(rule, &place, message.to_owned());
            }
            (Some(_), None) => {
                self.push(
                    Rule::RequestBodyRemoved,
                    &place,
                    "the request body was removed".to_owned(),
                );
            }
            (Some(old), Some(new)) => {
                if !old.required && new.required {
                    self.push(
                        Rule::RequestBodyBecameRequired,
                        &place,
                        "the request body became required".to_owned(),
                    );
                } else if old.required && !new.required {
                    self.push(
                        Rule::RequestBodyBecameOptional,
                        &place,
                        "the request body became optional".to_owned(),
                    );
                }
                self.contents(
                    &old.contents,
                    &new.contents,
                    &place,
                    Ctx::Request,
                    (Rule::RequestMediaTypeRemoved, Rule::RequestMediaTypeAdded),
                );
            }
        }
    }

    /// Compares the media types of a request body or response.
    fn contents(
        &mut self,
        old: &'a [ir::MediaContent],
        new: &'a [ir::MediaContent],
        base: &Place,
        ctx: Ctx,
        (removed, added): (Rule, Rule),
    ) {
        let same = |a: &ir::MediaContent, b: &ir::MediaContent| {
            a.media_type.eq_ignore_ascii_case(&b.media_type)
        };
        for old_content in old {
            let place = media_place(base, &old_content.media_type);
            match new
                .iter()
                .find(|new_content| same(old_content, new_content))
            {
                None => self.push(
                    removed,
                    base,
                    format!("media type `{}` was removed", old_content.media_type),
                ),
                Some(new_content) => self.body(&old_content.body, &new_content.body, ctx, &place),
            }
        }
        for new_content in new {
            if !old.iter().any(|old_content| same(old_content, new_content)) {
                let message = if old.is_empty() {
                    format!("a `{}` body was added", new_content.media_type)
                } else {
                    format!("media type `{}` was added", new_content.media_type)
                };
                self.push(added, base, message);
            }
        }
    }

    fn body(&mut self, old: &'a ir::BodyKind, new: &'a ir::BodyKind, ctx: Ctx, place: &Place) {
        match (old, new) {
            (ir::BodyKind::Json(old), ir::BodyKind::Json(new))
            | (ir::BodyKind::Form(old), ir::BodyKind::Form(new)) => {
                self.value(old, new, None, None, ctx, place);
            }
            (ir::BodyKind::Text(old), ir::BodyKind::Text(new)) => {
                let text = |constraints: &ir::Constraints| ir::Ty {
                    kind: ir::TyKind::String(ir::StringFormat::Plain),
                    nullable: false,
                    constraints: constraints.clone(),
                };
                let (old, new) = (text(old), text(new));
                self.value(&old, &new, None, None, ctx, place);
            }
            (ir::BodyKind::Binary, ir::BodyKind::Binary) => {}
            _ => self.push(
                value_rule(ctx, Kind::TypeChanged),
                place,
                format!("body changed from {} to {}", body_word(old), body_word(new)),
            ),
        }
    }

    fn responses(&mut self, old: &'a ir::Operation, new: &'a ir::Operation) {
        for old_response in &old.responses {
            let label = status_label(old_response.status);
            match new
                .responses
                .iter()
                .find(|new_response| new_response.status == old_response.status)
            {
                None => {
                    let rule = if is_success(old_response.status) {
                        Rule::ResponseSuccessStatusRemoved
                    } else {
                        Rule::ResponseErrorStatusRemoved
                    };
                    let place = Place::new(format!("response {label}"))
                        .at(pointer_to(self.pointer.as_ref(), &["responses"]));
                    self.push(rule, &place, format!("response {label} was removed"));
                }
                Some(new_response) => self.response(old_response, new_response),
            }
        }
        for new_response in &new.responses {
            if !old
                .responses
                .iter()
                .any(|old_response| old_response.status == new_response.status)
            {
                let label = status_label(new_response.status);
                let rule = if is_success(new_response.status) {
                    Rule::ResponseSuccessStatusAdded
                } else {
                    Rule::ResponseErrorStatusAdded
                };
                let place = Place::new(format!("response {label}"))
                    .at(pointer_to(self.pointer.as_ref(), &["responses", &label]));
                self.push(rule, &place, format!("response {label} was added"));
            }
        }
    }

    fn response(&mut self, old: &'a ir::Response, new: &'a ir::Response) {
        let label = status_label(new.status);
        let base = Place::new(format!("response {label}"))
            .at(pointer_to(self.pointer.as_ref(), &["responses", &label]));
        self.contents(
            &old.contents,
            &new.contents,
            &base,
            Ctx::Response,
            (Rule::ResponseMediaTypeRemoved, Rule::ResponseMediaTypeAdded),
        );
        let same = |a: &ir::ResponseHeader, b: &ir::ResponseHeader| {
            a.name.wire.eq_ignore_ascii_case(&b.name.wire)
        };
        for old_header in &old.headers {
            let place = header_place(&base, &old_header.name.wire);
            match new
                .headers
                .iter()
                .find(|new_header| same(old_header, new_header))
            {
                None => {
                    let (rule, word) = if old_header.required {
                        (Rule::ResponseHeaderRemoved, "required")
                    } else {
                        (Rule::ResponseOptionalHeaderRemoved, "optional")
                    };
                    self.push(
                        rule,
                        &place,
                        format!("{word} header `{}` was removed", old_header.name.wire),
                    );
                }
                Some(new_header) => {
                    if old_header.required && !new_header.required {
                        self.push(
                            Rule::ResponseHeaderBecameOptional,
                            &place,
                            format!("header `{}` became optional", new_header.name.wire),
                        );
                    } else if !old_header.required && new_header.required {
                        self.push(
                            Rule::ResponseHeaderBecameRequired,
                            &place,
                            format!("header `{}` became required", new_header.name.wire),
                        );
                    }
                    self.value(
                        &old_header.ty,
                        &new_header.ty,
                        old_header.fixed_value.as_deref(),
                        new_header.fixed_value.as_deref(),
                        Ctx::Response,
                        &place.below(String::new(), &["schema"]),
                    );
                }
            }
        }
        for new_header in &new.headers {
            if !old
                .headers
                .iter()
                .any(|old_header| same(old_header, new_header))
            {
                self.push(
                    Rule::ResponseHeaderAdded,
                    &header_place(&base, &new_header.name.wire),
                    format!("header `{}` was added", new_header.name.wire),
                );
            }
        }
    }

    fn security(&mut self, old: &[ir::SecurityRequirement], new: &[ir::SecurityRequirement]) {
        let place = Place::new("security");
        if old.is_empty() && !new.is_empty() {
            self.push(
                Rule::SecurityRequirementAdded,
                &place,
                format!(
                    "the operation now needs authentication ({})",
                    alternatives_text(new)
                ),
            );
            return;
        }
        if !old.is_empty() && new.is_empty() {
            self.push(
                Rule::SecurityRequirementRemoved,
                &place,
                "the operation no longer needs authentication".to_owned(),
            );
            return;
        }
        let old_sets = alternatives(old);
        let new_sets = alternatives(new);
        for (keys, old_scopes) in &old_sets {
            match new_sets.get(keys) {
                None => self.push(
                    Rule::SecurityAlternativeRemoved,
                    &place,
                    format!("security `{}` is no longer accepted", keys.join(" + ")),
                ),
                Some(new_scopes) => {
                    for (scheme, old_list) in old_scopes {
                        let new_list = new_scopes.get(scheme).cloned().unwrap_or_default();
                        let added: Vec<&String> =
                            new_list.iter().filter(|s| !old_list.contains(s)).collect();
                        let removed: Vec<&String> =
                            old_list.iter().filter(|s| !new_list.contains(s)).collect();
                        if !added.is_empty() {
                            self.push(
                                Rule::SecurityScopesAdded,
                                &place,
                                format!(
                                    "scheme `{scheme}` now needs {} {}",
                                    plural(added.len(), "scope", "scopes"),
                                    code_list(added)
                                ),
                            );
                        }
                        if !removed.is_empty() {
                            self.push(
                                Rule::SecurityScopesRemoved,
                                &place,
                                format!(
                                    "scheme `{scheme}` no longer needs {} {}",
                                    plural(removed.len(), "scope", "scopes"),
                                    code_list(removed)
                                ),
                            );
                        }
                    }
                }
            }
        }
        for keys in new_sets.keys() {
            if !old_sets.contains_key(keys) {
                self.push(
                    Rule::SecurityAlternativeAdded,
                    &place,
                    format!("security `{}` is now accepted", keys.join(" + ")),
                );
            }
        }
    }

    /// Compares two uses of a type in the same place.
    fn value<'t>(
        &mut self,
        old_ty: &'t ir::Ty,
        new_ty: &'t ir::Ty,
        old_fixed: Option<&str>,
        new_fixed: Option<&str>,
        ctx: Ctx,
        place: &Place,
    ) {
        let old = resolve(&self.old, old_ty, old_fixed);
        let new = resolve(&self.new, new_ty, new_fixed);
        if !old.base.same_kind(&new.base) {
            self.push(
                value_rule(ctx, Kind::TypeChanged),
                place,
                format!(
                    "type changed from {} to {}",
                    old.base.describe(),
                    new.base.describe()
                ),
            );
            return;
        }
        if old.nullable && !new.nullable {
            self.push(
                value_rule(ctx, Kind::NullableRemoved),
                place,
                "null is no longer allowed".to_owned(),
            );
        } else if !old.nullable && new.nullable {
            self.push(
                value_rule(ctx, Kind::NullableAdded),
                place,
                "null is now allowed".to_owned(),
            );
        }
        self.enum_values(
            old.enum_values.as_deref(),
            new.enum_values.as_deref(),
            ctx,
            place,
        );
        let mut limits = Vec::new();
        constraint_changes(old.constraints, new.constraints, &mut limits);
        for (kind, message) in limits {
            self.push(value_rule(ctx, kind), place, message);
        }
        match (old.base, new.base) {
            (Base::Array(old_item), Base::Array(new_item)) => {
                self.value(old_item, new_item, None, None, ctx, &place.items());
            }
            (Base::Map(old_value), Base::Map(new_value)) => {
                self.value(old_value, new_value, None, None, ctx, &place.values());
            }
            (Base::Struct(old_name, old_struct), Base::Struct(new_name, new_struct))
                if self.first_visit(old_name, new_name, ctx) =>
            {
                let place = &place.at(self.new.get(new_name).map(|def| def.pointer.clone()));
                self.structs(old_struct, new_struct, ctx.nested(), place);
            }
            (Base::Tagged(old_name, old_union), Base::Tagged(new_name, new_union))
                if self.first_visit(old_name, new_name, ctx) =>
            {
                let place = &place.at(self.new.get(new_name).map(|def| def.pointer.clone()));
                self.tagged(old_union, new_union, ctx.nested(), place);
            }
            (Base::Untagged(old_name, old_union), Base::Untagged(new_name, new_union))
                if self.first_visit(old_name, new_name, ctx) =>
            {
                let place = &place.at(self.new.get(new_name).map(|def| def.pointer.clone()));
                self.untagged(old_union, new_union, ctx.nested(), place);
            }
            _ => {}
        }
    }

    /// Records a visit of a pair of named types; `false` when it was already visited.
    fn first_visit(&mut self, old: &str, new: &str, ctx: Ctx) -> bool {
        self.visited
            .insert((old.to_owned(), new.to_owned(), ctx.is_request()))
    }

    fn enum_values(
        &mut self,
        old: Option<&[String]>,
        new: Option<&[String]>,
        ctx: Ctx,
        place: &Place,
    ) {
        match (old, new) {
            (None, None) => {}
            (None, Some(new)) => self.push(
                value_rule(ctx, Kind::EnumNarrowed),
                place,
                format!("now limited to the enum values {}", code_list(new)),
            ),
            (Some(_), None) => self.push(
                value_rule(ctx, Kind::EnumWidened),
                place,
                "no longer limited to enum values".to_owned(),
            ),
            (Some(old), Some(new)) => {
                let removed: Vec<&String> = old.iter().filter(|v| !new.contains(v)).collect();
                let added: Vec<&String> = new.iter().filter(|v| !old.contains(v)).collect();
                if !removed.is_empty() {
                    self.push(
                        value_rule(ctx, Kind::EnumNarrowed),
                        place,
                        format!(
                            "enum {} {} removed",
                            plural(removed.len(), "value", "values"),
                            code_list(removed)
                        ),
                    );
                }
                if !added.is_empty() {
                    self.push(
                        value_rule(ctx, Kind::EnumWidened),
                        place,
                        format!(
                            "enum {} {} added",
                            plural(added.len(), "value", "values"),
                            code_list(added)
                        ),
                    );
                }
            }
        }
    }

    fn structs(&mut self, old: &ir::Struct, new: &ir::Struct, ctx: Ctx, place: &Place) {
        let request = ctx.is_request();
        let visible = |field: &&ir::Field| {
            if request {
                !field.read_only
            } else {
                !field.write_only
            }
        };
        let new_fields: Vec<&ir::Field> = new.fields.iter().filter(visible).collect();
        let old_fields: Vec<&ir::Field> = old.fields.iter().filter(visible).collect();
        for old_field in &old_fields {
            let field_place = place.field(&old_field.name.wire);
            let wire = &old_field.name.wire;
            match new_fields.iter().find(|field| field.name.wire == *wire) {
                None => {
                    let rule = match (request, old_field.required) {
                        (true, _) => Rule::RequestPropertyRemoved,
                        (false, true) => Rule::ResponsePropertyRemoved,
                        (false, false) => Rule::ResponseOptionalPropertyRemoved,
                    };
                    let word = if old_field.required {
                        "required"
                    } else {
                        "optional"
                    };
                    self.push(
                        rule,
                        &field_place,
                        format!("{word} property `{wire}` was removed"),
                    );
                }
                Some(new_field) => {
                    match (old_field.required, new_field.required, request) {
                        (false, true, true) => self.push(
                            Rule::RequestPropertyBecameRequired,
                            &field_place,
                            format!("property `{wire}` became required"),
                        ),
                        (true, false, true) => self.push(
                            Rule::RequestPropertyBecameOptional,
                            &field_place,
                            format!("property `{wire}` became optional"),
                        ),
                        (false, true, false) => self.push(
                            Rule::ResponsePropertyBecameRequired,
                            &field_place,
                            format!("property `{wire}` became required"),
                        ),
                        (true, false, false) => self.push(
                            Rule::ResponsePropertyBecameOptional,
                            &field_place,
                            format!("property `{wire}` became optional"),
                        ),
                        _ => {}
                    }
                    self.value(&old_field.ty, &new_field.ty, None, None, ctx, &field_place);
                }
            }
        }
        for new_field in &new_fields {
            let wire = &new_field.name.wire;
            if old_fields.iter().any(|field| field.name.wire == *wire) {
                continue;
            }
            let rule = match (request, new_field.required) {
                (true, true) => Rule::RequestPropertyAddedRequired,
                (true, false) => Rule::RequestPropertyAddedOptional,
                (false, _) => Rule::ResponsePropertyAdded,
            };
            let word = if new_field.required {
                "required"
            } else {
                "optional"
            };
            self.push(
                rule,
                &place.field(wire),
                format!("{word} property `{wire}` was added"),
            );
        }
        let mut limits = Vec::new();
        lower_bound(
            "minProperties",
            old.min_properties,
            new.min_properties,
            &mut limits,
        );
        upper_bound(
            "maxProperties",
            old.max_properties,
            new.max_properties,
            &mut limits,
        );
        match (&old.additional_properties, &new.additional_properties) {
            (Some(old_value), Some(new_value)) => {
                self.value(old_value, new_value, None, None, ctx, &place.values());
            }
            (None, Some(_)) => limits.push((
                Kind::Relaxed,
                "additional properties are now allowed".to_owned(),
            )),
            (Some(_), None) => limits.push((
                Kind::Tightened,
                "additional properties are no longer allowed".to_owned(),
            )),
            (None, None) => {}
        }
        for (kind, message) in limits {
            self.push(value_rule(ctx, kind), place, message);
        }
    }

    fn tagged(&mut self, old: &ir::TaggedUnion, new: &ir::TaggedUnion, ctx: Ctx, place: &Place) {
        if old.tag != new.tag {
            self.push(
                value_rule(ctx, Kind::TypeChanged),
                place,
                format!("discriminator changed from `{}` to `{}`", old.tag, new.tag),
            );
            return;
        }
        for old_variant in &old.variants {
            let wire = &old_variant.name.wire;
            match new
                .variants
                .iter()
                .find(|variant| variant.name.wire == *wire)
            {
                None => self.push(
                    value_rule(ctx, Kind::EnumNarrowed),
                    place,
                    format!("variant `{}: {wire}` was removed", old.tag),
                ),
                Some(new_variant) => {
                    let old_ty = named_ty(&old_variant.type_name);
                    let new_ty = named_ty(&new_variant.type_name);
                    self.value(&old_ty, &new_ty, None, None, ctx, &place.variant(wire));
                }
            }
        }
        for new_variant in &new.variants {
            let wire = &new_variant.name.wire;
            if !old
                .variants
                .iter()
                .any(|variant| variant.name.wire == *wire)
            {
                self.push(
                    value_rule(ctx, Kind::EnumWidened),
                    place,
                    format!("variant `{}: {wire}` was added", new.tag),
                );
            }
        }
    }

    fn untagged(
        &mut self,
        old: &ir::UntaggedUnion,
        new: &ir::UntaggedUnion,
        ctx: Ctx,
        place: &Place,
    ) {
        for old_variant in &old.variants {
            match new
                .variants
                .iter()
                .find(|variant| variant.name == old_variant.name)
            {
                None => self.push(
                    value_rule(ctx, Kind::EnumNarrowed),
                    place,
                    format!("variant `{}` was removed", old_variant.name),
                ),
                Some(new_variant) => self.value(
                    &old_variant.ty,
                    &new_variant.ty,
                    None,
                    None,
                    ctx,
                    &place.variant(&old_variant.name),
                ),
            }
        }
        for new_variant in &new.variants {
            if !old
                .variants
                .iter()
                .any(|variant| variant.name == new_variant.name)
            {
                self.push(
                    value_rule(ctx, Kind::EnumWidened),
                    place,
                    format!("variant `{}` was added", new_variant.name),
                );
            }
        }
    }

    /// Schemas of `components/schemas` added, removed or renamed.
    fn schemas(&mut self) {
        self.start(None, None);
        let old_schemas = schema_map(self.old_api);
        let new_schemas = schema_map(self.new_api);
        let removed: Vec<(&str, &ir::TypeDef)> = old_schemas
            .iter()
            .filter(|(name, _)| !new_schemas.contains_key(*name))
            .map(|(name, def)| (*name, *def))
            .collect();
        let added: Vec<(&str, &ir::TypeDef)> = new_schemas
            .iter()
            .filter(|(name, _)| !old_schemas.contains_key(*name))
            .map(|(name, def)| (*name, *def))
            .collect();
        let mut used = vec![false; added.len()];
        for (name, def) in &removed {
            let place = Place::new(format!("schema {name}"));
            let renamed =
                (0..added.len()).find(|&i| !used[i] && self.same_structure(def, added[i].1));
            match renamed {
                Some(i) => {
                    used[i] = true;
                    let (new_name, new_def) = added[i];
                    self.push(
                        Rule::SchemaRenamed,
                        &place.at(Some(new_def.pointer.clone())),
                        format!("schema `{name}` was renamed to `{new_name}`"),
                    );
                }
                None => self.push(
                    Rule::SchemaRemoved,
                    &place.at(Some("#/components/schemas".to_owned())),
                    format!("schema `{name}` was removed"),
                ),
            }
        }
        for ((name, def), used) in added.iter().zip(&used) {
            if !used {
                self.push(
                    Rule::SchemaAdded,
                    &Place::new(format!("schema {name}")).at(Some(def.pointer.clone())),
                    format!("schema `{name}` was added"),
                );
            }
        }
    }

    /// Whether two named types have the same structure: no change either way.
    fn same_structure(&self, old: &ir::TypeDef, new: &ir::TypeDef) -> bool {
        let old_ty = named_ty(&old.name);
        let new_ty = named_ty(&new.name);
        [Ctx::Request, Ctx::Response].into_iter().all(|ctx| {
            let mut scratch = Walk::new(self.old_api, self.new_api);
            scratch.value(&old_ty, &new_ty, None, None, ctx, &Place::root());
            scratch.out.is_empty()
        })
    }

    /// Security schemes whose kind or credential location changed.
    fn security_schemes(&mut self) {
        self.start(None, None);
        for old in &self.old_api.security_schemes {
            let Some(new) = self
                .new_api
                .security_schemes
                .iter()
                .find(|scheme| scheme.key == old.key)
            else {
                continue;
            };
            if old.kind != new.kind {
                self.push(
                    Rule::SecuritySchemeChanged,
                    &Place::new(format!("security scheme {}", old.key)),
                    format!(
                        "scheme `{}` changed from {} to {}",
                        old.key,
                        scheme_text(&old.kind),
                        scheme_text(&new.kind)
                    ),
                );
            }
        }
    }
}

/// A use of the named type `name`.
fn named_ty(name: &str) -> ir::Ty {
    ir::Ty {
        kind: ir::TyKind::Named(name.to_owned()),
        nullable: false,
        constraints: ir::Constraints::default(),
    }
}

fn parameter_place(parameter: &ir::Parameter) -> Place {
    let location = match parameter.location {
        ir::ParamLocation::Path => "path",
        ir::ParamLocation::Query => "query",
        ir::ParamLocation::Header => "header",
        ir::ParamLocation::Cookie => "cookie",
    };
    Place::new(format!("{location} parameter {}", parameter.name.wire))
        .at(Some(parameter.pointer.clone()))
}

fn header_place(base: &Place, name: &str) -> Place {
    let mut place = base.below(String::new(), &["headers", name]);
    place.prefix = format!("{} header {name}", base.prefix);
    place
}

fn media_place(base: &Place, media_type: &str) -> Place {
    let mut place = base.below(String::new(), &["content", media_type, "schema"]);
    if !media_type.eq_ignore_ascii_case("application/json") {
        place.prefix = format!("{} ({media_type})", base.prefix);
    }
    place
}

fn body_word(body: &ir::BodyKind) -> &'static str {
    match body {
        ir::BodyKind::Json(_) => "JSON",
        ir::BodyKind::Form(_) => "a form",
        ir::BodyKind::Text(_) => "text",
        ir::BodyKind::Binary => "binary",
    }
}

fn status_label(status: ir::StatusSpec) -> String {
    match status {
        ir::StatusSpec::Code(code) => code.to_string(),
        ir::StatusSpec::Range(digit) => format!("{digit}XX"),
        ir::StatusSpec::Default => "default".to_owned(),
    }
}

fn is_success(status: ir::StatusSpec) -> bool {
    match status {
        ir::StatusSpec::Code(code) => (200..300).contains(&code),
        ir::StatusSpec::Range(digit) => digit == 2,
        ir::StatusSpec::Default => false,
    }
}

/// Alternatives by their sorted scheme keys, each with the scopes per scheme.
fn alternatives(
    requirements: &[ir::SecurityRequirement],
) -> BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>> {
    requirements
        .iter()
        .map(|requirement| {
            let scopes: BTreeMap<String, Vec<String>> =
                requirement.schemes.iter().cloned().collect();
            (scopes.keys().cloned().collect(), scopes)
        })
        .collect()
}

fn alternatives_text(requirements: &[ir::SecurityRequirement]) -> String {
    alternatives(requirements)
        .keys()
        .map(|keys| format!("`{}`", keys.join(" + ")))
        .collect::<Vec<_>>()
        .join(" or ")
}

fn scheme_text(kind: &ir::SecuritySchemeKind) -> String {
    match kind {
        ir::SecuritySchemeKind::ApiKey {
            location,
            parameter,
        } => {
            let location = match location {
                ir::ParamLocation::Path => "path",
                ir::ParamLocation::Query => "query",
                ir::ParamLocation::Header => "header",
                ir::ParamLocation::Cookie => "cookie",
            };
            format!("an API key in {location} `{parameter}`")
        }
        ir::SecuritySchemeKind::Bearer => "HTTP bearer".to_owned(),
        ir::SecuritySchemeKind::Basic => "HTTP basic".to_owned(),
        ir::SecuritySchemeKind::OAuth2 => "OAuth2".to_owned(),
    }
}

fn schema_map(api: &ir::Api) -> BTreeMap<&str, &ir::TypeDef> {
    api.types
        .iter()
        .filter_map(|def| def.schema_name.as_deref().map(|name| (name, def)))
        .collect()
}

/// Bounds below which values are refused (`minLength`, `minItems`).
fn lower_bound(name: &str, old: Option<u64>, new: Option<u64>, out: &mut Vec<(Kind, String)>) {
    match (old, new) {
        (None, Some(new)) => out.push((Kind::Tightened, format!("{name} {new} was added"))),
        (Some(old), None) => out.push((Kind::Relaxed, format!("{name} {old} was removed"))),
        (Some(old), Some(new)) if new > old => out.push((
            Kind::Tightened,
            format!("{name} was raised from {old} to {new}"),
        )),
        (Some(old), Some(new)) if new < old => out.push((
            Kind::Relaxed,
            format!("{name} was lowered from {old} to {new}"),
        )),
        _ => {}
    }
}

/// Bounds above which values are refused (`maxLength`, `maxItems`).
fn upper_bound(name: &str, old: Option<u64>, new: Option<u64>, out: &mut Vec<(Kind, String)>) {
    match (old, new) {
        (None, Some(new)) => out.push((Kind::Tightened, format!("{name} {new} was added"))),
        (Some(old), None) => out.push((Kind::Relaxed, format!("{name} {old} was removed"))),
        (Some(old), Some(new)) if new < old => out.push((
            Kind::Tightened,
            format!("{name} was lowered from {old} to {new}"),
        )),
        (Some(old), Some(new)) if new > old => out.push((
            Kind::Relaxed,
            format!("{name} was raised from {old} to {new}"),
        )),
        _ => {}
    }
}

fn bound_text(bound: ir::Bound) -> String {
    if bound.exclusive {
        format!("{} (exclusive)", bound.value)
    } else {
        bound.value.to_string()
    }
}

/// Compares numeric bounds; `is_minimum` says which side of the range refuses values.
fn numeric_bound(
    name: &str,
    old: Option<ir::Bound>,
    new: Option<ir::Bound>,
    is_minimum: bool,
    out: &mut Vec<(Kind, String)>,
) {
    match (old, new) {
        (None, Some(new)) => out.push((
            Kind::Tightened,
            format!("{name} {} was added", bound_text(new)),
        )),
        (Some(old), None) => out.push((
            Kind::Relaxed,
            format!("{name} {} was removed", bound_text(old)),
        )),
        (Some(old), Some(new)) if old != new => {
            let stricter = if old.value == new.value {
                new.exclusive && !old.exclusive
            } else if is_minimum {
                new.value > old.value
            } else {
                new.value < old.value
            };
            let kind = if stricter {
                Kind::Tightened
            } else {
                Kind::Relaxed
            };
            out.push((
                kind,
                format!(
                    "{name} changed from {} to {}",
                    bound_text(old),
                    bound_text(new)
                ),
            ));
        }
        _ => {}
    }
}

/// Every limit that got stricter or looser, and pattern changes.
fn constraint_changes(old: &ir::Constraints, new: &ir::Constraints, out: &mut Vec<(Kind, String)>) {
    lower_bound("minLength", old.min_length, new.min_length, out);
    upper_bound("maxLength", old.max_length, new.max_length, out);
    numeric_bound("minimum", old.minimum, new.minimum, true, out);
    numeric_bound("maximum", old.maximum, new.maximum, false, out);
    match (old.multiple_of, new.multiple_of) {
        (None, Some(new)) => out.push((Kind::Tightened, format!("multipleOf {new} was added"))),
        (Some(old), None) => out.push((Kind::Relaxed, format!("multipleOf {old} was removed"))),
        (Some(old), Some(new)) if old != new => {
            let ratio = old / new;
            let kind = if ratio.is_finite() && ratio.fract() == 0.0 {
                Kind::Relaxed
            } else {
                Kind::Tightened
            };
            out.push((kind, format!("multipleOf changed from {old} to {new}")));
        }
        _ => {}
    }
    lower_bound("minItems", old.min_items, new.min_items, out);
    upper_bound("maxItems", old.max_items, new.max_items, out);
    match (old.unique_items, new.unique_items) {
        (false, true) => out.push((Kind::Tightened, "items must now be unique".to_owned())),
        (true, false) => out.push((
            Kind::Relaxed,
            "items no longer need to be unique".to_owned(),
        )),
        _ => {}
    }
    let regex = |constraints: &'_ ir::Constraints| {
        constraints
            .pattern
            .as_ref()
            .map(|pattern| pattern.regex.clone())
    };
    match (regex(old), regex(new)) {
        (None, Some(new)) => out.push((Kind::Tightened, format!("pattern `{new}` was added"))),
        (Some(old), None) => out.push((Kind::Relaxed, format!("pattern `{old}` was removed"))),
        (Some(old), Some(new)) if old != new => out.push((
            Kind::PatternChanged,
            format!("pattern changed from `{old}` to `{new}`"),
        )),
        _ => {}
    }
}
