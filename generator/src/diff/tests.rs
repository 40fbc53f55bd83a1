//! Unit tests of the wire and Rust diffs on hand-built IR and hand-written Rust.

use super::rust_api::{Semver, Surface};
use super::{Level, Rule, rust_api, wire};
use crate::ir::*;

fn name(text: &str) -> Name {
    Name {
        rust: text.to_owned(),
        wire: text.to_owned(),
    }
}

fn ty(kind: TyKind) -> Ty {
    Ty {
        kind,
        nullable: false,
        constraints: Constraints::default(),
    }
}

fn string() -> Ty {
    ty(TyKind::String(StringFormat::Plain))
}

fn named(type_name: &str) -> Ty {
    ty(TyKind::Named(type_name.to_owned()))
}

fn field(field_name: &str, field_ty: Ty, required: bool) -> Field {
    Field {
        name: name(field_name),
        ty: field_ty,
        required,
        read_only: false,
        write_only: false,
        default: None,
        docs: Docs::default(),
    }
}

fn typedef(type_name: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        name: type_name.to_owned(),
        schema_name: Some(type_name.to_owned()),
        pointer: format!("#/components/schemas/{type_name}"),
        docs: Docs::default(),
        kind,
    }
}

fn object(type_name: &str, fields: Vec<Field>) -> TypeDef {
    typedef(
        type_name,
        TypeKind::Struct(Struct {
            fields,
            additional_properties: None,
            min_properties: None,
            max_properties: None,
        }),
    )
}

fn string_enum(type_name: &str, values: &[&str]) -> TypeDef {
    typedef(
        type_name,
        TypeKind::StringEnum(StringEnum {
            variants: values
                .iter()
                .map(|value| EnumVariant {
                    name: name(value),
                    docs: Docs::default(),
                })
                .collect(),
            case_insensitive: false,
            extensible: false,
        }),
    )
}

fn operation(id: &str, method: Method, path: &str) -> Operation {
    Operation {
        id: id.to_owned(),
        name: id.to_owned(),
        type_name: id.to_owned(),
        method,
        path: path.to_owned(),
        template: crate::lower::parse_template(path),
        tags: Vec::new(),
        summary: None,
        docs: Docs::default(),
        parameters: Vec::new(),
        request_body: None,
        responses: Vec::new(),
        security: Vec::new(),
        pointer: format!("#/paths/{id}"),
        server: OperationServerNames {
            handler: format!("handle_{id}"),
            authenticate: None,
            shadowed_by: None,
        },
        lifecycle: Lifecycle::default(),
    }
}

fn json(media_ty: Ty) -> Vec<MediaContent> {
    vec![MediaContent {
        media_type: "application/json".to_owned(),
        variant: "ApplicationJson".to_owned(),
        content_type: "application/json".to_owned(),
        body: BodyKind::Json(media_ty),
    }]
}

fn response(code: u16, body: Option<Ty>) -> Response {
    Response {
        status: StatusSpec::Code(code),
        variant: format!("Status{code}"),
        description: String::new(),
        outcome: if code < 400 {
            Outcome::Success
        } else {
            Outcome::Failure
        },
        contents: body.map(json).unwrap_or_default(),
        headers: Vec::new(),
    }
}

/// An operation `POST /things` taking `Thing` and answering 200 with `Thing`.
fn thing_operation() -> Operation {
    let mut op = operation("put_thing", Method::Post, "/things");
    op.request_body = Some(RequestBody {
        required: true,
        docs: Docs::default(),
        contents: json(named("Thing")),
    });
    op.responses = vec![response(200, Some(named("Thing")))];
    op
}

fn api(types: Vec<TypeDef>, operations: Vec<Operation>) -> Api {
    Api {
        title: "Test".to_owned(),
        version: "1".to_owned(),
        description: None,
        servers: Vec::new(),
        types,
        boxed: std::collections::BTreeMap::new(),
        operations,
        security_schemes: Vec::new(),
        tags: Vec::new(),
        patterns: Vec::new(),
        errors: crate::lower::plain_error_model(),
        server_traits: Vec::new(),
        warnings: Vec::new(),
    }
}

/// The (rule, location) pairs of the wire diff.
fn found(old: &Api, new: &Api) -> Vec<(Rule, String)> {
    wire::diff(old, new)
        .into_iter()
        .map(|change| (change.rule, change.location))
        .collect()
}

#[test]
fn every_rule_id_is_unique_kebab_case_and_in_rules_md() {
    let table = include_str!("rules.md");
    let mut seen = std::collections::HashSet::new();
    for rule in Rule::ALL {
        let id = rule.id();
        assert!(seen.insert(id), "duplicate rule id {id}");
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id} is not kebab-case"
        );
        let row = format!(
            "| `{id}` | {} | {} |",
            rule.level().as_str(),
            rule.meaning()
        );
        assert!(table.contains(&row), "rules.md lacks the row {row}");
    }
    // The rule table ends where the comparison with oasdiff begins.
    let rows = table
        .lines()
        .take_while(|line| !line.starts_with("## "))
        .filter(|line| line.starts_with("| `"))
        .count();
    assert_eq!(rows, Rule::ALL.len(), "rules.md has rows for unknown rules");
}

#[test]
fn an_enum_is_judged_in_each_direction_where_it_is_used() {
    let old = api(
        vec![
            object("Thing", vec![field("state", named("State"), true)]),
            string_enum("State", &["a", "b"]),
        ],
        vec![thing_operation()],
    );
    let new = api(
        vec![
            object("Thing", vec![field("state", named("State"), true)]),
            string_enum("State", &["a", "c"]),
        ],
        vec![thing_operation()],
    );
    let changes = found(&old, &new);
    assert_eq!(
        changes,
        vec![
            (
                Rule::RequestPropertyEnumValueRemoved,
                "request body: state".to_owned()
            ),
            (
                Rule::RequestPropertyEnumValueAdded,
                "request body: state".to_owned()
            ),
            (
                Rule::ResponsePropertyEnumValueRemoved,
                "response 200: state".to_owned()
            ),
            (
                Rule::ResponsePropertyEnumValueAdded,
                "response 200: state".to_owned()
            ),
        ]
    );
    assert_eq!(
        Rule::RequestPropertyEnumValueRemoved.level(),
        Level::Breaking
    );
    assert_eq!(
        Rule::ResponsePropertyEnumValueAdded.level(),
        Level::PossiblyBreaking
    );
}

#[test]
fn recursive_schemas_terminate() {
    let node = |extra: Vec<Field>| {
        let mut fields = vec![
            field(
                "children",
                ty(TyKind::Array(Box::new(named("Node")))),
                false,
            ),
            field("parent", named("Node"), false),
        ];
        fields.extend(extra);
        object("Node", fields)
    };
    let mut op = thing_operation();
    op.request_body = Some(RequestBody {
        required: true,
        docs: Docs::default(),
        contents: json(named("Node")),
    });
    op.responses = vec![response(200, Some(named("Node")))];
    let old = api(vec![node(Vec::new())], vec![op.clone()]);
    let new = api(vec![node(vec![field("label", string(), true)])], vec![op]);
    assert_eq!(
        found(&old, &new),
        vec![
            (
                Rule::RequestPropertyAddedRequired,
                "request body: label".to_owned()
            ),
            (
                Rule::ResponsePropertyAdded,
                "response 200: label".to_owned()
            ),
        ]
    );
}

#[test]
fn nested_locations_name_the_path_through_arrays() {
    let old = api(
        vec![
            object(
                "Thing",
                vec![field(
                    "addresses",
                    ty(TyKind::Array(Box::new(named("Address")))),
                    true,
                )],
            ),
            object("Address", vec![field("postcode", string(), true)]),
        ],
        vec![thing_operation()],
    );
    let mut new = old.clone();
    if let TypeKind::Struct(address) = &mut new.types[1].kind {
        address.fields[0].ty.constraints.max_length = Some(8);
    }
    let changes = wire::diff(&old, &new);
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].rule, Rule::RequestPropertyMaxLengthTightened);
    assert_eq!(changes[0].location, "request body: addresses[].postcode");
    assert_eq!(changes[0].operation.as_deref(), Some("POST /things"));
    assert_eq!(changes[1].rule, Rule::ResponsePropertyMaxLengthTightened);
    assert_eq!(changes[1].level(), Level::Compatible);
}

#[test]
fn a_text_body_limit_is_compared_like_a_string() {
    let text = |max_length: Option<u64>| {
        let mut op = operation("post_note", Method::Post, "/notes");
        op.request_body = Some(RequestBody {
            required: true,
            docs: Docs::default(),
            contents: vec![MediaContent {
                media_type: "text/plain".to_owned(),
                variant: "TextPlain".to_owned(),
                content_type: "text/plain".to_owned(),
                body: BodyKind::Text(Constraints {
                    max_length,
                    ..Constraints::default()
                }),
            }],
        });
        api(Vec::new(), vec![op])
    };
    let changes = wire::diff(&text(Some(280)), &text(Some(140)));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].rule, Rule::RequestPropertyMaxLengthTightened);
    assert!(wire::diff(&text(Some(280)), &text(Some(280))).is_empty());
}

#[test]
fn operations_match_by_normalised_path_then_by_id() {
    let mut old_op = operation("get_thing", Method::Get, "/things/{id}");
    old_op.parameters.push(Parameter {
        name: name("id"),
        location: ParamLocation::Path,
        required: true,
        ty: string(),
        style: ParamStyle::Simple,
        explode: false,
        fixed_value: None,
        default: None,
        docs: Docs::default(),
        pointer: String::new(),
    });
    let mut renamed = old_op.clone();
    renamed.path = "/things/{thing_id}".to_owned();
    renamed.template = crate::lower::parse_template(&renamed.path);
    renamed.parameters[0].name = name("thing_id");
    assert_eq!(
        found(
            &api(vec![], vec![old_op.clone()]),
            &api(vec![], vec![renamed])
        ),
        vec![(
            Rule::PathParameterRenamed,
            "path parameter thing_id".to_owned()
        )]
    );
    let mut moved = old_op.clone();
    moved.path = "/items/{id}".to_owned();
    moved.template = crate::lower::parse_template(&moved.path);
    assert_eq!(
        found(
            &api(vec![], vec![old_op.clone()]),
            &api(vec![], vec![moved])
        ),
        vec![(Rule::OperationPathChanged, String::new())]
    );
    let mut other = old_op.clone();
    other.id = "fetch".to_owned();
    other.path = "/items/{id}".to_owned();
    other.template = crate::lower::parse_template(&other.path);
    assert_eq!(
        found(&api(vec![], vec![old_op]), &api(vec![], vec![other])),
        vec![
            (Rule::OperationRemoved, String::new()),
            (Rule::OperationAdded, String::new())
        ]
    );
}

#[test]
fn a_renamed_schema_is_told_from_a_removed_one() {
    let old = api(
        vec![
            object("Parcel", vec![field("weight", string(), true)]),
            object("Gone", vec![field("x", string(), true)]),
        ],
        vec![],
    );
    let new = api(
        vec![
            object("Package", vec![field("weight", string(), true)]),
            object("Fresh", vec![field("y", string(), true)]),
        ],
        vec![],
    );
    let changes = found(&old, &new);
    assert!(changes.contains(&(Rule::SchemaRenamed, "schema Parcel".to_owned())));
    assert!(changes.contains(&(Rule::SchemaRemoved, "schema Gone".to_owned())));
    assert!(changes.contains(&(Rule::SchemaAdded, "schema Fresh".to_owned())));
    assert_eq!(changes.len(), 3);
}

#[test]
fn security_alternatives_are_compared_as_sets() {
    let requirement = |keys: &[(&str, &[&str])]| SecurityRequirement {
        schemes: keys
            .iter()
            .map(|(key, scopes)| {
                (
                    (*key).to_owned(),
                    scopes.iter().map(|s| (*s).to_owned()).collect(),
                )
            })
            .collect(),
    };
    let with = |security: Vec<SecurityRequirement>| {
        let mut op = operation("op", Method::Get, "/x");
        op.security = security;
        api(vec![], vec![op])
    };
    let rules = |old: &Api, new: &Api| -> Vec<Rule> {
        wire::diff(old, new)
            .into_iter()
            .map(|change| change.rule)
            .collect()
    };
    let none = with(vec![]);
    let key = with(vec![requirement(&[("ApiKey", &[])])]);
    let oauth = with(vec![requirement(&[("OAuth", &["read"])])]);
    let oauth_more = with(vec![requirement(&[("OAuth", &["read", "write"])])]);
    let either = with(vec![
        requirement(&[("ApiKey", &[])]),
        requirement(&[("OAuth", &["read"])]),
    ]);
    assert_eq!(rules(&none, &key), vec![Rule::SecurityRequirementAdded]);
    assert_eq!(rules(&key, &none), vec![Rule::SecurityRequirementRemoved]);
    assert_eq!(rules(&key, &either), vec![Rule::SecurityAlternativeAdded]);
    assert_eq!(rules(&either, &key), vec![Rule::SecurityAlternativeRemoved]);
    assert_eq!(rules(&oauth, &oauth_more), vec![Rule::SecurityScopesAdded]);
    assert_eq!(
        rules(&oauth_more, &oauth),
        vec![Rule::SecurityScopesRemoved]
    );
}

#[test]
fn read_only_properties_are_not_part_of_requests() {
    let mut id = field("id", string(), true);
    id.read_only = true;
    let old = api(
        vec![object("Thing", vec![field("name", string(), true)])],
        vec![thing_operation()],
    );
    let new = api(
        vec![object("Thing", vec![field("name", string(), true), id])],
        vec![thing_operation()],
    );
    assert_eq!(
        found(&old, &new),
        vec![(Rule::ResponsePropertyAdded, "response 200: id".to_owned())]
    );
}

#[test]
fn an_undefined_named_type_does_not_panic() {
    let old = api(vec![], vec![thing_operation()]);
    let new = api(
        vec![object("Thing", vec![field("name", string(), true)])],
        vec![thing_operation()],
    );
    let changes = found(&old, &new);
    assert_eq!(changes[0].0, Rule::RequestPropertyTypeChanged);
}

fn surface(source: &str) -> Surface {
    match Surface::from_source(source) {
        Ok(surface) => surface,
        Err(error) => panic!("test source does not parse: {error}"),
    }
}

fn semver(old: &str, new: &str) -> (Semver, Vec<&'static str>) {
    let diff = rust_api::diff(&surface(old), &surface(new));
    (
        diff.semver,
        diff.changes.iter().map(|change| change.kind).collect(),
    )
}

#[test]
fn a_field_added_to_an_exhaustive_struct_is_major() {
    let old = "pub mod types { pub struct A { pub x: u32 } }";
    let new = "pub mod types { pub struct A { pub x: u32, pub y: Option<String> } }";
    assert_eq!(semver(old, new), (Semver::Major, vec!["field-added"]));
}

#[test]
fn a_field_added_to_a_non_exhaustive_struct_is_minor() {
    let old = "pub mod types { #[non_exhaustive] pub struct A { pub x: u32 } }";
    let new =
        "pub mod types { #[non_exhaustive] pub struct A { pub x: u32, pub y: Option<String> } }";
    assert_eq!(semver(old, new), (Semver::Minor, vec!["field-added"]));
    let private = "pub struct A { pub x: u32, y: u8 }";
    let private_more = "pub struct A { pub x: u32, y: u8, pub z: u8 }";
    assert_eq!(
        semver(private, private_more),
        (Semver::Minor, vec!["field-added"])
    );
}

#[test]
fn a_constructor_argument_is_major_and_a_setter_is_minor() {
    let old = "#[non_exhaustive] pub struct A { pub x: u32 }
        impl A { pub fn new(x: u32) -> Self { A { x } } }";
    let setter = "#[non_exhaustive] pub struct A { pub x: u32, pub y: Option<u8> }
        impl A {
            pub fn new(x: u32) -> Self { A { x, y: None } }
            pub fn with_y(mut self, value: u8) -> Self { self.y = Some(value); self }
        }";
    assert_eq!(
        semver(old, setter),
        (Semver::Minor, vec!["field-added", "item-added"])
    );
    let argument = "#[non_exhaustive] pub struct A { pub x: u32, pub y: u8 }
        impl A { pub fn new(x: u32, y: u8) -> Self { A { x, y } } }";
    assert_eq!(
        semver(old, argument),
        (Semver::Major, vec!["field-added", "signature-changed"])
    );
}

#[test]
fn variants_added_break_only_exhaustive_enums() {
    let old = "pub enum E { A, B(String) }";
    let new = "pub enum E { A, B(String), C { x: u8 } }";
    assert_eq!(semver(old, new), (Semver::Major, vec!["variant-added"]));
    let old = "#[non_exhaustive] pub enum E { A }";
    let new = "#[non_exhaustive] pub enum E { A, B }";
    assert_eq!(semver(old, new), (Semver::Minor, vec!["variant-added"]));
    assert_eq!(
        semver("pub enum E { A }", "#[non_exhaustive] pub enum E { A }"),
        (Semver::Major, vec!["non-exhaustive-added"])
    );
}

#[test]
fn removing_a_module_reports_it_once() {
    let old = "pub mod operations { pub mod get { pub struct Request; impl Request { pub fn new() -> Self { Request } } } pub mod put { pub struct Request; } }";
    let new = "pub mod operations { pub mod put { pub struct Request; } }";
    let diff = rust_api::diff(&surface(old), &surface(new));
    assert_eq!(diff.semver, Semver::Major);
    assert_eq!(diff.changes.len(), 1);
    assert_eq!(diff.changes[0].item, "operations::get");
    assert_eq!(diff.changes[0].kind, "item-removed");
}

#[test]
fn methods_signatures_traits_and_derives_are_compared() {
    let old = "
        #[derive(Debug, Default)]
        pub struct R { pub a: u8 }
        impl R { pub fn new() -> Self { R { a: 0 } } fn private(&self) {} }
        pub trait Api { fn get(&self, id: &str) -> Result<R, String>; }
    ";
    let new = "
        #[derive(Debug)]
        pub struct R { pub a: u8 }
        impl R { pub fn new(a: u8) -> Self { R { a } } pub fn with_b(self) -> Self { self } }
        pub trait Api {
            fn get(&self, id: &str) -> Result<R, String>;
            fn put(&self) -> Result<(), String>;
            fn count(&self) -> usize { 0 }
        }
        impl Clone for R { fn clone(&self) -> Self { R { a: self.a } } }
    ";
    let diff = rust_api::diff(&surface(old), &surface(new));
    let kinds: Vec<(&str, Semver)> = diff
        .changes
        .iter()
        .map(|change| (change.kind, change.level))
        .collect();
    assert!(kinds.contains(&("trait-impl-removed", Semver::Major)));
    assert!(kinds.contains(&("trait-impl-added", Semver::Minor)));
    assert!(kinds.contains(&("signature-changed", Semver::Major)));
    assert!(kinds.contains(&("item-added", Semver::Minor)));
    assert!(kinds.contains(&("method-added", Semver::Major)));
    assert!(kinds.contains(&("method-added", Semver::Minor)));
    assert_eq!(kinds.len(), 6, "{:#?}", diff.changes);
    let signature = diff
        .changes
        .iter()
        .find(|change| change.kind == "signature-changed")
        .map(|change| change.message.as_str());
    assert_eq!(
        signature,
        Some("method signature changed from `fn new() -> Self` to `fn new(a: u8) -> Self`")
    );
}

#[test]
fn types_print_compactly() {
    let source = "pub struct A { pub x: ::std::option::Option<::std::vec::Vec<crate::types::B>>, pub y: &'static str }";
    let surface = surface(source);
    let Some(rust_api::Item::Struct(item)) = surface.items.get("A") else {
        panic!("no struct A in {surface:?}");
    };
    assert_eq!(item.fields[0].1.ty, "Option<Vec<crate::types::B>>");
    assert_eq!(item.fields[1].1.ty, "&'static str");
}

#[test]
fn prelude_and_runtime_paths_compare_in_one_spelling() {
    let qualified = surface(
        "pub struct A { pub x: ::std::option::Option<::std::string::String> }
         impl A { pub fn check(&self, out: &mut ::std::vec::Vec<crate::runtime::validation::Violation>) {} }",
    );
    let bare = surface(
        "pub struct A { pub x: Option<String> }
         impl A { pub fn check(&self, out: &mut Vec<validation::Violation>) {} }",
    );
    let report = rust_api::diff(&qualified, &bare);
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
}

#[test]
fn signatures_print_compactly() {
    let source = "pub trait Api { fn get(&self, request: crate::Request, context: Context<()>,) -> impl ::std::future::Future<Output = Response,> + ::std::marker::Send; }";
    let surface = surface(source);
    let Some(rust_api::Item::Trait(item)) = surface.items.get("Api") else {
        panic!("no trait Api in {surface:?}");
    };
    let signature = item
        .members
        .get("get")
        .map(|member| member.signature.as_str());
    assert_eq!(
        signature,
        Some(
            "fn get(&self, request: crate::Request, context: Context<()>) -> impl ::std::future::Future<Output = Response> + ::std::marker::Send"
        )
    );
}

#[test]
fn private_items_and_private_modules_are_not_public_api() {
    let old = "mod hidden { pub struct H; } pub(crate) struct C; pub struct P;";
    let new = "mod hidden { pub struct H2; } pub(crate) struct C2; pub struct P;";
    assert_eq!(semver(old, new), (Semver::Patch, vec![]));
}

#[test]
fn file_modules_are_followed_from_lib_rs() {
    let files = [
        ("src/lib.rs", "pub mod types; mod private;"),
        ("src/types.rs", "pub struct T;"),
        (
            "src/private.rs",
            "pub struct P; impl crate::types::T { pub fn f() {} }",
        ),
    ];
    let surface = match Surface::from_files(&files) {
        Ok(surface) => surface,
        Err(error) => panic!("{error}"),
    };
    let paths: Vec<&str> = surface.items.keys().map(String::as_str).collect();
    assert_eq!(paths, vec!["types", "types::T", "types::T::f"]);
}
