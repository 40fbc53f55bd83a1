//! The intermediate representation: plain, ordered data between lowering and emitting.
//!
//! Nothing here knows about `openapiv3` or `quote`. Lowering fills these structs from a
//! spec; every emitter reads them. All collections are `Vec`s in a defined order (types
//! and operations sorted by name), so that output never depends on map order in the spec.
//! Names are final Rust identifiers (keywords already escaped, e.g. `r#type` or `self_`),
//! each kept with the wire name it came from.

use std::collections::{BTreeMap, BTreeSet};

/// A whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Servers in spec order; the first is the default base URL.
    pub servers: Vec<Server>,
    /// Named types, sorted by `name`.
    pub types: Vec<TypeDef>,
    /// The members stored in a `Box` to break a cycle of types held inline (see
    /// `lower::cycles`): by type name, the indexes of its struct fields or union variants.
    pub boxed: BTreeMap<String, BTreeSet<usize>>,
    /// Operations, sorted by `name`.
    pub operations: Vec<Operation>,
    /// Security schemes, sorted by `key`.
    pub security_schemes: Vec<SecurityScheme>,
    /// Tags in the order the spec declares them, then any undeclared tag in order of use.
    pub tags: Vec<Tag>,
    /// Problems that do not stop generation (ambiguous unions, ignored constructs).
    pub warnings: Vec<Warning>,
}

impl Api {
    /// Whether member `index` (a struct field or a union variant) of the type named
    /// `type_name` is stored in a `Box`.
    pub fn is_boxed(&self, type_name: &str, index: usize) -> bool {
        self.boxed
            .get(type_name)
            .is_some_and(|members| members.contains(&index))
    }
}

/// A server entry; `url` may hold `{variable}` templates filled with their defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
}

/// A tag with its description.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub name: String,
    pub description: Option<String>,
}

/// A generation warning with the JSON pointer it concerns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub pointer: String,
    pub message: String,
}

/// A Rust identifier together with the wire name it stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name {
    /// The Rust identifier, possibly raw (`r#type`).
    pub rust: String,
    /// The name on the wire (JSON property, parameter name, enum value).
    pub wire: String,
}

/// Documentation taken from the spec.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Example value from the spec, if any.
    pub example: Option<serde_json::Value>,
}

/// A named type to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// UpperCamelCase Rust type name, unique in the API.
    pub name: String,
    /// The schema name in `components/schemas`, or `None` for an inline schema.
    pub schema_name: Option<String>,
    /// JSON pointer of the schema this type came from.
    pub pointer: String,
    pub docs: Docs,
    pub kind: TypeKind,
}

/// What a named type is.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    StringEnum(StringEnum),
    IntegerEnum(IntegerEnum),
    /// `oneOf` with a discriminator: one variant per tag value.
    Tagged(TaggedUnion),
    /// `oneOf` or `anyOf` without a discriminator, variants ordered for unambiguous decoding.
    Untagged(UntaggedUnion),
    /// A named schema that is a primitive, array, map or free-form value. Uses of it are
    /// inlined by lowering (constraints included); the alias is emitted for users.
    Alias(Ty),
}

/// An object schema (after `allOf` merging).
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties`: `None` when absent or `false`, else the value type
    /// (`TyKind::Any` for `true` or `{}`).
    pub additional_properties: Option<Box<Ty>>,
    /// `minProperties` / `maxProperties`.
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
}

/// A property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Name,
    /// The property type; `ty.nullable` says whether JSON `null` is allowed.
    pub ty: Ty,
    pub required: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// The schema's `default`, if any.
    pub default: Option<serde_json::Value>,
    pub docs: Docs,
    /// Vendor extensions (`x-...`) on the property schema, sorted by key.
    pub extensions: BTreeMap<String, serde_json::Value>,
}

/// A string enum; emitted with a catch-all variant for values the spec does not list.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Variant name (rust) and the string value (wire).
    pub name: Name,
    pub docs: Docs,
}

/// An integer enum; emitted with a catch-all variant for unlisted values.
#[derive(Debug, Clone, PartialEq)]
pub struct IntegerEnum {
    /// Variant names with their values, in spec order.
    pub variants: Vec<(String, i64)>,
    pub format: IntegerFormat,
}

/// `oneOf` + `discriminator`.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedUnion {
    /// The discriminator property name on the wire.
    pub tag: String,
    /// One variant per tag value, in mapping order then implicit values sorted.
    pub variants: Vec<TaggedVariant>,
}

/// A tag value and the named type it selects.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// Variant name (rust) and tag value (wire).
    pub name: Name,
    /// Name of the `TypeDef` the value decodes into.
    pub type_name: String,
}

/// `oneOf`/`anyOf` without a discriminator.
#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedUnion {
    /// Variants in decoding order: the first that decodes wins.
    pub variants: Vec<UntaggedVariant>,
    /// `true` for `anyOf`, `false` for `oneOf`.
    pub any_of: bool,
}

/// One branch of an untagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant {
    /// UpperCamelCase variant name.
    pub name: String,
    pub ty: Ty,
}

/// A use of a type, with the constraints that apply at that place.
#[derive(Debug, Clone, PartialEq)]
pub struct Ty {
    pub kind: TyKind,
    /// JSON `null` is allowed (`nullable: true`).
    pub nullable: bool,
    pub constraints: Constraints,
}

/// The shape of a type use.
#[derive(Debug, Clone, PartialEq)]
pub enum TyKind {
    /// A `TypeDef` by name (never an `Alias`: aliases are inlined).
    Named(String),
    String(StringFormat),
    Boolean,
    Integer(IntegerFormat),
    Number(NumberFormat),
    Array(Box<Ty>),
    /// A JSON object used as a map from string keys to values of this type.
    Map(Box<Ty>),
    /// Any JSON value.
    Any,
}

/// String formats with their own Rust type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFormat {
    Plain,
    /// RFC 3339 timestamp.
    DateTime,
    /// Full date, `YYYY-MM-DD`.
    Date,
    Uuid,
    /// Base64-encoded bytes.
    Byte,
    /// Raw bytes (only meaningful as a whole body).
    Binary,
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerFormat {
    I32,
    I64,
    U32,
    U64,
}

/// Floating-point widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    F32,
    F64,
}

/// JSON Schema validation keywords that apply to a value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    /// The error code the spec gives for values that do not match `pattern`
    /// (`x-pattern-error-code` on the schema that declares the pattern).
    pub pattern_code: Option<String>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    /// Allowed values of an inline enum that is not worth a named type (e.g. a
    /// boolean or number enum), as JSON.
    pub allowed_values: Option<Vec<serde_json::Value>>,
}

impl Constraints {
    /// Whether no constraint is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A numeric bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

/// HTTP methods of OpenAPI 3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// The method in upper case, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`, or one made from method and path.
    pub id: String,
    /// snake_case Rust name for methods and the operation's module.
    pub name: String,
    /// UpperCamelCase form of the name.
    pub type_name: String,
    pub method: Method,
    /// Path template as in the spec, e.g. `/shipments/{shipment_reference}`.
    pub path: String,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub docs: Docs,
    /// Path, query, header and cookie parameters, path first, in path order, then the
    /// others in spec order.
    pub parameters: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    /// Responses: codes ascending, then ranges, then `default`.
    pub responses: Vec<Response>,
    /// Effective security: alternatives, each a set of schemes all required. An empty
    /// list means no authentication.
    pub security: Vec<SecurityRequirement>,
    /// JSON pointer of the operation.
    pub pointer: String,
    pub extensions: BTreeMap<String, serde_json::Value>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// Serialization style of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// snake_case field name (rust) and the parameter name (wire).
    pub name: Name,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: Ty,
    pub style: ParamStyle,
    pub explode: bool,
    /// The only value the spec allows (a one-value enum), which a client sends by itself.
    pub fixed_value: Option<String>,
    pub default: Option<serde_json::Value>,
    pub docs: Docs,
    pub pointer: String,
    pub extensions: BTreeMap<String, serde_json::Value>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub required: bool,
    pub docs: Docs,
    /// Media types in spec order (JSON first when present).
    pub contents: Vec<MediaContent>,
}

/// A body for one media type.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaContent {
    /// The media type as in the spec, e.g. `application/json`, `text/*`.
    pub media_type: String,
    pub body: BodyKind,
}

/// How a body is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// JSON (`application/json`, `*+json`) decoded into this type.
    Json(Ty),
    /// `application/x-www-form-urlencoded` with this (object) type.
    Form(Ty),
    /// `text/*`: a string, with the constraints of its schema when that is an inline string
    /// (a body whose schema is a named type, such as an enum, is read as any text).
    Text(Constraints),
    /// Anything else (PDF, ZPL, octet-stream, multipart): raw bytes.
    Binary,
}

/// The status a response is declared for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusSpec {
    Code(u16),
    /// `1XX`..`5XX`: the first digit.
    Range(u8),
    Default,
}

/// One declared response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: StatusSpec,
    /// UpperCamelCase variant name (`Ok`, `Created`, `MultiStatus`, `Status221`,
    /// `ClientError`, `Default`), unique within the operation.
    pub variant: String,
    pub description: String,
    /// Empty when the response has no body.
    pub contents: Vec<MediaContent>,
    pub headers: Vec<ResponseHeader>,
}

/// A response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// snake_case field name (rust) and header name (wire, as in the spec).
    pub name: Name,
    pub required: bool,
    pub ty: Ty,
    /// The only value the spec allows, which a server sets by itself.
    pub fixed_value: Option<String>,
    pub docs: Docs,
}

/// A security scheme from `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key in `components/securitySchemes`.
    pub key: String,
    /// snake_case name for fields and methods.
    pub rust_name: String,
    pub kind: SecuritySchemeKind,
    pub docs: Docs,
    pub extensions: BTreeMap<String, serde_json::Value>,
}

/// What a security scheme asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum SecuritySchemeKind {
    ApiKey {
        location: ParamLocation,
        /// Header, query or cookie name.
        parameter: String,
    },
    /// HTTP `Authorization: Bearer <token>`.
    Bearer,
    /// HTTP `Authorization: Basic <base64>`.
    Basic,
    /// OAuth2 or OpenID Connect: a bearer token obtained elsewhere.
    OAuth2,
}

/// Schemes that must all be satisfied together, by key, with scopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityRequirement {
    pub schemes: Vec<(String, Vec<String>)>,
}
