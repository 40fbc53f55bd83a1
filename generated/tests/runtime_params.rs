//! The runtime's parameter texts: values read and written as text, each style's writing
//! as the OpenAPI table shows it, and every style read back from what it wrote.

use serde_json::{Value, json};
use sorted_pro::runtime::params::{self, ParamValue, Style, decode_deep_object, encode_header};

/// Texts with characters that mean something in paths, queries and cookies.
const RESERVED: [&str; 6] = ["a b", "x/y", "50%", "1&2=3", "ü", "a+b"];

/// The items of a list of strings.
fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

/// Writes `value` as path parameter `id`, percent-decodes the segment as the router does,
/// and reads the items back.
fn path_items(style: Style, explode: bool, value: &Value) -> Vec<String> {
    let text = style.encode_path("id", explode, value);
    let decoded = params::decode_path_segment(&text).unwrap_or_default();
    let items = style.decode_items(explode, &[decoded.as_str()]);
    items.into_iter().map(str::to_owned).collect()
}

/// Writes `value` as path parameter `id` and reads it back as a single value.
fn path_value(style: Style, value: &Value) -> String {
    let text = style.encode_path("id", false, value);
    let decoded = params::decode_path_segment(&text).unwrap_or_default();
    style.decode_value(&[decoded.as_str()]).to_owned()
}

/// Writes `value` as query parameter `id`, parses the query as the server does, and reads
/// the items back.
fn query_items(style: Style, explode: bool, value: &Value) -> Vec<String> {
    let mut pairs = Vec::new();
    style.encode_pairs("id", explode, value, &mut pairs);
    let parsed = params::parse_query(&pairs.join("&"));
    let values = params::query_values(&parsed, "id");
    let items = style.decode_items(explode, &values);
    items.into_iter().map(str::to_owned).collect()
}

/// Writes `value` as a header and reads the items back.
fn header_items(explode: bool, value: &Value) -> Vec<String> {
    let text = encode_header(explode, value);
    let items = Style::Simple.decode_items(explode, &[text.as_str()]);
    items.into_iter().map(str::to_owned).collect()
}

#[test]
fn values_round_trip_through_text() {
    assert_eq!(i64::from_param("42"), Ok(42));
    assert!(i32::from_param("4x").is_err());
    assert_eq!(bool::from_param("true"), Ok(true));
    assert_eq!(params::join_values(&[1_i64, 2, 3], ","), "1,2,3");
    assert_eq!(
        Style::Simple.decode_items(false, &["1,2,3"]),
        vec!["1", "2", "3"]
    );
    assert_eq!(params::encode_component("a b/c"), "a%20b%2Fc");
    assert_eq!(
        params::decode_path_segment("a%20b%2Fc").as_deref(),
        Some("a b/c")
    );
    let pairs = params::parse_query("take=5&tag=a&tag=b%20c");
    assert_eq!(params::query_values(&pairs, "tag"), vec!["a", "b c"]);
}

#[test]
fn query_styles_follow_the_openapi_table() {
    let pairs = |style: Style, explode: bool, value: Value| {
        let mut out = Vec::new();
        style.encode_pairs("id", explode, &value, &mut out);
        out.join("&")
    };
    assert_eq!(pairs(Style::Form, true, json!([3, 4, 5])), "id=3&id=4&id=5");
    assert_eq!(pairs(Style::Form, false, json!([3, 4, 5])), "id=3,4,5");
    assert_eq!(
        pairs(Style::SpaceDelimited, false, json!([3, 4])),
        "id=3%204"
    );
    assert_eq!(pairs(Style::PipeDelimited, false, json!([3, 4])), "id=3|4");
    assert_eq!(
        pairs(Style::DeepObject, true, json!({"a": "x y", "b": 1})),
        "id[a]=x%20y&id[b]=1"
    );
    assert_eq!(
        pairs(Style::Form, true, json!({"a": "x", "b": 1})),
        "a=x&b=1"
    );
    assert_eq!(pairs(Style::Form, true, Value::Null), "");
    assert_eq!(pairs(Style::Form, true, json!("a&b")), "id=a%26b");
}

#[test]
fn path_styles_follow_the_openapi_table() {
    let array = json!([3, 4]);
    assert_eq!(Style::Simple.encode_path("id", false, &array), "3,4");
    assert_eq!(Style::Label.encode_path("id", true, &array), ".3.4");
    assert_eq!(Style::Matrix.encode_path("id", true, &array), ";id=3;id=4");
    assert_eq!(Style::Matrix.encode_path("id", false, &array), ";id=3,4");
    assert_eq!(
        Style::Simple.encode_path("id", false, &json!("a/b c")),
        "a%2Fb%20c"
    );
    assert_eq!(encode_header(false, &json!(["a b", "c"])), "a b,c");
}

#[test]
fn simple_round_trips() {
    for explode in [false, true] {
        assert_eq!(
            path_items(Style::Simple, explode, &json!(RESERVED)),
            strings(&RESERVED)
        );
        assert_eq!(
            path_items(Style::Simple, explode, &json!([])),
            Vec::<String>::new()
        );
        assert_eq!(header_items(explode, &json!(RESERVED)), strings(&RESERVED));
        assert_eq!(header_items(explode, &json!([])), Vec::<String>::new());
    }
    // A single value may hold the separator.
    assert_eq!(path_value(Style::Simple, &json!("a,b/c")), "a,b/c");
    // A header's values may come on several lines.
    assert_eq!(
        Style::Simple.decode_items(false, &["a,b", "c"]),
        vec!["a", "b", "c"]
    );
}

#[test]
fn label_round_trips() {
    let items = ["a b", "x/y", "50%", "ü"];
    for explode in [false, true] {
        assert_eq!(
            path_items(Style::Label, explode, &json!(items)),
            strings(&items)
        );
        assert_eq!(
            path_items(Style::Label, explode, &json!([])),
            Vec::<String>::new()
        );
    }
    // Not exploded, items are separated by `,` and may hold `.`.
    assert_eq!(
        path_items(Style::Label, false, &json!(["1.5", "2.5"])),
        strings(&["1.5", "2.5"])
    );
    assert_eq!(path_value(Style::Label, &json!(5)), "5");
    assert_eq!(path_value(Style::Label, &json!("a.b,c")), "a.b,c");
}

#[test]
fn matrix_round_trips() {
    for explode in [false, true] {
        assert_eq!(
            path_items(Style::Matrix, explode, &json!(RESERVED)),
            strings(&RESERVED)
        );
        assert_eq!(
            path_items(Style::Matrix, explode, &json!([])),
            Vec::<String>::new()
        );
    }
    // Exploded items may hold `,`.
    assert_eq!(
        path_items(Style::Matrix, true, &json!(["a,b", "c"])),
        strings(&["a,b", "c"])
    );
    assert_eq!(path_value(Style::Matrix, &json!(5)), "5");
    assert_eq!(path_value(Style::Matrix, &json!("a=b;c,d")), "a=b;c,d");
}

#[test]
fn form_round_trips() {
    for explode in [false, true] {
        assert_eq!(
            query_items(Style::Form, explode, &json!(RESERVED)),
            strings(&RESERVED)
        );
        assert_eq!(
            query_items(Style::Form, explode, &json!([])),
            Vec::<String>::new()
        );
    }
    // Exploded items may hold the separator, and may be empty.
    assert_eq!(
        query_items(Style::Form, true, &json!(["a,b", "", "c"])),
        strings(&["a,b", "", "c"])
    );
    // A single value may hold anything.
    assert_eq!(
        query_items(Style::Form, true, &json!("a,b&c=d")),
        strings(&["a,b&c=d"])
    );
}

#[test]
fn space_delimited_round_trips() {
    let items = ["a", "x/y", "50%", "1&2=3", "ü", "a+b"];
    assert_eq!(
        query_items(Style::SpaceDelimited, false, &json!(items)),
        strings(&items)
    );
    assert_eq!(
        query_items(Style::SpaceDelimited, false, &json!([])),
        Vec::<String>::new()
    );
    // Exploded, each item is its own pair and may hold a space.
    assert_eq!(
        query_items(Style::SpaceDelimited, true, &json!(RESERVED)),
        strings(&RESERVED)
    );
}

#[test]
fn pipe_delimited_round_trips() {
    assert_eq!(
        query_items(Style::PipeDelimited, false, &json!(RESERVED)),
        strings(&RESERVED)
    );
    assert_eq!(
        query_items(Style::PipeDelimited, false, &json!([])),
        Vec::<String>::new()
    );
    assert_eq!(
        query_items(Style::PipeDelimited, true, &json!(["a|b", "c"])),
        strings(&["a|b", "c"])
    );
}

#[test]
fn deep_object_round_trips() {
    let value = json!({
        "a": "x y",
        "b": "1&2=3",
        "c": {"d": "ü", "e": "50%"},
        "f": ["g", "h,i"],
    });
    for explode in [false, true] {
        let mut pairs = Vec::new();
        Style::DeepObject.encode_pairs("filter", explode, &value, &mut pairs);
        let parsed = params::parse_query(&format!("other=1&{}", pairs.join("&")));
        assert_eq!(decode_deep_object("filter", &parsed), Some(value.clone()));
    }
    // An empty object writes nothing, which reads as no value.
    let mut pairs = Vec::new();
    Style::DeepObject.encode_pairs("filter", true, &json!({}), &mut pairs);
    assert!(pairs.is_empty());
    assert_eq!(decode_deep_object("filter", &[]), None);
    // Pairs of other parameters and of other forms are not the object's.
    let parsed = params::parse_query("filtered[a]=1&filter=2&filter[b=3");
    assert_eq!(decode_deep_object("filter", &parsed), None);
}

#[cfg(feature = "server")]
mod server {
    //! The server's typed decoders on top of the styles.

    use super::*;
    use sorted_pro::runtime::server::{
        decode_list, decode_scalar, decode_serde, decode_serde_list,
    };

    #[test]
    fn parameters_decode_from_text() {
        assert_eq!(decode_scalar::<i64>(&["7"]), Ok(7));
        assert_eq!(
            decode_list::<i64>(&["1,2", "3"], Style::Simple, false),
            Ok(vec![1, 2, 3])
        );
        assert_eq!(
            decode_list::<bool>(&["true", "false"], Style::Form, true),
            Ok(vec![true, false])
        );
        assert_eq!(decode_serde::<String>(&["12"]), Ok("12".to_owned()));
        assert_eq!(decode_serde::<u16>(&["12"]), Ok(12));
        assert_eq!(
            decode_serde_list::<String>(&["a|b"], Style::PipeDelimited, false),
            Ok(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            decode_serde_list::<u16>(&["1", "2"], Style::Form, true),
            Ok(vec![1, 2])
        );
        assert!(decode_scalar::<i32>(&["x"]).is_err());
        assert!(decode_list::<i32>(&["1,x"], Style::Form, false).is_err());
        assert_eq!(Style::Label.decode_value(&[".5"]), "5");
    }

    #[test]
    fn typed_lists_round_trip_in_every_query_style() {
        let numbers = [-1_i64, 0, 42];
        for style in [
            Style::Form,
            Style::SpaceDelimited,
            Style::PipeDelimited,
            Style::DeepObject,
        ] {
            for explode in [false, true] {
                let mut pairs = Vec::new();
                style.encode_pairs("id", explode, &json!(numbers), &mut pairs);
                let parsed = params::parse_query(&pairs.join("&"));
                let values = params::query_values(&parsed, "id");
                assert_eq!(
                    decode_list::<i64>(&values, style, explode),
                    Ok(numbers.to_vec()),
                    "{style:?}, explode {explode}"
                );
            }
        }
    }
}
