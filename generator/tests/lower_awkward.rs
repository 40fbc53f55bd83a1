//! Lowering of `fixtures/awkward.yaml`: a handful of facts per construct, and determinism.

use std::path::{Path, PathBuf};

use generator::ir::{
    BodyKind, IntegerFormat, NumberFormat, ParamLocation, ParamStyle, SecuritySchemeKind,
    StatusSpec, StringFormat, Ty, TyKind, TypeDef, TypeKind,
};
use generator::{ir, load, lower};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/awkward.yaml")
}

fn api() -> ir::Api {
    let doc = load::load_path(&fixture()).unwrap_or_else(|e| panic!("{e}"));
    lower::lower(&doc).unwrap_or_else(|e| panic!("{e}"))
}

fn ty_def<'a>(api: &'a ir::Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn strukt<'a>(api: &'a ir::Api, name: &str) -> &'a ir::Struct {
    match &ty_def(api, name).kind {
        TypeKind::Struct(s) => s,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn field<'a>(api: &'a ir::Api, ty: &str, wire: &str) -> &'a ir::Field {
    strukt(api, ty)
        .fields
        .iter()
        .find(|f| f.name.wire == wire)
        .unwrap_or_else(|| panic!("no field {ty}.{wire}"))
}

fn operation<'a>(api: &'a ir::Api, name: &str) -> &'a ir::Operation {
    api.operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

fn param<'a>(op: &'a ir::Operation, wire: &str) -> &'a ir::Parameter {
    op.parameters
        .iter()
        .find(|p| p.name.wire == wire)
        .unwrap_or_else(|| panic!("no parameter {wire}"))
}

fn named(ty: &Ty) -> &str {
    match &ty.kind {
        TyKind::Named(name) => name,
        other => panic!("not named: {other:?}"),
    }
}

#[test]
fn api_header_servers_tags() {
    let api = api();
    assert_eq!(api.title, "Awkward API");
    assert_eq!(api.version, "1.2.3");
    assert_eq!(api.servers[0].url, "https://eu.example.com/v1");
    assert_eq!(api.servers[1].url, "http://localhost:8080");
    let tags: Vec<&str> = api.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tags, ["shipments", "declared-unused", "undeclared-first"]);
    assert_eq!(api.tags[0].description.as_deref(), Some("Shipping things."));
}

#[test]
fn output_is_sorted() {
    let api = api();
    let types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    let mut sorted = types.clone();
    sorted.sort();
    assert_eq!(types, sorted);
    let ops: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        ops,
        [
            "create_label",
            "create_pet",
            "get_shipment",
            "put_shipments_by_shipment_id"
        ]
    );
    let keys: Vec<&str> = api
        .security_schemes
        .iter()
        .map(|s| s.key.as_str())
        .collect();
    let mut sorted_keys = keys.clone();
    sorted_keys.sort();
    assert_eq!(keys, sorted_keys);
}

#[test]
fn formats() {
    let api = api();
    let kind = |wire: &str| field(&api, "Formats", wire).ty.kind.clone();
    assert_eq!(kind("at"), TyKind::String(StringFormat::DateTime));
    assert_eq!(kind("on"), TyKind::String(StringFormat::Date));
    assert_eq!(kind("id"), TyKind::String(StringFormat::Uuid));
    assert_eq!(kind("blob"), TyKind::String(StringFormat::Byte));
    assert_eq!(kind("raw"), TyKind::String(StringFormat::Binary));
    assert_eq!(kind("secret"), TyKind::String(StringFormat::Plain));
    assert_eq!(kind("odd"), TyKind::String(StringFormat::Plain));
    assert_eq!(kind("small"), TyKind::Integer(IntegerFormat::I32));
    assert_eq!(kind("big"), TyKind::Integer(IntegerFormat::I64));
    assert_eq!(kind("plain"), TyKind::Integer(IntegerFormat::I64));
    assert_eq!(kind("unsigned"), TyKind::Integer(IntegerFormat::U32));
    assert_eq!(kind("huge"), TyKind::Integer(IntegerFormat::U64));
    assert_eq!(kind("ratio"), TyKind::Number(NumberFormat::F32));
    assert_eq!(kind("precise"), TyKind::Number(NumberFormat::F64));
    assert_eq!(kind("flag"), TyKind::Boolean);
    assert_eq!(kind("anything"), TyKind::Any);
    assert!(field(&api, "Formats", "maybe").ty.nullable);
    assert!(!field(&api, "Formats", "at").ty.nullable);
    assert_eq!(
        ty_def(&api, "Formats").docs.description.as_deref(),
        Some("One property per format.")
    );
}

#[test]
fn constraints_and_patterns() {
    let api = api();
    let bounded = &field(&api, "Formats", "bounded").ty.constraints;
    let min = bounded.minimum.expect("minimum");
    assert_eq!((min.value, min.exclusive), (0.0, true));
    let max = bounded.maximum.expect("maximum");
    assert_eq!((max.value, max.exclusive), (100.0, false));
    assert_eq!(bounded.multiple_of, Some(0.5));
    let code = &field(&api, "Formats", "code").ty.constraints;
    assert_eq!(
        code.pattern.as_ref().map(|pattern| pattern.regex.as_str()),
        Some("^[A-Z]{3}$")
    );
    assert_eq!((code.min_length, code.max_length), (Some(3), Some(3)));
    // Lookahead is not supported by the regex crate: dropped with a warning.
    assert_eq!(
        field(&api, "Formats", "lookahead").ty.constraints.pattern,
        None
    );
    assert!(api.warnings.iter().any(|w| {
        w.pointer == "#/components/schemas/Formats/properties/lookahead/pattern"
            && w.message.contains("regex crate")
    }));
    let tags = &field(&api, "Formats", "tags").ty;
    assert_eq!(
        (
            tags.constraints.min_items,
            tags.constraints.max_items,
            tags.constraints.unique_items
        ),
        (Some(1), Some(5), true)
    );
    // Boolean and number enums stay primitive, with allowed values.
    let switch = &field(&api, "Formats", "switch").ty;
    assert_eq!(switch.kind, TyKind::Boolean);
    assert_eq!(
        switch.constraints.allowed_values,
        Some(vec![serde_json::json!(true)])
    );
    let level = &field(&api, "Formats", "level").ty;
    assert_eq!(level.kind, TyKind::Number(NumberFormat::F64));
    assert_eq!(
        level.constraints.allowed_values.as_ref().map(Vec::len),
        Some(2)
    );
    // `not` next to a type is ignored with a warning.
    assert!(
        api.warnings
            .iter()
            .any(|w| w.pointer.ends_with("/excluded/not"))
    );
}

#[test]
fn string_enums_with_odd_values() {
    let api = api();
    let TypeKind::StringEnum(odd) = &ty_def(&api, "OddValues").kind else {
        panic!("OddValues is not a string enum");
    };
    let pairs: Vec<(&str, &str)> = odd
        .variants
        .iter()
        .map(|v| (v.name.rust.as_str(), v.name.wire.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("V1_1", "1.1"),
            ("Minus1", "-1"),
            ("Star", "*"),
            ("Empty", ""),
            ("PlusName", "+name"),
            ("MinusName", "-name"),
            ("AB", "a-b"),
            ("AB2", "a_b"),
            ("Self_", "Self"),
        ]
    );
    // `null` among the values makes uses nullable; it is not a variant.
    let use_site = &field(&api, "Formats", "odd_value").ty;
    assert_eq!(named(use_site), "OddValues");
    assert!(use_site.nullable);
    // A one-value enum is still an enum.
    let TypeKind::StringEnum(one) = &ty_def(&api, "OneValue").kind else {
        panic!("OneValue is not a string enum");
    };
    assert_eq!(one.variants.len(), 1);
}

#[test]
fn nullable_enum_and_integer_enums() {
    let api = api();
    let TypeKind::IntegerEnum(priority) = &ty_def(&api, "Priority").kind else {
        panic!("Priority is not an integer enum");
    };
    assert_eq!(priority.format, IntegerFormat::I32);
    assert_eq!(
        priority.variants,
        [
            ("V1".to_string(), 1),
            ("V2".to_string(), 2),
            ("Minus1".to_string(), -1)
        ]
    );
    let TypeKind::IntegerEnum(named) = &ty_def(&api, "NamedPriority").kind else {
        panic!("NamedPriority is not an integer enum");
    };
    assert_eq!(
        named.variants,
        [("Low".to_string(), 10), ("High".to_string(), 20)]
    );
}

#[test]
fn maps_and_free_form() {
    let api = api();
    let map_of = |wire: &str| match &field(&api, "Maps", wire).ty.kind {
        TyKind::Map(inner) => inner.kind.clone(),
        other => panic!("{wire} is not a map: {other:?}"),
    };
    assert_eq!(map_of("open"), TyKind::Any);
    assert_eq!(map_of("empty_schema"), TyKind::Any);
    assert_eq!(map_of("counts"), TyKind::Integer(IntegerFormat::I64));
    assert_eq!(map_of("bare"), TyKind::Any);
    assert_eq!(field(&api, "Maps", "free").ty.kind, TyKind::Any);
    // `additionalProperties: false` with no properties is an empty struct.
    assert!(strukt(&api, "MapsClosed").fields.is_empty());
    assert!(strukt(&api, "MapsClosed").additional_properties.is_none());
    let mixed = strukt(&api, "MapsMixed");
    assert_eq!(mixed.fields.len(), 1);
    assert_eq!(
        mixed.additional_properties.as_ref().map(|t| t.kind.clone()),
        Some(TyKind::String(StringFormat::Plain))
    );
    // A named map is an alias, inlined at use sites.
    assert!(matches!(
        &ty_def(&api, "Labels").kind,
        TypeKind::Alias(Ty {
            kind: TyKind::Map(_),
            ..
        })
    ));
}

#[test]
fn aliases_are_inlined() {
    let api = api();
    let count = &field(&api, "Shipment", "count").ty;
    assert_eq!(count.kind, TyKind::Integer(IntegerFormat::I32));
    assert_eq!(count.constraints.maximum.map(|b| b.value), Some(1000.0));
    assert!(matches!(
        field(&api, "Shipment", "labels").ty.kind,
        TyKind::Map(_)
    ));
    let TypeKind::Alias(vec) = &ty_def(&api, "Vec").kind else {
        panic!("Vec is not an alias");
    };
    assert!(matches!(&vec.kind, TyKind::Array(inner) if named(inner) == "Result"));
    // No use site names an alias.
    for def in &api.types {
        if let TypeKind::Struct(s) = &def.kind {
            for f in &s.fields {
                if let TyKind::Named(n) = &f.ty.kind {
                    assert!(!matches!(ty_def(&api, n).kind, TypeKind::Alias(_)), "{n}");
                }
            }
        }
    }
}

#[test]
fn all_of_merges() {
    let api = api();
    let shipment = strukt(&api, "Shipment");
    let wires: Vec<&str> = shipment
        .fields
        .iter()
        .map(|f| f.name.wire.as_str())
        .collect();
    assert_eq!(
        wires,
        [
            "id",
            "created",
            "password",
            "status",
            "reference",
            "weight",
            "allocation",
            "labels",
            "count",
            "owner",
            "priority"
        ]
    );
    // `required` comes from every part, including a part with only a description.
    assert!(field(&api, "Shipment", "id").required);
    assert!(field(&api, "Shipment", "reference").required);
    assert!(field(&api, "Shipment", "weight").required);
    assert!(!field(&api, "Shipment", "created").required);
    // A string redeclared as an enum becomes the enum.
    assert_eq!(
        named(&field(&api, "Shipment", "status").ty),
        "ShipmentStatus"
    );
    assert_eq!(
        named(&field(&api, "Shipment", "allocation").ty),
        "ShipmentAllocation"
    );
    // allOf with a single $ref and nullable: that type, nullable.
    let owner = &field(&api, "Shipment", "owner").ty;
    assert_eq!(named(owner), "Pet");
    assert!(owner.nullable);
    assert_eq!(named(&field(&api, "Shipment", "priority").ty), "Priority");
    assert_eq!(
        field(&api, "Shipment", "reference").default,
        Some(serde_json::json!("REF"))
    );
    // A single $ref beside docs and readOnly is that type, not a copy of it.
    let entity = field(&api, "Holder", "entity");
    assert_eq!(named(&entity.ty), "Entity");
    assert!(entity.read_only);
    assert_eq!(
        entity.docs.description.as_deref(),
        Some("The entity, as it is.")
    );
    // A part that adds `required` makes a new struct.
    assert_eq!(
        named(&field(&api, "Holder", "strict_entity").ty),
        "HolderStrictEntity"
    );
    assert!(field(&api, "HolderStrictEntity", "status").required);
}

#[test]
fn read_write_only() {
    let api = api();
    assert!(field(&api, "Entity", "created").read_only);
    assert!(field(&api, "Entity", "password").write_only);
    // readOnly on a referenced alias applies to the field.
    assert!(field(&api, "Entity", "id").read_only);
    assert_eq!(
        field(&api, "Dog", "good").default,
        Some(serde_json::json!(true))
    );
}

#[test]
fn null_branches_collapse() {
    let api = api();
    let note = &field(&api, "NewShipment", "note").ty;
    assert_eq!(note.kind, TyKind::String(StringFormat::Plain));
    assert!(note.nullable);
    let mood = &field(&api, "NewShipment", "mood").ty;
    assert_eq!(named(mood), "OneValue");
    assert!(mood.nullable);
}

#[test]
fn tagged_union_with_mapping() {
    let api = api();
    let TypeKind::Tagged(pet) = &ty_def(&api, "Pet").kind else {
        panic!("Pet is not tagged");
    };
    assert_eq!(pet.tag, "kind");
    let variants: Vec<(&str, &str, &str)> = pet
        .variants
        .iter()
        .map(|v| {
            (
                v.name.rust.as_str(),
                v.name.wire.as_str(),
                v.type_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        variants,
        [
            ("Cat", "cat", "Cat"),
            ("Doggo", "doggo", "Dog"),
            ("Kitten", "kitten", "Cat"),
            ("Lizard", "lizard", "Lizard"),
        ]
    );
}

#[test]
fn single_branch_wrappers_take_the_component_name() {
    let api = api();
    let wrapped = ty_def(&api, "Wrapped");
    assert_eq!(wrapped.schema_name.as_deref(), Some("Wrapped"));
    assert_eq!(wrapped.pointer, "#/components/schemas/Wrapped/oneOf/0");
    assert_eq!(
        wrapped.docs.description.as_deref(),
        Some("A wrapper around one inline object.")
    );
    assert!(matches!(&wrapped.kind, TypeKind::Struct(s) if s.fields.len() == 1));
    assert!(matches!(
        &ty_def(&api, "MaybeWrapped").kind,
        TypeKind::StringEnum(_)
    ));
    assert_eq!(named(&field(&api, "Holder", "wrapped").ty), "Wrapped");
    let maybe = &field(&api, "Holder", "maybe").ty;
    assert_eq!(named(maybe), "MaybeWrapped");
    assert!(maybe.nullable);
    assert!(
        !api.types
            .iter()
            .any(|t| t.name.starts_with("Wrapped") && t.name != "Wrapped")
    );
}

#[test]
fn untagged_unions_are_ordered() {
    let api = api();
    let TypeKind::Untagged(loose) = &ty_def(&api, "Loose").kind else {
        panic!("Loose is not untagged");
    };
    assert!(!loose.any_of);
    let names: Vec<&str> = loose.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Cat",
            "Variant4",
            "Integer",
            "Number",
            "Uuid",
            "String",
            "StringList"
        ]
    );
    // Overlapping branches are reported.
    let warned = |i: usize, j: usize| {
        api.warnings.iter().any(|w| {
            w.pointer == "#/components/schemas/Loose/oneOf"
                && w.message.contains(&format!("branches {i} and {j}"))
        })
    };
    assert!(warned(1, 0), "uuid and string");
    assert!(warned(3, 2), "integer and number");
    assert!(
        warned(5, 4),
        "object with optional fields and another object"
    );
    let TypeKind::Untagged(shape) = &ty_def(&api, "Shape").kind else {
        panic!("Shape is not untagged");
    };
    assert!(shape.any_of);
    let names: Vec<&str> = shape.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Square", "Circle"]);
    assert_eq!(named(&shape.variants[0].ty), "ShapeSquare");
}

#[test]
fn recursion() {
    let api = api();
    assert_eq!(named(&field(&api, "Node", "parent").ty), "Node");
    assert!(
        matches!(&field(&api, "Node", "children").ty.kind, TyKind::Array(i) if named(i) == "Node")
    );
    assert_eq!(named(&field(&api, "Ping", "pong").ty), "Pong");
    assert_eq!(named(&field(&api, "Pong", "ping").ty), "Ping");
    assert_eq!(named(&field(&api, "Box", "inner").ty), "Box");
}

#[test]
fn names_are_escaped_and_unique() {
    let api = api();
    let rust = |wire: &str| field(&api, "Keywords", wire).name.rust.clone();
    assert_eq!(rust("type"), "r#type");
    assert_eq!(rust("self"), "self_");
    assert_eq!(rust("crate"), "crate_");
    assert_eq!(rust("match"), "r#match");
    assert_eq!(rust("1st"), "n1st");
    assert_eq!(rust("+1"), "plus_1");
    assert_eq!(rust("@type"), "at_type");
    assert_eq!(rust(""), "empty");
    // `fooBar` sorts before `foo_bar`, so it keeps the name.
    assert_eq!(rust("fooBar"), "foo_bar");
    assert_eq!(rust("foo_bar"), "foo_bar2");
    // Schema names collide after conversion: sorted by name, `FooBar` first.
    assert_eq!(
        ty_def(&api, "FooBar").schema_name.as_deref(),
        Some("FooBar")
    );
    assert_eq!(
        ty_def(&api, "FooBar2").schema_name.as_deref(),
        Some("foo_bar")
    );
    // Prelude names are kept; `Self` is not a valid type name.
    for name in ["Result", "Option", "Vec", "Box", "String", "Error"] {
        assert_eq!(ty_def(&api, name).schema_name.as_deref(), Some(name));
    }
    assert_eq!(ty_def(&api, "Self2").schema_name.as_deref(), Some("Self"));
}

#[test]
fn parameters() {
    let api = api();
    let op = operation(&api, "get_shipment");
    assert_eq!(op.id, "getShipment");
    assert_eq!(op.type_name, "GetShipment");
    assert_eq!(op.pointer, "#/paths/~1shipments~1{shipment_id}/get");
    // Path first, then the others in spec order; the operation overrides `trace`.
    let order: Vec<&str> = op.parameters.iter().map(|p| p.name.wire.as_str()).collect();
    assert_eq!(
        order,
        [
            "shipment_id",
            "trace",
            "fields",
            "filter",
            "session",
            "version",
            "sort",
            "where",
            "limit"
        ]
    );
    let id = param(op, "shipment_id");
    assert_eq!(
        (id.location, id.required, id.style, id.explode),
        (ParamLocation::Path, true, ParamStyle::Simple, false)
    );
    assert_eq!(id.ty.kind, TyKind::String(StringFormat::Uuid));
    let trace = param(op, "trace");
    assert_eq!(trace.ty.kind, TyKind::String(StringFormat::Plain));
    assert_eq!(
        trace.docs.description.as_deref(),
        Some("Overrides the path-level header.")
    );
    let fields = param(op, "fields");
    assert_eq!((fields.style, fields.explode), (ParamStyle::Form, false));
    let filter = param(op, "filter");
    assert_eq!(
        (filter.style, filter.explode),
        (ParamStyle::DeepObject, false)
    );
    let session = param(op, "session");
    assert_eq!(
        (session.location, session.style, session.explode),
        (ParamLocation::Cookie, ParamStyle::Form, true)
    );
    let version = param(op, "version");
    assert_eq!(version.fixed_value.as_deref(), Some("2024-01-01"));
    assert!(version.required);
    let sort = param(op, "sort");
    assert_eq!(named(&sort.ty), "GetShipmentSort");
    assert_eq!(sort.default, Some(serde_json::json!("asc")));
    assert_eq!(sort.fixed_value, None);
    assert_eq!(param(op, "where").name.rust, "r#where");
    assert_eq!(named(&param(op, "where").ty), "Filter");
    let limit = param(op, "limit");
    assert_eq!(limit.ty.kind, TyKind::Integer(IntegerFormat::I32));
    assert_eq!(
        limit.pointer,
        "#/paths/~1shipments~1{shipment_id}/get/parameters/7"
    );
    // Without operationId: method, static segments, `by`, parameters.
    let put = operation(&api, "put_shipments_by_shipment_id");
    assert_eq!(put.parameters.len(), 2);
    assert_eq!(param(put, "trace").ty.kind, TyKind::Boolean);
}

#[test]
fn bodies() {
    let api = api();
    let label = operation(&api, "create_label");
    let body = label.request_body.as_ref().expect("body");
    assert!(body.required);
    let media: Vec<&str> = body
        .contents
        .iter()
        .map(|c| c.media_type.as_str())
        .collect();
    assert_eq!(
        media,
        [
            "application/json",
            "application/octet-stream",
            "application/x-www-form-urlencoded",
            "text/plain"
        ]
    );
    assert_eq!(body.contents[1].body, BodyKind::Binary);
    assert!(matches!(&body.contents[2].body, BodyKind::Form(t) if named(t) == "CreateLabelBody2"));
    // A text body keeps its schema's string constraints.
    let text_constraints = ir::Constraints {
        max_length: Some(16),
        ..ir::Constraints::default()
    };
    assert_eq!(body.contents[3].body, BodyKind::Text(text_constraints));
    let created = &label.responses[0];
    assert_eq!(created.contents[0].body, BodyKind::Binary);
    assert_eq!(
        created.contents[1].body,
        BodyKind::Text(ir::Constraints::default())
    );
    let put = operation(&api, "put_shipments_by_shipment_id");
    let body = put.request_body.as_ref().expect("body");
    assert!(body.required);
    assert!(matches!(&body.contents[0].body, BodyKind::Json(t) if named(t) == "NewShipment"));
    // `*+json` is JSON.
    let get = operation(&api, "get_shipment");
    let default = get.responses.last().expect("responses");
    assert!(matches!(&default.contents[0].body, BodyKind::Json(t) if named(t) == "Error"));
}

#[test]
fn responses() {
    let api = api();
    let get = operation(&api, "get_shipment");
    let statuses: Vec<(StatusSpec, &str)> = get
        .responses
        .iter()
        .map(|r| (r.status, r.variant.as_str()))
        .collect();
    assert_eq!(
        statuses,
        [
            (StatusSpec::Code(200), "Ok"),
            (StatusSpec::Code(207), "MultiStatus"),
            (StatusSpec::Code(221), "Status221"),
            (StatusSpec::Code(304), "NotModified"),
            (StatusSpec::Code(521), "Status521"),
            (StatusSpec::Code(531), "Status531"),
            (StatusSpec::Range(4), "ClientError"),
            (StatusSpec::Default, "Default"),
        ]
    );
    assert_eq!(get.responses[6].description, "A client error.");
    assert!(
        matches!(&get.responses[1].contents[0].body, BodyKind::Json(t) if named(t) == "GetShipmentMultiStatusBody")
    );
    let headers: Vec<(&str, &str, bool)> = get.responses[0]
        .headers
        .iter()
        .map(|h| (h.name.wire.as_str(), h.name.rust.as_str(), h.required))
        .collect();
    assert_eq!(
        headers,
        [
            ("X-Rate-Limit", "x_rate_limit", true),
            ("X-Api-Version", "x_api_version", false),
            ("X-Trace", "x_trace", false),
        ]
    );
    assert_eq!(
        get.responses[0].headers[0].ty.kind,
        TyKind::Integer(IntegerFormat::I32)
    );
    assert_eq!(
        get.responses[0].headers[1].fixed_value.as_deref(),
        Some("v1")
    );
    assert_eq!(
        get.responses[0].headers[2].ty.kind,
        TyKind::String(StringFormat::Uuid)
    );
    assert_eq!(
        get.responses[0].headers[2].docs.description.as_deref(),
        Some("A trace id.")
    );
    let label = operation(&api, "create_label");
    let variants: Vec<&str> = label.responses.iter().map(|r| r.variant.as_str()).collect();
    assert_eq!(variants, ["Created", "Success", "ServerError"]);
}

#[test]
fn security() {
    let api = api();
    let kind = |key: &str| {
        api.security_schemes
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.kind.clone())
            .unwrap_or_else(|| panic!("no scheme {key}"))
    };
    assert_eq!(
        kind("api_key_header"),
        SecuritySchemeKind::ApiKey {
            location: ParamLocation::Header,
            parameter: "X-Api-Key".into()
        }
    );
    assert_eq!(
        kind("api_key_cookie"),
        SecuritySchemeKind::ApiKey {
            location: ParamLocation::Cookie,
            parameter: "token".into()
        }
    );
    assert_eq!(kind("bearer"), SecuritySchemeKind::Bearer);
    assert_eq!(kind("basic"), SecuritySchemeKind::Basic);
    assert_eq!(kind("oauth"), SecuritySchemeKind::OAuth2);
    assert_eq!(kind("oidc"), SecuritySchemeKind::OAuth2);
    // Inherited, overridden, and switched off.
    let get = operation(&api, "get_shipment");
    assert_eq!(get.security.len(), 1);
    assert_eq!(
        get.security[0].schemes,
        [("api_key_header".to_string(), vec![])]
    );
    assert!(
        operation(&api, "put_shipments_by_shipment_id")
            .security
            .is_empty()
    );
    let label = operation(&api, "create_label");
    assert_eq!(label.security.len(), 2);
    assert_eq!(label.security[1].schemes.len(), 2);
    let pet = operation(&api, "create_pet");
    assert_eq!(
        pet.security[1].schemes,
        [("oauth".to_string(), vec!["write".to_string()])]
    );
}

#[test]
fn callbacks_and_links_warn() {
    let api = api();
    assert!(
        api.warnings
            .iter()
            .any(|w| w.pointer.ends_with("/put/callbacks/onDone"))
    );
    assert!(
        api.warnings
            .iter()
            .any(|w| w.pointer.ends_with("/responses/200/links/self"))
    );
}

/// Reorders every map of `value` at the given JSON pointers (reversing key order).
fn reverse_maps(value: &mut serde_json::Value, pointers: &[&str]) {
    for pointer in pointers {
        if let Some(serde_json::Value::Object(map)) = value.pointer_mut(pointer) {
            let entries: Vec<(String, serde_json::Value)> =
                std::mem::take(map).into_iter().rev().collect();
            map.extend(entries);
        }
    }
}

#[test]
fn reordered_maps_give_the_same_api() {
    let original = api();
    let mut raw = load::load_path(&fixture())
        .unwrap_or_else(|e| panic!("{e}"))
        .raw;
    let mut pointers = vec![
        "".to_string(),
        "/paths".to_string(),
        "/components".to_string(),
        "/components/schemas".to_string(),
        "/components/securitySchemes".to_string(),
        "/components/responses".to_string(),
        "/components/parameters".to_string(),
    ];
    let paths: Vec<String> = raw["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .cloned()
        .collect();
    for path in paths {
        let escaped = path.replace('~', "~0").replace('/', "~1");
        pointers.push(format!("/paths/{escaped}"));
        for method in ["get", "put", "post"] {
            pointers.push(format!("/paths/{escaped}/{method}/responses"));
        }
    }
    let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
    reverse_maps(&mut raw, &pointers);
    let json = serde_json::to_string_pretty(&raw).expect("json");
    let doc = load::load_str(Path::new("reordered.json"), &json).unwrap_or_else(|e| panic!("{e}"));
    let reordered = lower::lower(&doc).unwrap_or_else(|e| panic!("{e}"));
    // Compare piece by piece first, for a readable failure.
    assert_eq!(original.types.len(), reordered.types.len());
    for (a, b) in original.types.iter().zip(&reordered.types) {
        assert_eq!(a, b);
    }
    for (a, b) in original.operations.iter().zip(&reordered.operations) {
        assert_eq!(a, b);
    }
    assert_eq!(original, reordered);
}

/// A `$ref` may point anywhere in the document, not only into `components`: here at a
/// parameter and a response schema stated under another path. References inside an
/// example are only data and need not resolve.
#[test]
fn references_outside_components_are_followed() {
    let text = r##"
openapi: 3.0.3
info: {title: refs, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      parameters: [{name: limit, in: query, schema: {type: integer, maximum: 9}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {n: {type: string}}}
              example: {$ref: "#/nowhere"}
  /b:
    get:
      operationId: getB
      parameters: [{$ref: "#/paths/~1a/get/parameters/0"}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/paths/~1a/get/responses/200/content/application~1json/schema"}
"##;
    let doc = load::load_str(Path::new("refs.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    let api = lower::lower(&doc).unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (operation(&api, "get_a"), operation(&api, "get_b"));
    assert_eq!(param(b, "limit").ty, param(a, "limit").ty);
    assert!(param(b, "limit").ty.constraints.maximum.is_some());
    assert_eq!(a.responses[0].contents, b.responses[0].contents);
}
