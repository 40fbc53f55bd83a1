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
    /// Every (pattern, error code) lowering met, indexed by [`PatternId`]; a schema's own
    /// entry may have no use left when every use names a code of its own.
    pub patterns: Vec<Pattern>,
    /// The error bodies a server answers with, and the codes in them.
    pub errors: ErrorModel,
    /// The server traits, one per tag with operations, then one for untagged operations.
    pub server_traits: Vec<ServerTrait>,
    /// Problems that do not stop generation (ambiguous unions, ignored constructs).
    pub warnings: Vec<Warning>,
}

/// The index of a [`Pattern`] in [`Api::patterns`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PatternId(pub usize);

/// A regular expression of the spec with the error code its violations report. One regex
/// used with two codes is two patterns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pattern {
    pub id: PatternId,
    /// The pattern as the spec writes it.
    pub regex: String,
    /// `x-pattern-error-code` of the use (property or parameter), else of the schema that
    /// declares the pattern; `None` for the vocabulary's default.
    pub code: Option<String>,
    /// The lengths, in characters, of every string the pattern accepts, when the regex
    /// fixes them: it is anchored at both ends and made of parts of known length, as
    /// `^[a-z]{2}_[0-9]{32}$` (exactly 35). `None` when the regex does not bound them.
    pub lengths: Option<Lengths>,
}

/// A range of string lengths in characters: `max` is `None` when unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lengths {
    pub min: u64,
    pub max: Option<u64>,
}

impl Lengths {
    /// Whether every length in the range is at least `min_length`: a value the pattern
    /// accepts then keeps `minLength`, so only the pattern need be checked.
    pub fn implies_min_length(self, min_length: u64) -> bool {
        self.min >= min_length
    }

    /// Whether every length in the range is at most `max_length`.
    pub fn implies_max_length(self, max_length: u64) -> bool {
        self.max.is_some_and(|max| max <= max_length)
    }
}

/// The error bodies of a generated server: their shape and their codes.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorModel {
    pub shape: ErrorShape,
    /// Codes of the security schemes that name their own (`x-missing-error-code`,
    /// `x-invalid-error-code`), sorted by scheme key.
    pub schemes: Vec<SchemeErrorCodes>,
    /// Codes of the parameters that name their own, by wire name (the first declaration
    /// of a name, in operation order), sorted by name.
    pub parameters: Vec<ParameterErrorCodes>,
    /// The codes of everything else.
    pub vocabulary: ErrorVocabulary,
    /// The named types that failure answers carry (see [`Response::outcome`]), with how
    /// each reads as text (`Display`), and the item types of their details; sorted by type
    /// name.
    pub bodies: Vec<ErrorBody>,
}

/// A named type that failure answers carry, or an item of such a type's details, with how
/// it reads as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorBody {
    /// The name of the `TypeDef`.
    pub type_name: String,
    pub text: ErrorText,
}

/// How an error body reads as text. Fields are named by their Rust names; each holds text:
/// a string or a string enum, maybe optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorText {
    /// `{code}: {message}`, then each of `details` (items that are [`ErrorText::Detail`]),
    /// then `(correlation id {correlation_id})`.
    Summary {
        code: Option<String>,
        message: String,
        details: Option<String>,
        correlation_id: Option<String>,
    },
    /// `{property}: {message} ({code}).`: an item of a summary's details.
    Detail {
        property: Option<String>,
        code: Option<String>,
        message: String,
    },
    /// The text of the error body in the field `field` (a struct whose only message is a
    /// nested error, as `{"error": {"message": ...}}`): that body's type is in the list.
    Inner { field: String },
    /// The value as on the wire: an enum, which has `Display` already.
    Value,
    /// Compact JSON, cut to a bounded excerpt: a type without a message.
    Json,
}

/// The shape of an error body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorShape {
    /// `{code, message, correlation_id?, details?: [{property, code, message}]}`: the
    /// spec's 400 body has `code` and `message` strings.
    ApiError {
        /// The body has a `correlation_id` string.
        correlation_id: bool,
        /// The body has `details`, an array of `{property, code, message}` strings.
        details: bool,
    },
    /// `{code, message}`, with the details folded into the message.
    Plain,
}

/// The codes a security scheme's rejections use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeErrorCodes {
    /// The scheme's key in `components/securitySchemes`.
    pub scheme: String,
    /// `x-missing-error-code`: for a request without the credential.
    pub missing: Option<String>,
    /// `x-invalid-error-code`: for a refused credential.
    pub invalid: Option<String>,
}

/// The codes a parameter's rejections use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterErrorCodes {
    /// The parameter's wire name.
    pub name: String,
    /// `x-missing-error-code`: for a request without the parameter.
    pub missing: Option<String>,
    /// `x-invalid-error-code`: for a value that does not decode or is not the fixed one.
    pub invalid: Option<String>,
}

/// The codes of an error body that no extension names: top-level codes by status, and
/// detail codes by kind of problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorVocabulary {
    /// Status 400.
    pub bad_request: String,
    /// Status 401.
    pub unauthorized: String,
    /// Status 403.
    pub forbidden: String,
    /// Status 404.
    pub not_found: String,
    /// Status 405.
    pub method_not_allowed: String,
    /// Status 406.
    pub not_acceptable: String,
    /// Status 413.
    pub payload_too_large: String,
    /// Status 415.
    pub unsupported_media_type: String,
    /// Any 5xx status.
    pub server_error: String,
    /// Any other status.
    pub other_status: String,
    /// A missing or refused credential of a scheme without its own codes.
    pub credential: String,
    /// A missing required value: parameter, body or property.
    pub required: String,
    /// A header that does not decode or is not the fixed value.
    pub invalid_header: String,
    /// A path, query or cookie parameter that does not decode or is not the fixed value.
    pub invalid_parameter: String,
    /// `maxLength`.
    pub max_length: String,
    /// `minLength`.
    pub min_length: String,
    /// `maximum`.
    pub maximum: String,
    /// `minimum`.
    pub minimum: String,
    /// `maxItems` and `maxProperties`.
    pub max_items: String,
    /// `minItems` and `minProperties`.
    pub min_items: String,
    /// `uniqueItems`.
    pub unique_items: String,
    /// `pattern`, for patterns without a code of their own.
    pub pattern: String,
    /// `multipleOf`, `enum` and other values that are not allowed.
    pub invalid_value: String,
    /// A body that is not JSON.
    pub invalid_json: String,
    /// A JSON value of the wrong type.
    pub invalid_type: String,
    /// A body that cannot be read (bad encoding, broken connection).
    pub unreadable_body: String,
}

/// A server trait: the operations it serves and its Rust name.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerTrait {
    /// UpperCamelCase trait name, unique among the server module's names.
    pub name: String,
    /// The snake_case method of the server's `RouterBuilder` that mounts the trait's
    /// operations (`shipments_api` for `ShipmentsApi`).
    pub mount: String,
    /// The tag, or `None` for the trait of untagged operations.
    pub tag: Option<String>,
    /// The names of its operations, in operation order.
    pub operations: Vec<String>,
}

/// A path template, parsed: `/shipments/{reference}/label` is a literal, a parameter and
/// a literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    pub segments: Vec<PathSegment>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text sent as it is (slashes included).
    Literal(String),
    /// `{name}`: the wire name of a path parameter.
    Parameter(String),
}

impl PathTemplate {
    /// The wire names of the parameters, in order.
    pub fn parameters(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            PathSegment::Parameter(name) => Some(name.as_str()),
            PathSegment::Literal(_) => None,
        })
    }
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
    /// The UpperCamelCase variant of the client's `Server` enum.
    pub variant: String,
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
}

/// A string enum; emitted with a catch-all variant for values the spec does not list.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// Values are read ignoring ASCII case (`x-case-insensitive: true`), and written as
    /// listed.
    pub case_insensitive: bool,
    /// `x-extensible-enum: true`: the spec says more values may come, so clients must
    /// accept values not listed (the diff judges added values by it).
    pub extensible: bool,
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
    /// The variant is an enum that decodes only the values it lists, so that its catch-all
    /// does not shadow a later variant that takes the same kind of value (a string enum
    /// before a string).
    pub listed_only: bool,
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
    /// The pattern of the value (an entry of [`Api::patterns`], copied), with the error
    /// code of this use.
    pub pattern: Option<Pattern>,
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
    /// The path template, parsed.
    pub template: PathTemplate,
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
    /// The server's names for this operation.
    pub server: OperationServerNames,
    /// When the operation goes away and how settled it is (for the diff).
    pub lifecycle: Lifecycle,
}

/// An operation's lifecycle extensions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lifecycle {
    /// `x-sunset`: the date (`YYYY-MM-DD`, or a timestamp starting with one) after which a
    /// deprecated operation may be removed.
    pub sunset: Option<String>,
    /// `x-stability-level`.
    pub stability: Option<Stability>,
}

/// `x-stability-level`, from the least to the most settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stability {
    Draft,
    Alpha,
    Beta,
    Stable,
}

impl Stability {
    /// The level as the extension spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Stability::Draft => "draft",
            Stability::Alpha => "alpha",
            Stability::Beta => "beta",
            Stability::Stable => "stable",
        }
    }
}

/// The names a server gives an operation's parts.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationServerNames {
    /// The axum handler, `handle_<name>`.
    pub handler: String,
    /// The function that authenticates a request, `authenticate_<n>`, shared by the
    /// operations that accept the same schemes; `None` without security.
    pub authenticate: Option<String>,
    /// The name of an earlier operation with the same method and route shape, which the
    /// router serves instead of this one (the spec forbids such paths).
    pub shadowed_by: Option<String>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    /// Where the parameter goes, as the spec's `in` names it: `path`, `query`, `header`
    /// or `cookie`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
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
    /// The UpperCamelCase variant for this media type in body enums, e.g.
    /// `ApplicationJson`.
    pub variant: String,
    /// The `Content-Type` value a body of this media type is sent with: the media type
    /// itself when it is concrete and a valid header value, else the usual type of `body`
    /// (`text/*` is sent as `text/plain; charset=utf-8`).
    pub content_type: String,
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

/// Which side of an operation's `into_result` an answer falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A success: 1xx, 2xx or 3xx.
    Success,
    /// A failure: 4xx or 5xx.
    Failure,
    /// Decided by the status the answer comes with (`default` of an operation that declares
    /// no success): a success below 400, else a failure.
    ByStatus,
}

/// One declared response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: StatusSpec,
    /// UpperCamelCase variant name (`Ok`, `Created`, `MultiStatus`, `Status221`,
    /// `ClientError`, `Default`), unique within the operation.
    pub variant: String,
    pub description: String,
    /// Which side of the operation's `into_result` this answer falls on.
    pub outcome: Outcome,
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
