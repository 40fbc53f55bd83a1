//! Tests of the model emitter: hand-built IR, emitted and rendered, snapshotted, then
//! compiled as a real crate whose tests round-trip JSON and check validation.

mod support;

use generator::emit;
use generator::ir::{
    Api, Bound, Constraints, Docs, EnumVariant, Field, IntegerEnum, IntegerFormat, Name,
    NumberFormat, Pattern, PatternId, StringEnum, StringFormat, Struct, TaggedUnion, TaggedVariant,
    Ty, TyKind, TypeDef, TypeKind, UntaggedUnion, UntaggedVariant,
};
use serde_json::json;

// ---------------------------------------------------------------------------------------
// IR builders.

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

fn format(format: StringFormat) -> Ty {
    ty(TyKind::String(format))
}

fn int(format: IntegerFormat) -> Ty {
    ty(TyKind::Integer(format))
}

fn number(format: NumberFormat) -> Ty {
    ty(TyKind::Number(format))
}

fn named(name: &str) -> Ty {
    ty(TyKind::Named(name.to_owned()))
}

fn array(item: Ty) -> Ty {
    ty(TyKind::Array(Box::new(item)))
}

fn map(value: Ty) -> Ty {
    ty(TyKind::Map(Box::new(value)))
}

fn nullable(mut ty: Ty) -> Ty {
    ty.nullable = true;
    ty
}

fn constrained(mut ty: Ty, edit: impl FnOnce(&mut Constraints)) -> Ty {
    edit(&mut ty.constraints);
    ty
}

fn name(rust: &str, wire: &str) -> Name {
    Name {
        rust: rust.to_owned(),
        wire: wire.to_owned(),
    }
}

fn docs(description: &str) -> Docs {
    Docs {
        description: Some(description.to_owned()),
        ..Docs::default()
    }
}

/// A field whose wire name is its Rust name without `r#`.
fn field(rust: &str, ty: Ty, required: bool) -> Field {
    Field {
        name: name(rust, rust.trim_start_matches("r#")),
        ty,
        required,
        read_only: false,
        write_only: false,
        default: None,
        docs: Docs::default(),
    }
}

/// A pattern without an error code; `id` must differ between regexes of one API.
fn pattern(id: usize, regex: &str) -> Pattern {
    Pattern {
        id: PatternId(id),
        regex: regex.to_owned(),
        code: None,
        lengths: None,
    }
}

fn renamed(mut field: Field, wire: &str) -> Field {
    field.name.wire = wire.to_owned();
    field
}

fn with_default(mut field: Field, default: serde_json::Value) -> Field {
    field.default = Some(default);
    field
}

fn type_def(name: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        name: name.to_owned(),
        schema_name: Some(name.to_owned()),
        pointer: format!("#/components/schemas/{name}"),
        docs: Docs::default(),
        kind,
    }
}

fn object(name: &str, fields: Vec<Field>) -> TypeDef {
    type_def(
        name,
        TypeKind::Struct(Struct {
            fields,
            additional_properties: None,
            min_properties: None,
            max_properties: None,
        }),
    )
}

fn string_enum(name: &str, values: &[(&str, &str)]) -> TypeDef {
    type_def(
        name,
        TypeKind::StringEnum(StringEnum {
            variants: values
                .iter()
                .map(|(rust, wire)| EnumVariant {
                    name: self::name(rust, wire),
                    docs: Docs::default(),
                })
                .collect(),
            case_insensitive: false,
            extensible: false,
        }),
    )
}

fn api(mut types: Vec<TypeDef>) -> Api {
    types.sort_by(|a, b| a.name.cmp(&b.name));
    let boxed = generator::lower::cycles::boxed_members(&types);
    Api {
        title: "Models".to_owned(),
        version: "1.0.0".to_owned(),
        description: None,
        servers: Vec::new(),
        types,
        boxed,
        operations: Vec::new(),
        security_schemes: Vec::new(),
        tags: Vec::new(),
        patterns: [
            pattern(0, "^[0-9]{4}[A-Z]{2}$"),
            pattern(1, "^[A-Z]{2}$"),
            pattern(2, "^[^@]+@[^@]+$"),
        ]
        .into(),
        errors: generator::lower::plain_error_model(),
        server_traits: Vec::new(),
        warnings: Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// The model API: every kind of type, format, constraint and naming hazard.

fn shipment() -> TypeDef {
    let mut created_at = field("created_at", format(StringFormat::DateTime), true);
    created_at.read_only = true;
    let mut password = field("password", string(), true);
    password.write_only = true;
    let mut reference = field(
        "reference",
        constrained(string(), |c| {
            c.min_length = Some(1);
            c.max_length = Some(20);
        }),
        true,
    );
    reference.docs = Docs {
        title: Some("Reference".to_owned()),
        description: Some(
            "Your reference, e.g. [ORDER-1]; see https://example.com/refs.\n\n    let x = 1;"
                .to_owned(),
        ),
        deprecated: false,
        example: Some(json!("ORDER-1")),
    };
    let mut fields = vec![
        reference,
        renamed(field("r#type", named("ShipmentType"), true), "type"),
        renamed(field("self_", string(), false), "self"),
        field(
            "addresses",
            constrained(array(named("Address")), |c| {
                c.min_items = Some(1);
                c.max_items = Some(3);
            }),
            true,
        ),
        field(
            "weight",
            constrained(number(NumberFormat::F64), |c| {
                c.minimum = Some(Bound {
                    value: 0.0,
                    exclusive: true,
                });
                c.maximum = Some(Bound {
                    value: 1000.0,
                    exclusive: false,
                });
                c.multiple_of = Some(0.5);
            }),
            true,
        ),
        with_default(field("count", int(IntegerFormat::I32), false), json!(1)),
        field("priority", named("Priority"), false),
        created_at,
        password,
        field("ship_date", format(StringFormat::Date), false),
        field("id", format(StringFormat::Uuid), false),
        field("label", format(StringFormat::Byte), false),
        field("raw", format(StringFormat::Binary), false),
        field(
            "metadata",
            map(constrained(string(), |c| c.max_length = Some(10))),
            false,
        ),
        field("extra", ty(TyKind::Any), false),
        field(
            "tags",
            constrained(
                array(constrained(string(), |c| c.max_length = Some(5))),
                |c| c.unique_items = true,
            ),
            false,
        ),
        field("note", nullable(string()), true),
        field("comment", nullable(string()), false),
        with_default(field("ratio", number(NumberFormat::F32), false), json!(0.5)),
        with_default(field("status", named("Status"), false), json!("active")),
        with_default(field("flag", ty(TyKind::Boolean), false), json!(true)),
        with_default(
            field("codes", array(int(IntegerFormat::I64)), false),
            json!([1, -2]),
        ),
        with_default(field("labels", map(string()), false), json!({"a": "b"})),
        with_default(
            field("options", ty(TyKind::Any), false),
            json!({"x": [1, 2.5, null, "s"]}),
        ),
        with_default(
            field("deadline", format(StringFormat::DateTime), false),
            json!("2024-01-01T00:00:00Z"),
        ),
        with_default(
            field("bad_default", int(IntegerFormat::U32), false),
            json!(-1),
        ),
        field(
            "big",
            constrained(int(IntegerFormat::U64), |c| {
                c.maximum = Some(Bound {
                    value: 100.0,
                    exclusive: false,
                })
            }),
            false,
        ),
        field(
            "small",
            constrained(int(IntegerFormat::U32), |c| {
                c.minimum = Some(Bound {
                    value: 1.0,
                    exclusive: false,
                })
            }),
            false,
        ),
        field(
            "choice",
            constrained(int(IntegerFormat::I64), |c| {
                c.allowed_values = Some(vec![json!(1), json!(2), json!(3)])
            }),
            false,
        ),
        field(
            "nullable_items",
            array(nullable(constrained(string(), |c| c.min_length = Some(2)))),
            false,
        ),
        field("grid", array(array(int(IntegerFormat::I32))), false),
    ];
    fields[5].docs = docs("How many parcels.");
    let mut shipment = object("Shipment", fields);
    shipment.docs = Docs {
        title: Some("A shipment".to_owned()),
        description: Some(
            "A shipment of [parcels] to `addresses`.\n- first item\ncontinued lazily\n\n```\nnot rust\n```"
                .to_owned(),
        ),
        deprecated: true,
        example: None,
    };
    if let TypeKind::Struct(s) = &mut shipment.kind {
        s.additional_properties = Some(Box::new(constrained(string(), |c| c.max_length = Some(5))));
        s.min_properties = Some(5);
        s.max_properties = Some(40);
    }
    shipment
}

/// Floats close to mathematical constants (which clippy flags), `f32` allowed values,
/// and docs with HTML-like text.
#[allow(clippy::approx_constant)]
fn odd_numbers() -> TypeDef {
    let mut pi = with_default(
        field(
            "pi_ish",
            constrained(number(NumberFormat::F64), |c| {
                c.minimum = Some(Bound {
                    value: 3.14,
                    exclusive: false,
                })
            }),
            false,
        ),
        json!(3.14159),
    );
    pi.docs = docs("A <b>bold</b> List<String> with `code <x>` and a {brace}.");
    let mut odd = object(
        "OddNumbers",
        vec![
            pi,
            with_default(
                field("e_ish", number(NumberFormat::F32), false),
                json!(2.718),
            ),
            field(
                "tenth",
                constrained(number(NumberFormat::F32), |c| {
                    c.allowed_values = Some(vec![json!(0.1), json!(0.5)])
                }),
                false,
            ),
            with_default(
                field("any_pi", ty(TyKind::Any), false),
                json!([3.14159, -9223372036854775808i64]),
            ),
        ],
    );
    odd.docs = Docs {
        title: None,
        description: Some("Numbers; see <https://example.com> and [`Shipment`].".to_owned()),
        deprecated: false,
        example: Some(json!({"pi_ish": 3.5, "note": "`tick`"})),
    };
    odd
}

fn model_types() -> Vec<TypeDef> {
    let mut address = object(
        "Address",
        vec![
            field(
                "street",
                constrained(string(), |c| c.max_length = Some(50)),
                true,
            ),
            field(
                "postal_code",
                constrained(string(), |c| {
                    c.pattern = Some(pattern(0, "^[0-9]{4}[A-Z]{2}$"))
                }),
                false,
            ),
            field(
                "country_code",
                constrained(string(), |c| c.pattern = Some(pattern(1, "^[A-Z]{2}$"))),
                true,
            ),
            field("contact", named("Contact"), false),
        ],
    );
    address.docs = docs("A postal address.");
    let mut priority = type_def(
        "Priority",
        TypeKind::IntegerEnum(IntegerEnum {
            variants: vec![
                ("Low".to_owned(), 1),
                ("High".to_owned(), 2),
                ("Negative".to_owned(), -1),
            ],
            format: IntegerFormat::I32,
        }),
    );
    priority.docs = docs("How urgent.");
    let mut inline = object(
        "ShipmentInlineOptions",
        vec![field("fragile", ty(TyKind::Boolean), false)],
    );
    inline.schema_name = None;
    inline.pointer = "#/components/schemas/Shipment/properties/options".to_owned();
    vec![
        address,
        object(
            "Contact",
            vec![field("contact_details", named("ContactDetails"), true)],
        ),
        object(
            "ContactDetails",
            vec![
                field(
                    "email",
                    constrained(string(), |c| c.pattern = Some(pattern(2, "^[^@]+@[^@]+$"))),
                    true,
                ),
                field("phone", nullable(string()), false),
            ],
        ),
        shipment(),
        string_enum(
            "ShipmentType",
            &[
                ("V1_1", "1.1"),
                ("Minus", "-"),
                ("WithSpace", "with space"),
                ("Unknown", "unknown"),
            ],
        ),
        string_enum("Status", &[("Active", "active"), ("Inactive", "inactive")]),
        priority,
        inline,
        // A tagged union with two tags for one type.
        type_def(
            "Pet",
            TypeKind::Tagged(TaggedUnion {
                tag: "petType".to_owned(),
                variants: vec![
                    TaggedVariant {
                        name: name("Cat", "cat"),
                        type_name: "Cat".to_owned(),
                    },
                    TaggedVariant {
                        name: name("Kitty", "kitty"),
                        type_name: "Cat".to_owned(),
                    },
                    TaggedVariant {
                        name: name("Dog", "dog"),
                        type_name: "Dog".to_owned(),
                    },
                ],
            }),
        ),
        object(
            "Cat",
            vec![
                renamed(field("pet_type", string(), true), "petType"),
                field(
                    "name",
                    constrained(string(), |c| c.max_length = Some(10)),
                    true,
                ),
            ],
        ),
        object(
            "Dog",
            vec![
                renamed(field("pet_type", string(), true), "petType"),
                field("barks", ty(TyKind::Boolean), false),
            ],
        ),
        // An untagged union that reaches itself through `Wrapper`.
        type_def(
            "Scalar",
            TypeKind::Untagged(UntaggedUnion {
                variants: vec![
                    UntaggedVariant {
                        name: "Integer".to_owned(),
                        ty: int(IntegerFormat::I64),
                        listed_only: false,
                    },
                    UntaggedVariant {
                        name: "Text".to_owned(),
                        ty: constrained(string(), |c| c.max_length = Some(3)),
                        listed_only: false,
                    },
                    UntaggedVariant {
                        name: "List".to_owned(),
                        ty: array(named("Scalar")),
                        listed_only: false,
                    },
                    UntaggedVariant {
                        name: "Wrapped".to_owned(),
                        ty: named("Wrapper"),
                        listed_only: false,
                    },
                ],
                any_of: false,
            }),
        ),
        object("Wrapper", vec![field("inner", named("Scalar"), true)]),
        // A recursive struct and a mutually recursive pair.
        object(
            "Node",
            vec![
                field("value", int(IntegerFormat::I32), true),
                field("next", named("Node"), false),
                field("children", array(named("Node")), false),
            ],
        ),
        object("Employee", vec![field("manager", named("Manager"), false)]),
        object("Manager", vec![field("report", named("Employee"), true)]),
        // Names that shadow the prelude.
        object("String", vec![field("value", string(), true)]),
        string_enum("Option", &[("Some", "some"), ("None", "none")]),
        type_def(
            "Box",
            TypeKind::IntegerEnum(IntegerEnum {
                variants: vec![("Small".to_owned(), 1)],
                format: IntegerFormat::I64,
            }),
        ),
        type_def("Vec", TypeKind::Alias(array(string()))),
        object(
            "Error",
            vec![
                field("message", named("String"), true),
                field("code", named("Box"), false),
            ],
        ),
        object(
            "Result",
            vec![
                field("option", named("Option"), true),
                field("vec", array(named("Error")), false),
                field("error", named("Error"), false),
                field("from", named("From"), false),
            ],
        ),
        object("From", vec![field("default", named("Default"), false)]),
        string_enum("Default", &[("Yes", "yes")]),
        // Degenerate shapes that must still compile cleanly.
        string_enum("EmptyEnum", &[]),
        type_def(
            "EmptyInt",
            TypeKind::IntegerEnum(IntegerEnum {
                variants: vec![("Min".to_owned(), i64::MIN)],
                format: IntegerFormat::I64,
            }),
        ),
        object("EmptyStruct", Vec::new()),
        type_def(
            "EmptyTagged",
            TypeKind::Tagged(TaggedUnion {
                tag: "kind".to_owned(),
                variants: Vec::new(),
            }),
        ),
        type_def(
            "EmptyUntagged",
            TypeKind::Untagged(UntaggedUnion {
                variants: Vec::new(),
                any_of: true,
            }),
        ),
        odd_numbers(),
        type_def(
            "Tags",
            TypeKind::Alias(constrained(array(string()), |c| c.max_items = Some(3))),
        ),
        type_def(
            "FreeForm",
            TypeKind::Struct(Struct {
                fields: Vec::new(),
                additional_properties: Some(Box::new(ty(TyKind::Any))),
                min_properties: Some(1),
                max_properties: None,
            }),
        ),
        type_def(
            "Extensible",
            TypeKind::Struct(Struct {
                fields: vec![field("additional_properties", string(), false)],
                additional_properties: Some(Box::new(int(IntegerFormat::I64))),
                min_properties: None,
                max_properties: None,
            }),
        ),
    ]
}

fn render_types(api: &Api) -> String {
    let file = emit::files::all()
        .into_iter()
        .find(|file| file.path == "types.rs")
        .expect("a types.rs");
    let analysis = emit::types::analyse(api);
    let header = "// @generated by a test.\n";
    let docs = emit::context::DocText::Inline;
    generator::schedule::render_file(&file, api, &analysis, header, "models", docs)
        .expect("types.rs parses")
}

fn runtime_files() -> Vec<(&'static str, String)> {
    vec![
        (
            "runtime/validation.rs",
            include_str!("../runtime/validation.rs").to_owned(),
        ),
        (
            "runtime/base64.rs",
            include_str!("../runtime/base64.rs").to_owned(),
        ),
        (
            "runtime/params/mod.rs",
            include_str!("../runtime/params/mod.rs").to_owned(),
        ),
        (
            "runtime/params/style.rs",
            include_str!("../runtime/params/style.rs").to_owned(),
        ),
        (
            "runtime/fields.rs",
            include_str!("../runtime/fields.rs").to_owned(),
        ),
    ]
}

const LIB_RS: &str = "//! Models under test.\n#![deny(warnings)]\npub mod runtime {\n    \
                      //! Hand-written support.\n    pub mod base64;\n    pub mod fields;\n    pub mod params;\n    pub mod validation;\n}\n\
                      pub mod types;\n";

/// Tokens as text without spaces, for comparisons.
fn compact(tokens: &proc_macro2::TokenStream) -> String {
    tokens.to_string().replace(' ', "")
}

// ---------------------------------------------------------------------------------------
// Tests.

#[test]
fn models_snapshot() {
    let rendered = render_types(&api(model_types()));
    insta::assert_snapshot!("models_types_rs", rendered);
}

#[test]
fn recursion_is_broken_by_boxes_only_where_needed() {
    let rendered = render_types(&api(model_types()));
    assert!(rendered.contains("pub next: ::std::option::Option<::std::boxed::Box<Node>>,"));
    assert!(rendered.contains("pub children: ::std::option::Option<::std::vec::Vec<Node>>,"));
    assert!(rendered.contains("pub report: ::std::boxed::Box<Employee>,"));
    assert!(rendered.contains("pub manager: ::std::option::Option<::std::boxed::Box<Manager>>,"));
    assert!(rendered.contains("Wrapped(::std::boxed::Box<Wrapper>)"));
    assert!(rendered.contains("pub inner: ::std::boxed::Box<Scalar>,"));
    assert!(rendered.contains("pub contact: ::std::option::Option<Contact>,"));
}

#[test]
fn parameter_validation_uses_path_and_out() {
    let ty = constrained(string(), |c| {
        c.max_length = Some(8);
        c.pattern = Some(pattern(0, "^[a-z]+$"));
    });
    let needs = |_: &str| true;
    let checker = emit::validate::Checker::new(
        &needs,
        emit::validate::PatternSite::Parent,
        emit::prelude::Prelude::BARE,
    );
    let statements =
        emit::validate::validate_value(&checker, &ty, quote::quote!(&self.reference), "ref");
    let mut patterns = std::collections::BTreeMap::new();
    emit::validate::ty_patterns(&ty, &mut patterns);
    let regexes: Vec<&str> = patterns
        .values()
        .map(|pattern| pattern.regex.as_str())
        .collect();
    assert_eq!(regexes, ["^[a-z]+$"]);
    let rendered = generator::render::render(
        quote::quote! { fn check(&self, path: &mut Path, out: &mut Vec<Violation>) { #statements } },
        "",
    )
    .expect("parses");
    insta::assert_snapshot!("parameter_validation", rendered);
    let plain = emit::validate::validate_value(&checker, &string(), quote::quote!(value), "q");
    assert_eq!(
        compact(&plain),
        "validation::Validate::validate_at(value,path,out);"
    );
}

#[test]
fn type_tokens_use_crate_paths_and_option() {
    let ty = nullable(array(named("Pet")));
    assert_eq!(
        compact(&emit::spelling::ty_tokens(&ty)),
        "Option<Vec<crate::types::Pet>>"
    );
    // In `types.rs` of an API with a type named `Vec`, the prelude's names are fully
    // qualified; elsewhere they stay bare.
    let mut shadowing = api(Vec::new());
    shadowing.types.push(generator::ir::TypeDef {
        name: "Vec".to_owned(),
        ..model_types().remove(0)
    });
    let prelude = emit::prelude::Prelude::for_types(&shadowing);
    assert_eq!(
        compact(&emit::spelling::ty_tokens_in(
            &ty,
            emit::spelling::Paths::Crate,
            prelude
        )),
        "::std::option::Option<::std::vec::Vec<crate::types::Pet>>"
    );
    assert_eq!(
        compact(&emit::spelling::ty_tokens(&ty)),
        "Option<Vec<crate::types::Pet>>"
    );
    assert_eq!(emit::spelling::field_ident("r#type").to_string(), "r#type");
    assert_eq!(emit::spelling::type_ident("Self").to_string(), "Self_");
}

#[test]
fn models_compile_and_behave() {
    let api = api(model_types());
    let mut files = vec![
        ("lib.rs", LIB_RS.to_owned()),
        ("types.rs", render_types(&api)),
    ];
    files.extend(runtime_files());
    let mut check = support::CrateCheck::new("models", &files);
    check.test_code = CHECK_TESTS;
    check.doc = true;
    if let Err(error) = support::run(&check) {
        panic!("{error}");
    }
}

/// Runs inside the compiled scratch crate.
const CHECK_TESTS: &str = include_str!("emit_models/check.rs");
