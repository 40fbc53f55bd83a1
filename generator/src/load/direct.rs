//! Reading YAML straight into JSON values, without `serde_yaml::Value` in between, and
//! counting the values a document expands to through aliases against a budget.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::Deserialize;
use serde::de::{
    DeserializeSeed, EnumAccess, Error as _, IgnoredAny, MapAccess, SeqAccess, VariantAccess as _,
};
use serde_json::Value;

/// JSON read straight from YAML, without the `serde_yaml::Value` in between: about twice
/// as fast. It refuses what only [`parse_yaml`] converts faithfully (merge keys, tags,
/// non-finite floats, keys other than strings, integers, booleans and null) and duplicate
/// keys; the loader then takes that general path, which also words the errors.
#[derive(Debug)]
pub(super) struct DirectJson(pub(super) Value);

/// Reads `text` as [`DirectJson`], counting its values against the budget of a document
/// of `budget_of` bytes; on failure, the error and where in the document it happened.
pub(super) fn read_direct(
    text: &str,
    budget_of: usize,
) -> Result<DirectJson, (serde_yaml::Error, String)> {
    let reader = Reader::new(budget_of);
    DirectSeed(&reader)
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .map(DirectJson)
        .map_err(|error| (error, reader.pointer()))
}

/// Counts the values of `text` as the general path would make them, aliases expanded,
/// without keeping them: an error when they exceed the budget of `text` (or when the
/// text does not read, which the general path then reports).
pub(super) fn count_values(text: &str) -> Result<(), (serde_yaml::Error, String)> {
    let reader = Reader::new(text.len());
    CountSeed(&reader)
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .map_err(|error| (error, reader.pointer()))
}

/// The most values a document of `bytes` bytes may expand to through aliases: a million,
/// and two for each byte (a value written out takes at least two bytes). So that an alias
/// bomb costs time and memory in proportion to its size.
pub(super) fn value_budget(bytes: usize) -> usize {
    1_000_000_usize.saturating_add(bytes.saturating_mul(2))
}

/// What the error of a document whose aliases expand past [`value_budget`] says.
pub(super) const EXPANSION: &str = "aliases expand the document to too many values";

/// One step of the path from the root to the value being read.
#[derive(Debug)]
enum TrailStep {
    Key(String),
    Index(usize),
}

/// What reading YAML keeps beside the values: the path to the value being read (left
/// where reading failed, to locate errors the parser gives no position for, such as its
/// limit on aliases) and how many values have been read, against a budget.
#[derive(Debug)]
struct Reader {
    trail: RefCell<Vec<TrailStep>>,
    values: Cell<usize>,
    budget: usize,
}

impl Reader {
    fn new(bytes: usize) -> Self {
        Reader {
            trail: RefCell::new(Vec::new()),
            values: Cell::new(0),
            budget: value_budget(bytes),
        }
    }

    /// Counts one more value; an error past the budget.
    fn count<E: serde::de::Error>(&self) -> Result<(), E> {
        let values = self.values.get() + 1;
        self.values.set(values);
        if values > self.budget {
            return Err(E::custom(EXPANSION));
        }
        Ok(())
    }

    /// The JSON pointer of the trail (`#/a/0`).
    fn pointer(&self) -> String {
        self.trail
            .borrow()
            .iter()
            .fold("#".to_owned(), |pointer, step| match step {
                TrailStep::Key(key) => crate::pointer::push(&pointer, key),
                TrailStep::Index(index) => crate::pointer::push(&pointer, &index.to_string()),
            })
    }

    /// Reads the next item of a sequence, its index on the trail while it is read.
    fn item<'de, A: SeqAccess<'de>, S: DeserializeSeed<'de>>(
        &self,
        seq: &mut A,
        index: usize,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        self.trail.borrow_mut().push(TrailStep::Index(index));
        let item = seq.next_element_seed(seed)?;
        self.trail.borrow_mut().pop();
        Ok(item)
    }

    /// Reads the value of `key` in a mapping, the key on the trail while it is read, and
    /// gives the key back.
    fn entry<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
        &self,
        map: &mut A,
        key: String,
        seed: S,
    ) -> Result<(String, S::Value), A::Error> {
        self.trail.borrow_mut().push(TrailStep::Key(key));
        let value = map.next_value_seed(seed)?;
        match self.trail.borrow_mut().pop() {
            Some(TrailStep::Key(key)) => Ok((key, value)),
            _ => Err(A::Error::custom("the reader lost its place")),
        }
    }
}

/// Reads one JSON value of [`DirectJson`].
struct DirectSeed<'r>(&'r Reader);

impl<'de> DeserializeSeed<'de> for DirectSeed<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.0.count()?;
        deserializer.deserialize_any(DirectValue(self.0))
    }
}

/// Builds one JSON value of [`DirectJson`].
struct DirectValue<'r>(&'r Reader);

impl<'de> serde::de::Visitor<'de> for DirectValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value that is also JSON")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    // Integers beyond 64 bits (`minimum: -9223372036854776000`) are read as floats, which
    // are finite (`u128::MAX` is about 3.4e38).
    fn visit_i128<E: serde::de::Error>(self, value: i128) -> Result<Value, E> {
        self.visit_f64(value as f64)
    }

    fn visit_u128<E: serde::de::Error>(self, value: u128) -> Result<Value, E> {
        self.visit_f64(value as f64)
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a non-finite number"))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, inner: D) -> Result<Value, D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = self.0.item(&mut seq, items.len(), DirectSeed(self.0))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(DirectKey(key)) = map.next_key()? {
            if key == "<<" {
                return Err(A::Error::custom("a merge key"));
            }
            let (key, value) = self.0.entry(&mut map, key, DirectSeed(self.0))?;
            if object.insert(key, value).is_some() {
                return Err(A::Error::custom("a duplicate key"));
            }
        }
        Ok(Value::Object(object))
    }
}

/// Counts the values of one YAML value and everything in it, tags and merge keys
/// included, as [`count_values`] does.
struct CountSeed<'r>(&'r Reader);

impl<'de> DeserializeSeed<'de> for CountSeed<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0.count()?;
        deserializer.deserialize_any(CountValue(self.0))
    }
}

/// Reads a mapping key for [`CountSeed`]: a scalar as [`yaml_to_json`] spells it, and
/// anything else counted and spelled `?`.
struct KeySeed<'r>(&'r Reader);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = String;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        self.0.count()?;
        deserializer.deserialize_any(KeyValue(self.0))
    }
}

/// Visits one key for [`KeySeed`].
struct KeyValue<'r>(&'r Reader);

impl<'de> serde::de::Visitor<'de> for KeyValue<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E>(self, value: f64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_str<E>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, inner: D) -> Result<String, D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        CountValue(self.0).visit_seq(seq).map(|()| "?".to_owned())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        CountValue(self.0).visit_map(map).map(|()| "?".to_owned())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        CountValue(self.0).visit_enum(data).map(|()| "?".to_owned())
    }
}

/// Visits one value for [`CountSeed`].
struct CountValue<'r>(&'r Reader);

impl<'de> serde::de::Visitor<'de> for CountValue<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_i128<E>(self, _: i128) -> Result<(), E> {
        Ok(())
    }

    fn visit_u128<E>(self, _: u128) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, inner: D) -> Result<(), D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, inner: D) -> Result<(), D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while self.0.item(&mut seq, index, CountSeed(self.0))?.is_some() {
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            self.0.entry(&mut map, key, CountSeed(self.0))?;
        }
        Ok(())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value: the tag is the variant, the value its content.
        let (IgnoredAny, content) = data.variant::<IgnoredAny>()?;
        content.newtype_variant_seed(CountSeed(self.0))
    }
}

/// A mapping key of [`DirectJson`], spelled as [`yaml_to_json`] spells it.
struct DirectKey(String);

impl<'de> Deserialize<'de> for DirectKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(DirectKeyVisitor)
            .map(DirectKey)
    }
}

/// Reads one [`DirectKey`].
struct DirectKeyVisitor;

impl serde::de::Visitor<'_> for DirectKeyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, integer, boolean or null key")
    }

    fn visit_bool<E>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_str<E>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
}
