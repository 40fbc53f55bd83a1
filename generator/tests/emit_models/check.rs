//! Runs inside the scratch crate built from the emitted models (`tests/check.rs` there):
//! JSON round trips through every kind of type, and validation with exact paths and codes.

use generated::runtime::validation::{self, Path, Validate, Violation, ViolationKind};
use generated::types as t;
use serde_json::json;

/// The `(path, code)` of every violation in `value`, in order.
fn violations<T: Validate>(value: &T) -> Vec<(String, &'static str)> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(violations) => {
            assert!(!violations.is_empty());
            violations
                .iter()
                .map(|violation| (violation.path.clone(), violation.kind.code()))
                .collect()
        }
    }
}

fn expect(pairs: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    pairs
        .iter()
        .map(|(path, code)| ((*path).to_owned(), *code))
        .collect()
}

fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("decodes")
}

fn valid_shipment() -> serde_json::Value {
    json!({
        "reference": "ORDER-1",
        "type": "1.1",
        "addresses": [{
            "street": "Main 1",
            "postal_code": "1234AB",
            "country_code": "NL",
            "contact": {"contact_details": {"email": "a@b.example"}}
        }],
        "weight": 2.5,
        "note": null
    })
}

#[test]
fn defaults_nullable_and_optional_fields() {
    let shipment: t::Shipment = decode(valid_shipment());
    assert_eq!(shipment.count, 1);
    assert_eq!(shipment.ratio, 0.5);
    assert_eq!(shipment.status, t::Status::Active);
    assert!(shipment.flag);
    assert_eq!(shipment.codes, vec![1, -2]);
    assert_eq!(shipment.labels.get("a").map(String::as_str), Some("b"));
    assert_eq!(shipment.options, json!({"x": [1, 2.5, null, "s"]}));
    assert_eq!(shipment.r#type, t::ShipmentType::V1_1);
    assert_eq!(shipment.note, None);
    assert_eq!(shipment.created_at, None, "read-only fields are optional");
    assert_eq!(shipment.password, None, "write-only fields are optional");
    assert_eq!(
        shipment.deadline, None,
        "a default that cannot be built stays None"
    );
    assert_eq!(shipment.validate(), Ok(()));

    let written = serde_json::to_value(&shipment).expect("encodes");
    assert_eq!(
        written["note"],
        json!(null),
        "required nullable is written as null"
    );
    assert!(
        written.get("comment").is_none(),
        "optional None is left out"
    );
    assert_eq!(written["count"], json!(1));
    assert_eq!(written["type"], json!("1.1"));
    let again: t::Shipment = decode(written);
    assert_eq!(again, shipment);
}

#[test]
fn constructors_take_required_fields_and_setters_the_others() {
    let address = t::Address::new("Main 1".to_owned(), "NL".to_owned())
        .with_postal_code("1234AB".to_owned())
        .with_contact(t::Contact::new(t::ContactDetails::new(
            "a@b.example".to_owned(),
        )));
    let built = t::Shipment::new(
        "ORDER-1".to_owned(),
        t::ShipmentType::V1_1,
        vec![address],
        2.5,
        None,
    );
    assert_eq!(built.count, 1, "defaulted fields start at their defaults");
    assert_eq!(built.status, t::Status::Active);
    assert_eq!(built.codes, vec![1, -2]);
    assert_eq!(built.options, json!({"x": [1, 2.5, null, "s"]}));
    assert_eq!(built.created_at, None, "read-only fields start unset");
    assert_eq!(built.password, None);
    assert_eq!(built.comment, None);
    assert!(built.additional_properties.is_empty());
    assert_eq!(built, decode::<t::Shipment>(valid_shipment()), "new matches decoding");

    let set = built
        .with_count(3)
        .with_self_("me".to_owned())
        .with_comment("hi".to_owned())
        .with_priority(t::Priority::High)
        .with_additional_property("x-extra".to_owned(), "v".to_owned());
    assert_eq!(set.count, 3);
    assert_eq!(set.self_.as_deref(), Some("me"));
    assert_eq!(set.comment.as_deref(), Some("hi"));
    let written = serde_json::to_value(&set).expect("encodes");
    assert_eq!(written["self"], json!("me"));
    assert_eq!(written["x-extra"], json!("v"));

    // Boxed fields take and give the plain value.
    let node = t::Node::new(1).with_next(t::Node::new(2));
    assert_eq!(node.next.as_ref().map(|next| next.value), Some(2));
    let manager = t::Manager::new(t::Employee::new());
    assert!(manager.report.manager.is_none());
    let wrapper = t::Wrapper::new(t::Scalar::Integer(1));
    assert_eq!(*wrapper.inner, t::Scalar::Integer(1));

    // A field named like the map of additional properties keeps both setters apart.
    let extensible = t::Extensible::new()
        .with_additional_properties("x".to_owned())
        .with_additional_property("other".to_owned(), 5);
    assert_eq!(
        extensible,
        decode(json!({"additional_properties": "x", "other": 5}))
    );
}

#[test]
#[allow(clippy::approx_constant)]
fn default_uses_the_spec_defaults() {
    let odd = t::OddNumbers::default();
    assert_eq!(odd.pi_ish, 3.14159);
    assert_eq!(odd.e_ish, 2.718_f32);
    assert_eq!(odd.tenth, None);
    assert_eq!(odd, decode(json!({})));
    assert_eq!(t::FreeForm::default(), decode(json!({})));
    assert_eq!(t::Employee::default(), t::Employee::new());
}

#[test]
fn a_required_nullable_field_must_be_present() {
    let mut value = valid_shipment();
    value
        .as_object_mut()
        .expect("an object")
        .remove("note");
    let error = serde_json::from_value::<t::Shipment>(value).expect_err("note is required");
    assert!(
        error.to_string().contains("missing field `note`"),
        "{error}"
    );
}

#[test]
fn explicit_null_is_refused_unless_nullable_where_nulls_are_refused() {
    let mut value = valid_shipment();
    value["comment"] = json!(null);
    value["extra"] = json!(null);
    let shipment: t::Shipment = decode(value);
    assert_eq!(shipment.comment, None, "a nullable field reads null as None");
    assert_eq!(shipment.extra, None, "a free-form field accepts null");

    let mut value = valid_shipment();
    value["addresses"][0]["contact"]["contact_details"]["phone"] = json!(null);
    assert!(serde_json::from_value::<t::Shipment>(value).is_ok(), "nested nullable");

    for (parent, name) in [
        ("", "priority"),
        ("", "self"),
        ("", "created_at"),
        ("/addresses/0", "contact"),
        ("/addresses/0", "postal_code"),
    ] {
        let mut value = valid_shipment();
        value
            .pointer_mut(parent)
            .and_then(serde_json::Value::as_object_mut)
            .expect("the parent exists")
            .insert(name.to_owned(), json!(null));
        // The server decodes with nulls refused; a client reads an optional one as absent.
        let strict = generated::runtime::fields::refusing_nulls(|| {
            serde_json::from_value::<t::Shipment>(value.clone())
        });
        let error = strict.expect_err(name);
        assert!(
            error.to_string().contains("invalid type: null"),
            "{name}: {error}"
        );
        let tolerant = serde_json::from_value::<t::Shipment>(value);
        assert!(tolerant.is_ok(), "{name}: {tolerant:?}");
    }
}

#[test]
fn formats_round_trip() {
    let mut value = valid_shipment();
    value["created_at"] = json!("2024-05-01T10:00:00+01:00");
    value["ship_date"] = json!("2024-05-01");
    value["id"] = json!("67e55044-10b1-426f-9247-bb680e5fe0c8");
    value["label"] = json!("aGVsbG8");
    value["raw"] = json!("plain text");
    value["extra"] = json!({"any": [true]});
    value["grid"] = json!([[1, 2], []]);
    value["self"] = json!("me");
    let shipment: t::Shipment = decode(value);
    let created_at = shipment.created_at.expect("set");
    assert_eq!(created_at.offset().local_minus_utc(), 3600);
    assert_eq!(
        shipment.label.as_ref().map(|label| label.as_bytes()),
        Some(&b"hello"[..])
    );
    assert_eq!(shipment.self_.as_deref(), Some("me"));
    let written = serde_json::to_value(&shipment).expect("encodes");
    assert_eq!(written["created_at"], json!("2024-05-01T10:00:00+01:00"));
    assert_eq!(written["label"], json!("aGVsbG8="), "written padded");
    assert_eq!(written["id"], json!("67e55044-10b1-426f-9247-bb680e5fe0c8"));
    assert_eq!(written["ship_date"], json!("2024-05-01"));
    assert_eq!(written["grid"], json!([[1, 2], []]));
    assert!(
        serde_json::from_value::<t::Shipment>({
            let mut bad = valid_shipment();
            bad["label"] = json!("not base64!");
            bad
        })
        .is_err()
    );
}

#[test]
fn every_violation_is_reported_with_its_path() {
    let mut value = valid_shipment();
    value["reference"] = json!("");
    value["type"] = json!("brand-new");
    value["addresses"][0]["street"] = json!("x".repeat(51));
    value["addresses"][0]["postal_code"] = json!("12");
    value["addresses"][0]["contact"]["contact_details"]["email"] = json!("nope");
    value["weight"] = json!(0);
    value["priority"] = json!(7);
    value["metadata"] = json!({"k1": "far too long", "k2": "ok"});
    value["tags"] = json!(["a", "a", "toolong"]);
    value["big"] = json!(101);
    value["small"] = json!(0);
    value["choice"] = json!(4);
    value["nullable_items"] = json!([null, "x", "xy"]);
    value["surplus"] = json!("toolong");
    let shipment: t::Shipment = decode(value);
    assert_eq!(
        violations(&shipment),
        expect(&[
            ("reference", "min_length"),
            ("type", "unknown_enum_value"),
            ("addresses[0].street", "max_length"),
            ("addresses[0].postal_code", "pattern"),
            ("addresses[0].contact.contact_details.email", "pattern"),
            ("weight", "minimum"),
            ("priority", "unknown_enum_value"),
            ("metadata.k1", "max_length"),
            ("tags", "unique_items"),
            ("tags[2]", "max_length"),
            ("big", "maximum"),
            ("small", "minimum"),
            ("choice", "not_allowed"),
            ("nullable_items[1]", "min_length"),
            ("surplus", "max_length"),
        ])
    );
    let Err(all) = shipment.validate() else {
        panic!("invalid");
    };
    let weight = all.iter().find(|v| v.path == "weight").expect("weight");
    assert_eq!(
        weight.kind,
        ViolationKind::Minimum {
            min: 0.0,
            exclusive: true
        }
    );
    let pattern = all
        .iter()
        .find(|v| v.path == "addresses[0].postal_code")
        .expect("postal");
    assert_eq!(
        pattern.kind,
        ViolationKind::Pattern {
            pattern: "^[0-9]{4}[A-Z]{2}$".to_owned(),
            code: None,
        }
    );
    assert!(
        all.to_string()
            .starts_with("15 validation errors: reference: ")
    );
    let json = serde_json::to_value(&all).expect("encodes");
    assert_eq!(json[0]["code"], json!("min_length"));
    assert_eq!(json[0]["path"], json!("reference"));
}

#[test]
fn numeric_items_and_property_counts() {
    let mut value = valid_shipment();
    value["weight"] = json!(1000.25);
    let shipment: t::Shipment = decode(value);
    assert_eq!(
        violations(&shipment),
        expect(&[("weight", "maximum"), ("weight", "multiple_of")])
    );

    let mut value = valid_shipment();
    value["addresses"] = json!([]);
    let shipment: t::Shipment = decode(value);
    assert_eq!(violations(&shipment), expect(&[("addresses", "min_items")]));

    let mut value = valid_shipment();
    let address = value["addresses"][0].clone();
    value["addresses"] = json!([address.clone(), address.clone(), address.clone(), address]);
    let shipment: t::Shipment = decode(value);
    assert_eq!(violations(&shipment), expect(&[("addresses", "max_items")]));

    let mut value = valid_shipment();
    for n in 0..30 {
        value[format!("x{n}")] = json!("v");
    }
    let shipment: t::Shipment = decode(value);
    assert_eq!(shipment.additional_properties.len(), 30);
    assert_eq!(violations(&shipment), expect(&[("", "max_properties")]));

    let empty: t::FreeForm = decode(json!({}));
    assert_eq!(violations(&empty), expect(&[("", "min_properties")]));
    let one: t::FreeForm = decode(json!({"a": {"b": 1}}));
    assert_eq!(one.validate(), Ok(()));
    assert_eq!(
        serde_json::to_value(&one).expect("encodes"),
        json!({"a": {"b": 1}})
    );
}

#[test]
fn string_enum_with_odd_values() {
    for (wire, variant) in [
        ("1.1", t::ShipmentType::V1_1),
        ("-", t::ShipmentType::Minus),
        ("with space", t::ShipmentType::WithSpace),
        ("unknown", t::ShipmentType::Unknown),
    ] {
        let decoded: t::ShipmentType = decode(json!(wire));
        assert_eq!(decoded, variant);
        assert_eq!(variant.as_str(), wire);
        assert_eq!(variant.to_string(), wire);
        assert_eq!(wire.parse::<t::ShipmentType>(), Ok(variant.clone()));
        assert_eq!(
            serde_json::to_value(&variant).expect("encodes"),
            json!(wire)
        );
        assert_eq!(variant.validate(), Ok(()));
    }
    let other: t::ShipmentType = decode(json!("other"));
    assert_eq!(other, t::ShipmentType::UnknownValue("other".to_owned()));
    assert_eq!(
        serde_json::to_value(&other).expect("encodes"),
        json!("other")
    );
    assert_eq!(violations(&other), expect(&[("", "unknown_enum_value")]));
    assert_eq!(t::ShipmentType::ALL.len(), 4);
    let status: t::Status = decode(json!("paused"));
    assert_eq!(status, t::Status::Unknown("paused".to_owned()));
}

#[test]
fn integer_enum() {
    let negative: t::Priority = decode(json!(-1));
    assert_eq!(negative, t::Priority::Negative);
    assert_eq!(negative.value(), -1);
    let unknown: t::Priority = decode(json!(9));
    assert_eq!(unknown, t::Priority::Unknown(9));
    assert_eq!(serde_json::to_value(&unknown).expect("encodes"), json!(9));
    assert_eq!(unknown.to_string(), "9");
    assert_eq!(t::Priority::from_value(2), t::Priority::High);
    assert_eq!(
        t::Priority::ALL,
        &[t::Priority::Low, t::Priority::High, t::Priority::Negative]
    );
}

#[test]
fn tagged_union() {
    let cat: t::Pet = decode(json!({"petType": "cat", "name": "Tom"}));
    assert!(matches!(&cat, t::Pet::Cat(inner) if inner.name == "Tom"));
    let kitty: t::Pet = decode(json!({"petType": "kitty", "name": "Kit"}));
    assert_eq!(kitty.tag(), "kitty");
    assert_eq!(
        serde_json::to_value(&kitty).expect("encodes"),
        json!({"petType": "kitty", "name": "Kit"})
    );
    let dog = t::Pet::Dog(t::Dog::new("wrong".to_owned()).with_barks(true));
    assert_eq!(
        serde_json::to_value(&dog).expect("encodes"),
        json!({"petType": "dog", "barks": true}),
        "the variant sets the tag"
    );
    let long: t::Pet = decode(json!({"petType": "cat", "name": "a very long name"}));
    assert_eq!(violations(&long), expect(&[("name", "max_length")]));
    let missing = serde_json::from_value::<t::Pet>(json!({"name": "x"})).expect_err("no tag");
    assert!(
        missing.to_string().contains("missing tag `petType`"),
        "{missing}"
    );
    let unknown = serde_json::from_value::<t::Pet>(json!({"petType": "cow"})).expect_err("bad tag");
    assert!(
        unknown.to_string().contains("unknown tag `cow`"),
        "{unknown}"
    );
}

#[test]
fn untagged_union_and_recursion() {
    assert_eq!(decode::<t::Scalar>(json!(5)), t::Scalar::Integer(5));
    assert_eq!(
        decode::<t::Scalar>(json!("abcd")),
        t::Scalar::Text("abcd".to_owned())
    );
    assert_eq!(
        violations(&decode::<t::Scalar>(json!("abcd"))),
        expect(&[("", "max_length")])
    );
    let nested: t::Scalar = decode(json!([1, "ab", {"inner": "long"}]));
    assert_eq!(violations(&nested), expect(&[("[2].inner", "max_length")]));
    assert_eq!(
        serde_json::to_value(&nested).expect("encodes"),
        json!([1, "ab", {"inner": "long"}])
    );

    let node: t::Node =
        decode(json!({"value": 1, "next": {"value": 2}, "children": [{"value": 3}]}));
    assert_eq!(node.next.as_ref().map(|next| next.value), Some(2));
    let employee: t::Employee = decode(json!({"manager": {"report": {}}}));
    assert_eq!(
        employee
            .manager
            .map(|manager| manager.report.manager.is_none()),
        Some(true)
    );
}

#[test]
fn prelude_names_and_extensible_objects() {
    let result = t::Result::new(t::Option::Some)
        .with_vec(vec![
            t::Error::new(t::String::new("boom".to_owned())).with_code(t::Box::Small),
        ])
        .with_from(t::From::new().with_default(t::Default::Yes));
    let written = serde_json::to_value(&result).expect("encodes");
    assert_eq!(
        written,
        json!({"option": "some", "vec": [{"message": {"value": "boom"}, "code": 1}], "from": {"default": "yes"}})
    );
    assert_eq!(decode::<t::Result>(written), result);
    let alias: t::Vec = vec!["a".to_owned()];
    let tags: t::Tags = alias.clone();
    assert_eq!(tags.len(), 1);

    let extensible: t::Extensible = decode(json!({"additional_properties": "x", "other": 5}));
    assert_eq!(extensible.additional_properties.as_deref(), Some("x"));
    assert_eq!(extensible.additional_properties_2.get("other"), Some(&5));
}

#[test]
fn runtime_helpers() {
    let path = Path::new();
    let mut out: Vec<Violation> = Vec::new();
    validation::check_required(&None::<i32>, &path, &mut out);
    assert_eq!(out[0].kind, ViolationKind::Required);
    assert_eq!(out[0].kind.code(), "required");

    let mut path = Path::new();
    path.push_field("a");
    path.push_key("with space");
    path.push_index(3);
    assert_eq!(path.to_string(), "a[\"with space\"][3]");

    // Characters, not bytes.
    let mut out = Vec::new();
    validation::check_max_length("ééé", 3, &path, &mut out);
    assert!(out.is_empty());

    // Integers compare exactly with fractional bounds, and factors too.
    let mut out = Vec::new();
    validation::check_minimum(&2_i64, 1.5, false, &path, &mut out);
    validation::check_maximum(&u64::MAX, 1e30, false, &path, &mut out);
    validation::check_multiple_of(&0.3_f64, 0.1, &path, &mut out);
    validation::check_multiple_of(&9_007_199_254_740_993_i64, 3.0, &path, &mut out);
    assert!(out.is_empty(), "{out:?}");
    validation::check_multiple_of(&10_i64, 3.0, &path, &mut out);
    assert_eq!(out.len(), 1);

    // Unique items: canonical JSON, and fast for large arrays.
    let mut out = Vec::new();
    let items: Vec<serde_json::Value> = vec![json!({"a": 1, "b": 2}), json!({"b": 2, "a": 1.0})];
    validation::check_unique_items(&items, &path, &mut out);
    assert_eq!(out.len(), 1);
    let many: Vec<String> = (0..10_000).map(|n| format!("item-{n}")).collect();
    let started = std::time::Instant::now();
    let mut out = Vec::new();
    validation::check_unique_items(&many, &path, &mut out);
    assert!(out.is_empty());
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
}

#[test]
#[allow(clippy::approx_constant)]
fn odd_numbers_and_degenerate_types() {
    let odd: t::OddNumbers = decode(json!({"tenth": 0.1}));
    assert_eq!(odd.pi_ish, 3.14159);
    assert_eq!(odd.e_ish, 2.718_f32);
    assert_eq!(odd.any_pi, json!([3.14159, i64::MIN]));
    assert_eq!(odd.validate(), Ok(()));
    let tenth: t::OddNumbers = decode(json!({"tenth": 0.2, "pi_ish": 3.0}));
    assert_eq!(
        violations(&tenth),
        expect(&[("pi_ish", "minimum"), ("tenth", "not_allowed")])
    );

    let empty: t::EmptyEnum = decode(json!("anything"));
    assert_eq!(empty.as_str(), "anything");
    assert!(t::EmptyEnum::ALL.is_empty());
    assert_eq!(decode::<t::EmptyInt>(json!(i64::MIN)), t::EmptyInt::Min);
    assert_eq!(decode::<t::EmptyStruct>(json!({"x": 1})), t::EmptyStruct::new());
    assert_eq!(t::EmptyStruct::default(), t::EmptyStruct::new());
    assert!(serde_json::from_value::<t::EmptyTagged>(json!({"kind": "x"})).is_err());
    assert!(serde_json::from_value::<t::EmptyUntagged>(json!(1)).is_err());
}
