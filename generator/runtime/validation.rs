//! Validation of values against the constraints of the API description.
//!
//! Every generated model implements [`Validate`]. Validation never stops at the first
//! problem: it collects every [`Violation`], each with the path of the offending value in
//! wire names (`addresses[0].contact.email`) and a machine-readable [`ViolationKind`].
//! The `check_*` functions are what generated code calls for each constraint; they record
//! a violation and never panic.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::OnceLock;

/// A value that can check itself against the constraints of the API description.
pub trait Validate {
    /// Records every violation found in `self`, which sits at `path`, into `out`.
    fn validate_at(&self, path: &mut Path, out: &mut Vec<Violation>);

    /// Checks `self` and returns every violation found, or `Ok(())` when there is none.
    fn validate(&self) -> Result<(), Violations> {
        let mut path = Path::new();
        let mut out = Vec::new();
        self.validate_at(&mut path, &mut out);
        if out.is_empty() {
            Ok(())
        } else {
            Err(Violations(out))
        }
    }
}

/// One step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A property of an object, by wire name.
    Field(&'static str),
    /// An element of an array.
    Index(usize),
    /// An entry of a map, by key.
    Key(String),
}

/// Where a value sits inside the value being validated: a stack of segments that is only
/// rendered to text when a violation is recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path {
    segments: Vec<Segment>,
}

impl Path {
    /// The path of the value being validated itself.
    pub fn new() -> Self {
        Self::default()
    }

    /// Enters the property `name`.
    pub fn push_field(&mut self, name: &'static str) {
        self.segments.push(Segment::Field(name));
    }

    /// Enters the array element at `index`.
    pub fn push_index(&mut self, index: usize) {
        self.segments.push(Segment::Index(index));
    }

    /// Enters the map entry `key`.
    pub fn push_key(&mut self, key: &str) {
        self.segments.push(Segment::Key(key.to_owned()));
    }

    /// Leaves the innermost segment.
    pub fn pop(&mut self) {
        self.segments.pop();
    }

    /// The segments, outermost first.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::Field(name) => write_name(f, name, position == 0)?,
                Segment::Key(key) => write_name(f, key, position == 0)?,
            }
        }
        Ok(())
    }
}

/// Writes `.name`, or `["name"]` when the name has characters that would be ambiguous.
fn write_name(f: &mut fmt::Formatter<'_>, name: &str, first: bool) -> fmt::Result {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$' || c == '@');
    if plain {
        if !first {
            f.write_str(".")?;
        }
        f.write_str(name)
    } else {
        write!(f, "[{name:?}]")
    }
}

/// What kind of constraint a value breaks.
#[derive(Debug, Clone, PartialEq)]
pub enum ViolationKind {
    /// A required value is missing.
    Required,
    /// A string has fewer characters than allowed.
    MinLength { min: u64 },
    /// A string has more characters than allowed.
    MaxLength { max: u64 },
    /// A string does not match a regular expression.
    Pattern {
        pattern: String,
        /// The error code the API description gives the pattern, if any.
        code: Option<&'static str>,
    },
    /// A number is below its minimum.
    Minimum { min: f64, exclusive: bool },
    /// A number is above its maximum.
    Maximum { max: f64, exclusive: bool },
    /// A number is not a multiple of `factor`.
    MultipleOf { factor: f64 },
    /// An array has fewer items than allowed.
    MinItems { min: u64 },
    /// An array has more items than allowed.
    MaxItems { max: u64 },
    /// An array that must hold distinct items holds two equal ones.
    UniqueItems,
    /// An object has fewer properties than allowed.
    MinProperties { min: u64 },
    /// An object has more properties than allowed.
    MaxProperties { max: u64 },
    /// An enum holds a value the API description does not list.
    UnknownEnumValue { value: String },
    /// A value is not one of the values allowed at its place (as JSON texts).
    NotAllowed { allowed: Vec<String> },
}

impl ViolationKind {
    /// A snake_case code for machines, e.g. `max_length`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::MinLength { .. } => "min_length",
            Self::MaxLength { .. } => "max_length",
            Self::Pattern { .. } => "pattern",
            Self::Minimum { .. } => "minimum",
            Self::Maximum { .. } => "maximum",
            Self::MultipleOf { .. } => "multiple_of",
            Self::MinItems { .. } => "min_items",
            Self::MaxItems { .. } => "max_items",
            Self::UniqueItems => "unique_items",
            Self::MinProperties { .. } => "min_properties",
            Self::MaxProperties { .. } => "max_properties",
            Self::UnknownEnumValue { .. } => "unknown_enum_value",
            Self::NotAllowed { .. } => "not_allowed",
        }
    }
}

/// One broken constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Where the value sits, in wire names, e.g. `parcels[0].weight`; empty for the value
    /// being validated itself.
    pub path: String,
    pub kind: ViolationKind,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl serde::Serialize for Violation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("Violation", 3)?;
        state.serialize_field("path", &self.path)?;
        state.serialize_field("code", self.kind.code())?;
        state.serialize_field("message", &self.message)?;
        state.end()
    }
}

/// Every violation found in a value; never empty when returned by [`Validate::validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// The violations, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }

    /// How many violations there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        write!(
            f,
            "{count} validation error{}",
            if count == 1 { "" } else { "s" }
        )?;
        for (position, violation) in self.0.iter().enumerate() {
            f.write_str(if position == 0 { ": " } else { "; " })?;
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

impl serde::Serialize for Violations {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Records a violation of `kind` at `path`.
pub fn report(path: &Path, out: &mut Vec<Violation>, kind: ViolationKind, message: String) {
    out.push(Violation {
        path: path.to_string(),
        kind,
        message,
    });
}

/// A regular expression from the API description, compiled on first use. A pattern that
/// does not compile (the generator rejects those) checks nothing.
#[derive(Debug)]
pub struct Pattern {
    text: &'static str,
    code: Option<&'static str>,
    regex: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// A pattern for `text`, not compiled yet.
    pub const fn new(text: &'static str) -> Self {
        Self {
            text,
            code: None,
            regex: OnceLock::new(),
        }
    }

    /// A pattern for `text` whose violations report the error code `code`.
    pub const fn with_code(text: &'static str, code: &'static str) -> Self {
        Self {
            text,
            code: Some(code),
            regex: OnceLock::new(),
        }
    }

    /// The error code the API description gives the pattern, if any.
    pub fn code(&self) -> Option<&'static str> {
        self.code
    }

    /// The pattern as written in the API description.
    pub fn as_str(&self) -> &'static str {
        self.text
    }

    /// The compiled expression, or `None` if it does not compile.
    pub fn regex(&self) -> Option<&regex::Regex> {
        self.regex
            .get_or_init(|| regex::Regex::new(self.text).ok())
            .as_ref()
    }

    /// Whether `value` matches somewhere (JSON Schema patterns are not anchored).
    pub fn is_match(&self, value: &str) -> bool {
        self.regex().is_none_or(|regex| regex.is_match(value))
    }
}

/// Validates `value`, the property `name` of the value at `path`: its own `Validate` impl
/// runs with `name` pushed onto the path.
pub fn validate_field<T: Validate + ?Sized>(
    value: &T,
    name: &'static str,
    path: &mut Path,
    out: &mut Vec<Violation>,
) {
    path.push_field(name);
    value.validate_at(path, out);
    path.pop();
}

/// Records [`ViolationKind::Required`] when `value` is `None`.
pub fn check_required<T>(value: &Option<T>, path: &Path, out: &mut Vec<Violation>) {
    if value.is_none() {
        report(path, out, ViolationKind::Required, "is required".to_owned());
    }
}

/// Checks `minLength`, counted in Unicode scalar values as JSON Schema says.
pub fn check_min_length(value: &str, min: u64, path: &Path, out: &mut Vec<Violation>) {
    // A character takes at most four bytes, so a string of n bytes has at least n / 4
    // (rounded up) characters, and long enough strings skip the count.
    if (value.len() as u64).div_ceil(4) >= min {
        return;
    }
    let length = char_count(value);
    if length < min {
        report(
            path,
            out,
            ViolationKind::MinLength { min },
            format!(
                "must be at least {min} {} long, but is {length}",
                plural(min, "character", "characters")
            ),
        );
    }
}

/// Checks `maxLength`, counted in Unicode scalar values as JSON Schema says.
pub fn check_max_length(value: &str, max: u64, path: &Path, out: &mut Vec<Violation>) {
    // A string of n bytes has at most n characters, so short strings skip the count.
    if (value.len() as u64) <= max {
        return;
    }
    let length = char_count(value);
    if length > max {
        report(
            path,
            out,
            ViolationKind::MaxLength { max },
            format!(
                "must be at most {max} {} long, but is {length}",
                plural(max, "character", "characters")
            ),
        );
    }
}

/// `one` when `count` is 1, else `many`: "at least 1 item", "at most 3 items".
fn plural(count: u64, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

fn char_count(value: &str) -> u64 {
    value.chars().count() as u64
}

/// Checks `pattern`.
pub fn check_pattern(pattern: &Pattern, value: &str, path: &Path, out: &mut Vec<Violation>) {
    if !pattern.is_match(value) {
        report(
            path,
            out,
            ViolationKind::Pattern {
                pattern: pattern.as_str().to_owned(),
                code: pattern.code(),
            },
            format!("must match the pattern `{}`", pattern.as_str()),
        );
    }
}

/// A number as the numeric checks see it: integers stay exact, floats are `f64`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    Int(i128),
    Float(f64),
}

/// Numbers the numeric checks accept.
pub trait Number: Copy {
    /// The number, exactly for integers.
    fn to_num(self) -> Num;
}

macro_rules! integer_number {
    ($($ty:ty),*) => {
        $(impl Number for $ty {
            fn to_num(self) -> Num {
                Num::Int(i128::from(self))
            }
        })*
    };
}

integer_number!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Number for usize {
    fn to_num(self) -> Num {
        // `usize` is at most 64 bits on supported targets.
        Num::Int(i128::try_from(self).unwrap_or(i128::MAX))
    }
}

impl Number for f32 {
    fn to_num(self) -> Num {
        Num::Float(f64::from(self))
    }
}

impl Number for f64 {
    fn to_num(self) -> Num {
        Num::Float(self)
    }
}

/// Compares a number with a bound; `None` when either is NaN.
fn compare(value: Num, bound: f64) -> Option<std::cmp::Ordering> {
    match value {
        Num::Float(value) => value.partial_cmp(&bound),
        Num::Int(value) => {
            if bound.is_nan() {
                return None;
            }
            // 2^126 is exactly representable and beyond every integer we convert.
            const LIMIT: f64 = 85_070_591_730_234_615_865_843_651_857_942_052_864.0;
            if bound >= LIMIT {
                return Some(std::cmp::Ordering::Less);
            }
            if bound <= -LIMIT {
                return Some(std::cmp::Ordering::Greater);
            }
            let floor = bound.floor();
            // In range by the checks above, so the conversion is exact.
            let whole = floor as i128;
            Some(match value.cmp(&whole) {
                std::cmp::Ordering::Equal if bound > floor => std::cmp::Ordering::Less,
                ordering => ordering,
            })
        }
    }
}

/// Checks `minimum` / `exclusiveMinimum`.
pub fn check_minimum<N: Number>(
    value: &N,
    min: f64,
    exclusive: bool,
    path: &Path,
    out: &mut Vec<Violation>,
) {
    use std::cmp::Ordering;
    let broken = match compare(value.to_num(), min) {
        Some(Ordering::Less) => true,
        Some(Ordering::Equal) => exclusive,
        Some(Ordering::Greater) => false,
        None => true,
    };
    if broken {
        let relation = if exclusive {
            "greater than"
        } else {
            "greater than or equal to"
        };
        report(
            path,
            out,
            ViolationKind::Minimum { min, exclusive },
            format!("must be {relation} {min}"),
        );
    }
}

/// Checks `maximum` / `exclusiveMaximum`.
pub fn check_maximum<N: Number>(
    value: &N,
    max: f64,
    exclusive: bool,
    path: &Path,
    out: &mut Vec<Violation>,
) {
    use std::cmp::Ordering;
    let broken = match compare(value.to_num(), max) {
        Some(Ordering::Greater) => true,
        Some(Ordering::Equal) => exclusive,
        Some(Ordering::Less) => false,
        None => true,
    };
    if broken {
        let relation = if exclusive {
            "less than"
        } else {
            "less than or equal to"
        };
        report(
            path,
            out,
            ViolationKind::Maximum { max, exclusive },
            format!("must be {relation} {max}"),
        );
    }
}

/// Checks `multipleOf`: exactly for integers and whole factors, with a relative tolerance
/// of 1e-9 otherwise (so that `0.3` is a multiple of `0.1`). A factor that is not
/// positive checks nothing.
pub fn check_multiple_of<N: Number>(value: &N, factor: f64, path: &Path, out: &mut Vec<Violation>) {
    if factor.is_nan() || factor <= 0.0 {
        return;
    }
    let is_multiple = match value.to_num() {
        Num::Int(value) if factor.fract() == 0.0 && factor < 1e30 => {
            // Exact: a whole factor below 1e30 fits an i128.
            value % (factor as i128) == 0
        }
        Num::Int(value) => float_multiple(value as f64, factor),
        Num::Float(value) => float_multiple(value, factor),
    };
    if !is_multiple {
        report(
            path,
            out,
            ViolationKind::MultipleOf { factor },
            format!("must be a multiple of {factor}"),
        );
    }
}

fn float_multiple(value: f64, factor: f64) -> bool {
    if !value.is_finite() {
        return false;
    }
    let quotient = value / factor;
    if !quotient.is_finite() {
        return false;
    }
    (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
}

/// Checks `minItems`.
pub fn check_min_items<T>(value: &[T], min: u64, path: &Path, out: &mut Vec<Violation>) {
    let count = value.len() as u64;
    if count < min {
        report(
            path,
            out,
            ViolationKind::MinItems { min },
            format!(
                "must have at least {min} {}, but has {count}",
                plural(min, "item", "items")
            ),
        );
    }
}

/// Checks `maxItems`.
pub fn check_max_items<T>(value: &[T], max: u64, path: &Path, out: &mut Vec<Violation>) {
    let count = value.len() as u64;
    if count > max {
        report(
            path,
            out,
            ViolationKind::MaxItems { max },
            format!(
                "must have at most {max} {}, but has {count}",
                plural(max, "item", "items")
            ),
        );
    }
}

/// Checks `uniqueItems`, comparing items as canonical JSON (object keys sorted, whole
/// floats as integers), in linear time. Reports the first duplicate pair.
pub fn check_unique_items<T: serde::Serialize>(value: &[T], path: &Path, out: &mut Vec<Violation>) {
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(value.len());
    for (index, item) in value.iter().enumerate() {
        let Some(key) = canonical_json(item) else {
            continue;
        };
        if let Some(first) = seen.insert(key, index) {
            report(
                path,
                out,
                ViolationKind::UniqueItems,
                format!("items must be unique, but [{first}] and [{index}] are equal"),
            );
            return;
        }
    }
}

/// Checks `minProperties` against the number of properties an object has.
pub fn check_min_properties(count: usize, min: u64, path: &Path, out: &mut Vec<Violation>) {
    let count = count as u64;
    if count < min {
        report(
            path,
            out,
            ViolationKind::MinProperties { min },
            format!(
                "must have at least {min} {}, but has {count}",
                plural(min, "property", "properties")
            ),
        );
    }
}

/// Checks `maxProperties` against the number of properties an object has.
pub fn check_max_properties(count: usize, max: u64, path: &Path, out: &mut Vec<Violation>) {
    let count = count as u64;
    if count > max {
        report(
            path,
            out,
            ViolationKind::MaxProperties { max },
            format!(
                "must have at most {max} {}, but has {count}",
                plural(max, "property", "properties")
            ),
        );
    }
}

/// Checks an inline `enum`: `value` must equal one of `allowed`, given as canonical JSON
/// texts.
pub fn check_allowed<T: serde::Serialize + ?Sized>(
    value: &T,
    allowed: &[&str],
    path: &Path,
    out: &mut Vec<Violation>,
) {
    let Some(text) = canonical_json(value) else {
        return;
    };
    if !allowed.contains(&text.as_str()) {
        report(
            path,
            out,
            ViolationKind::NotAllowed {
                allowed: allowed
                    .iter()
                    .map(|allowed| (*allowed).to_owned())
                    .collect(),
            },
            format!("must be one of {}, but is {text}", allowed.join(", ")),
        );
    }
}

/// Records [`ViolationKind::UnknownEnumValue`] for a value an enum does not list.
pub fn report_unknown_enum_value(value: &dyn fmt::Display, path: &Path, out: &mut Vec<Violation>) {
    let value = value.to_string();
    let message = format!("`{value}` is not one of the known values");
    report(
        path,
        out,
        ViolationKind::UnknownEnumValue { value },
        message,
    );
}

/// The JSON text of `value` with object keys sorted and whole floats written as
/// integers, so that equal JSON values give equal texts.
pub fn canonical_json<T: serde::Serialize + ?Sized>(value: &T) -> Option<String> {
    let mut value = serde_json::to_value(value).ok()?;
    canonicalize(&mut value);
    serde_json::to_string(&value).ok()
}

fn canonicalize(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(number) => {
            let whole = number
                .as_f64()
                .filter(|float| number.is_f64() && float.fract() == 0.0 && float.abs() < 9.0e15);
            if let Some(float) = whole {
                // Whole and below 2^53, so the conversion is exact.
                *number = serde_json::Number::from(float as i64);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(canonicalize),
        serde_json::Value::Object(map) => {
            map.values_mut().for_each(canonicalize);
            map.sort_keys();
        }
        serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::String(_) => {}
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_at(&self, path: &mut Path, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, path: &mut Path, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &mut Path, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_at(path, out);
        }
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_at(&self, path: &mut Path, out: &mut Vec<Violation>) {
        for (index, item) in self.iter().enumerate() {
            path.push_index(index);
            item.validate_at(path, out);
            path.pop();
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &mut Path, out: &mut Vec<Violation>) {
        self.as_slice().validate_at(path, out);
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, path: &mut Path, out: &mut Vec<Violation>) {
        for (key, value) in self {
            path.push_key(key);
            value.validate_at(path, out);
            path.pop();
        }
    }
}

macro_rules! always_valid {
    ($($ty:ty),* $(,)?) => {
        $(impl Validate for $ty {
            fn validate_at(&self, _path: &mut Path, _out: &mut Vec<Violation>) {}
        })*
    };
}

always_valid!(
    str,
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    usize,
    f32,
    f64,
    serde_json::Value,
    chrono::DateTime<chrono::FixedOffset>,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDate,
    uuid::Uuid,
    bytes::Bytes,
);
