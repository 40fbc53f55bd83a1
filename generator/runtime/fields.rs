//! Serde support for the fields of the generated models.
//!
//! An optional property that the API description does not mark `nullable` may be left
//! out, but not sent as `null`. Decoding is tolerant by default: real APIs send nulls
//! they do not declare, so such a `null` reads as absent. The server is strict: it
//! decodes request bodies inside [`refusing_nulls`], where [`reject_null`] refuses the
//! `null` with an `invalid type` error at its path.
//!
//! A required property that is `nullable` must be present, but may be `null`. Serde reads
//! an absent `Option` as `None`, unless the field has its own decoder and no default: such
//! fields are decoded with [`nullable`], so that an absent one is a `missing field` error.
//!
//! String enums keep values they do not list; they decode through their `FromStr` with
//! [`deserialize_string_enum`].

use std::cell::Cell;
use std::convert::Infallible;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{Deserialize, Deserializer, Error, Unexpected, Visitor};

thread_local! {
    /// Whether [`reject_null`] refuses `null` on this thread: only inside [`refusing_nulls`].
    static REFUSING_NULLS: Cell<bool> = const { Cell::new(false) };
}

/// Runs `decode` (a synchronous decoding call) with `null` refused on optional properties
/// that are not nullable, as a server checks requests. Outside it, such a `null` reads as
/// absent, as a tolerant client reads answers.
pub fn refusing_nulls<R>(decode: impl FnOnce() -> R) -> R {
    /// Puts the previous mode back, also when `decode` unwinds.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            REFUSING_NULLS.with(|mode| mode.set(self.0));
        }
    }
    let _restore = Restore(REFUSING_NULLS.with(|mode| mode.replace(true)));
    decode()
}

/// Decodes an optional property that the spec does not let be `null`: a value gives
/// `Some`; `null` gives `None`, or an `invalid type` error inside [`refusing_nulls`]. Use
/// it with `#[serde(default)]`, which gives `None` when the property is absent.
pub fn reject_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_option(NotNull(PhantomData))
}

/// Decodes a required property that may be `null`: `null` gives `None`, a value `Some`.
/// Use it without `#[serde(default)]`, so that an absent property is an error.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// The visitor of [`reject_null`]: anything but `null`, decoded as `T`.
struct NotNull<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for NotNull<T> {
    type Value = Option<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a value (the property is not nullable)")
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        if REFUSING_NULLS.with(Cell::get) {
            Err(E::invalid_type(Unexpected::Unit, &self))
        } else {
            Ok(None)
        }
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::deserialize(deserializer).map(Some)
    }
}

/// Decodes a string enum through its `FromStr`, which never fails: a value the enum does
/// not list becomes its catch-all variant. The string is borrowed from the input where the
/// format allows, so a listed value is read without allocating.
pub fn deserialize_string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err = Infallible>,
{
    deserializer.deserialize_str(StringEnum(PhantomData))
}

/// Decodes an enum variant of an untagged union that decodes only the values the enum
/// lists: an unlisted value is an error, so that decoding goes on to the next variant.
pub fn deserialize_listed<'de, D, T>(deserializer: D, listed: &[T]) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + PartialEq,
{
    let value = T::deserialize(deserializer)?;
    if listed.contains(&value) {
        Ok(value)
    } else {
        Err(D::Error::custom("a value the enum does not list"))
    }
}

/// A string enum's value for `text`, listed or not.
pub fn parse_string_enum<T: FromStr<Err = Infallible>>(text: &str) -> T {
    match text.parse() {
        Ok(value) => value,
        Err(never) => match never {},
    }
}

/// The visitor of [`deserialize_string_enum`]: any string.
struct StringEnum<T>(PhantomData<T>);

impl<T: FromStr<Err = Infallible>> Visitor<'_> for StringEnum<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(parse_string_enum(value))
    }
}
