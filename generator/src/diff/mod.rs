//! Compares two versions of a spec: what changes on the wire, and in the generated Rust.
//!
//! [`wire`] compares two [`ir::Api`] values and finds every change a user of the HTTP API
//! sees, each with a stable rule id and a [`Level`]. [`rust_api`] renders the crate both
//! specs generate and compares their public Rust surface, with a semver level for the
//! generated crate. [`report`] prints the result as markdown, JSON or GitHub annotations.
//!
//! # Model shape and semver
//!
//! A spec change that is compatible on the wire is minor in Rust only when the generated
//! types allow it: a field added to a struct whose fields are all public breaks struct
//! literals, and a variant added to an exhaustive enum breaks `match`. The Rust diff reads
//! `#[non_exhaustive]`, so structs marked with it (and built with `new(required...)` plus
//! `with_*` setters) take new optional fields as a minor change, and enums marked with it
//! take new variants as a minor change. Where the generated crate is not shaped that way,
//! the report says that a compatible wire change is still a breaking Rust change.
//!
//! # Rules
//!
#![doc = include_str!("rules.md")]

pub mod report;
pub mod rust_api;
pub mod wire;

#[cfg(test)]
mod tests;

use std::fmt;

use crate::error::Diagnostic;
use crate::{Error, Options, ir, load};

/// How a change affects the API's users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Existing clients keep working.
    Compatible,
    /// Some clients break: those that match exhaustively, validate strictly or rely on
    /// behaviour the spec did not promise.
    PossiblyBreaking,
    /// Existing clients break.
    Breaking,
}

impl Level {
    /// The level as JSON and `--fail-on` name it: `breaking`, `possibly-breaking`,
    /// `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::PossiblyBreaking => "possibly-breaking",
            Level::Compatible => "compatible",
        }
    }

    /// The level in words, capitalised, for tables.
    pub fn label(self) -> &'static str {
        match self {
            Level::Breaking => "Breaking",
            Level::PossiblyBreaking => "Possibly breaking",
            Level::Compatible => "Compatible",
        }
    }

    /// Levels from the most to the least severe.
    pub const ALL: [Level; 3] = [Level::Breaking, Level::PossiblyBreaking, Level::Compatible];
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares the rules once: the enum, its ids, levels and meanings.
macro_rules! rules {
    ($($variant:ident => $id:literal, $level:ident, $meaning:literal;)*) => {
        /// A kind of wire change. Each has a stable kebab-case id and a fixed level.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(
                #[doc = $meaning]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in the order of the rule table.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable kebab-case id.
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            /// How the change affects users.
            pub fn level(self) -> Level {
                match self {
                    $(Rule::$variant => Level::$level,)*
                }
            }

            /// What the rule means, in a sentence.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Rule::$variant => $meaning,)*
                }
            }
        }
    };
}

rules! {
    OperationAdded => "operation-added", Compatible,
        "An operation was added.";
    OperationRemoved => "operation-removed", Breaking,
        "An operation was removed.";
    OperationPathChanged => "operation-path-changed", Breaking,
        "An operation (matched by operationId) has a new method or path.";
    OperationDeprecated => "operation-deprecated", Compatible,
        "An operation was marked deprecated, with an `x-sunset` date.";
    OperationDeprecatedWithoutSunset => "operation-deprecated-without-sunset", PossiblyBreaking,
        "An operation was marked deprecated without an `x-sunset` date; clients are not told when it goes away.";
    OperationRemovedBeforeSunset => "operation-removed-before-sunset", Breaking,
        "A deprecated operation was removed before its `x-sunset` date.";
    OperationRemovedAfterSunset => "operation-removed-after-sunset", Compatible,
        "A deprecated operation was removed on or after its `x-sunset` date, as announced.";
    OperationStabilityDecreased => "operation-stability-decreased", Breaking,
        "An operation's `x-stability-level` went down (stable to beta, beta to alpha...).";
    OperationStabilityIncreased => "operation-stability-increased", Compatible,
        "An operation's `x-stability-level` went up, or was set.";
    OperationIdChanged => "operation-id-changed", Compatible,
        "An operation's operationId changed; generated names follow it.";
    ParameterAddedRequired => "parameter-added-required", Breaking,
        "A required parameter was added.";
    ParameterAddedOptional => "parameter-added-optional", Compatible,
        "An optional parameter was added.";
    ParameterRemoved => "parameter-removed", PossiblyBreaking,
        "A parameter was removed; servers ignore or reject it when clients still send it.";
    ParameterBecameRequired => "parameter-became-required", Breaking,
        "An optional parameter became required.";
    ParameterBecameOptional => "parameter-became-optional", Compatible,
        "A required parameter became optional.";
    ParameterTypeChanged => "parameter-type-changed", Breaking,
        "A parameter's type or format changed.";
    ParameterTypeWidened => "parameter-type-widened", Compatible,
        "A parameter accepts a wider type (integer to number, a format dropped, any value).";
    ParameterStyleChanged => "parameter-style-changed", Breaking,
        "A parameter's `style`, or the `explode` of an array or object parameter, changed; clients serialise it differently.";
    ParameterEnumValueRemoved => "parameter-enum-value-removed", Breaking,
        "A parameter accepts fewer enum values, or became an enum.";
    ParameterEnumValueAdded => "parameter-enum-value-added", Compatible,
        "A parameter accepts more enum values, or is no longer an enum.";
    ParameterNullableRemoved => "parameter-nullable-removed", Breaking,
        "A parameter no longer accepts null.";
    ParameterNullableAdded => "parameter-nullable-added", Compatible,
        "A parameter now accepts null.";
    ParameterMinLengthTightened => "parameter-min-length-tightened", Breaking,
        "A parameter's `minLength` got stricter (added or raised).";
    ParameterMinLengthRelaxed => "parameter-min-length-relaxed", Compatible,
        "A parameter's `minLength` got looser (removed or lowered).";
    ParameterMaxLengthTightened => "parameter-max-length-tightened", Breaking,
        "A parameter's `maxLength` got stricter (added or lowered).";
    ParameterMaxLengthRelaxed => "parameter-max-length-relaxed", Compatible,
        "A parameter's `maxLength` got looser (removed or raised).";
    ParameterMinimumTightened => "parameter-minimum-tightened", Breaking,
        "A parameter's `minimum` got stricter (added, raised or made exclusive).";
    ParameterMinimumRelaxed => "parameter-minimum-relaxed", Compatible,
        "A parameter's `minimum` got looser (removed, lowered or made inclusive).";
    ParameterMaximumTightened => "parameter-maximum-tightened", Breaking,
        "A parameter's `maximum` got stricter (added, lowered or made exclusive).";
    ParameterMaximumRelaxed => "parameter-maximum-relaxed", Compatible,
        "A parameter's `maximum` got looser (removed, raised or made inclusive).";
    ParameterMultipleOfTightened => "parameter-multiple-of-tightened", Breaking,
        "A parameter's `multipleOf` got stricter (added, or changed to a value the old one does not divide).";
    ParameterMultipleOfRelaxed => "parameter-multiple-of-relaxed", Compatible,
        "A parameter's `multipleOf` got looser (removed, or changed to a divisor of the old one).";
    ParameterMinItemsTightened => "parameter-min-items-tightened", Breaking,
        "A parameter's `minItems` got stricter (added or raised).";
    ParameterMinItemsRelaxed => "parameter-min-items-relaxed", Compatible,
        "A parameter's `minItems` got looser (removed or lowered).";
    ParameterMaxItemsTightened => "parameter-max-items-tightened", Breaking,
        "A parameter's `maxItems` got stricter (added or lowered).";
    ParameterMaxItemsRelaxed => "parameter-max-items-relaxed", Compatible,
        "A parameter's `maxItems` got looser (removed or raised).";
    ParameterUniqueItemsAdded => "parameter-unique-items-added", Breaking,
        "A parameter now needs unique items.";
    ParameterUniqueItemsRemoved => "parameter-unique-items-removed", Compatible,
        "A parameter no longer needs unique items.";
    ParameterPatternAdded => "parameter-pattern-added", Breaking,
        "A parameter's `pattern` was added.";
    ParameterPatternRemoved => "parameter-pattern-removed", Compatible,
        "A parameter's `pattern` was removed.";
    ParameterPatternChanged => "parameter-pattern-changed", PossiblyBreaking,
        "A parameter's pattern changed.";
    ParameterDefaultAdded => "parameter-default-added", Compatible,
        "An optional parameter got a `default`.";
    ParameterDefaultChanged => "parameter-default-changed", PossiblyBreaking,
        "An optional parameter's `default` changed; clients that omit it get other behaviour.";
    ParameterDefaultRemoved => "parameter-default-removed", PossiblyBreaking,
        "An optional parameter's `default` was removed; what omitting it means is no longer said.";
    ParameterDeprecated => "parameter-deprecated", Compatible,
        "A parameter was marked deprecated.";
    PathParameterRenamed => "path-parameter-renamed", Compatible,
        "A path parameter was renamed; the name is not on the wire.";
    RequestBodyAddedRequired => "request-body-added-required", Breaking,
        "A required request body was added.";
    RequestBodyAddedOptional => "request-body-added-optional", Compatible,
        "An optional request body was added.";
    RequestBodyRemoved => "request-body-removed", PossiblyBreaking,
        "The request body was removed; servers ignore or reject it when clients still send it.";
    RequestBodyBecameRequired => "request-body-became-required", Breaking,
        "An optional request body became required.";
    RequestBodyBecameOptional => "request-body-became-optional", Compatible,
        "A required request body became optional.";
    RequestMediaTypeRemoved => "request-media-type-removed", Breaking,
        "The request body no longer accepts a media type.";
    RequestMediaTypeAdded => "request-media-type-added", Compatible,
        "The request body accepts another media type.";
    RequestPropertyAddedRequired => "request-property-added-required", Breaking,
        "A required property was added to a request.";
    RequestPropertyAddedOptional => "request-property-added-optional", Compatible,
        "An optional property was added to a request.";
    RequestPropertyRemoved => "request-property-removed", PossiblyBreaking,
        "A request property was removed; servers ignore or reject it when clients still send it.";
    RequestPropertyBecameRequired => "request-property-became-required", Breaking,
        "An optional request property became required.";
    RequestPropertyBecameOptional => "request-property-became-optional", Compatible,
        "A required request property became optional.";
    RequestPropertyTypeChanged => "request-property-type-changed", Breaking,
        "A request value's type or format changed.";
    RequestPropertyTypeWidened => "request-property-type-widened", Compatible,
        "A request value accepts a wider type (integer to number, a format dropped, any value).";
    RequestPropertyEnumValueRemoved => "request-property-enum-value-removed", Breaking,
        "A request value accepts fewer enum values, JSON types or `oneOf`/`anyOf` branches, or became an enum.";
    RequestPropertyEnumValueAdded => "request-property-enum-value-added", Compatible,
        "A request value accepts more enum values, JSON types or `oneOf`/`anyOf` branches.";
    RequestPropertyMinLengthTightened => "request-property-min-length-tightened", Breaking,
        "A request value's `minLength` got stricter (added or raised).";
    RequestPropertyMinLengthRelaxed => "request-property-min-length-relaxed", Compatible,
        "A request value's `minLength` got looser (removed or lowered).";
    RequestPropertyMaxLengthTightened => "request-property-max-length-tightened", Breaking,
        "A request value's `maxLength` got stricter (added or lowered).";
    RequestPropertyMaxLengthRelaxed => "request-property-max-length-relaxed", Compatible,
        "A request value's `maxLength` got looser (removed or raised).";
    RequestPropertyMinimumTightened => "request-property-minimum-tightened", Breaking,
        "A request value's `minimum` got stricter (added, raised or made exclusive).";
    RequestPropertyMinimumRelaxed => "request-property-minimum-relaxed", Compatible,
        "A request value's `minimum` got looser (removed, lowered or made inclusive).";
    RequestPropertyMaximumTightened => "request-property-maximum-tightened", Breaking,
        "A request value's `maximum` got stricter (added, lowered or made exclusive).";
    RequestPropertyMaximumRelaxed => "request-property-maximum-relaxed", Compatible,
        "A request value's `maximum` got looser (removed, raised or made inclusive).";
    RequestPropertyMultipleOfTightened => "request-property-multiple-of-tightened", Breaking,
        "A request value's `multipleOf` got stricter (added, or changed to a value the old one does not divide).";
    RequestPropertyMultipleOfRelaxed => "request-property-multiple-of-relaxed", Compatible,
        "A request value's `multipleOf` got looser (removed, or changed to a divisor of the old one).";
    RequestPropertyMinItemsTightened => "request-property-min-items-tightened", Breaking,
        "A request value's `minItems` got stricter (added or raised).";
    RequestPropertyMinItemsRelaxed => "request-property-min-items-relaxed", Compatible,
        "A request value's `minItems` got looser (removed or lowered).";
    RequestPropertyMaxItemsTightened => "request-property-max-items-tightened", Breaking,
        "A request value's `maxItems` got stricter (added or lowered).";
    RequestPropertyMaxItemsRelaxed => "request-property-max-items-relaxed", Compatible,
        "A request value's `maxItems` got looser (removed or raised).";
    RequestPropertyUniqueItemsAdded => "request-property-unique-items-added", Breaking,
        "A request value now needs unique items.";
    RequestPropertyUniqueItemsRemoved => "request-property-unique-items-removed", Compatible,
        "A request value no longer needs unique items.";
    RequestPropertyPatternAdded => "request-property-pattern-added", Breaking,
        "A request value's `pattern` was added.";
    RequestPropertyPatternRemoved => "request-property-pattern-removed", Compatible,
        "A request value's `pattern` was removed.";
    RequestPropertyMinPropertiesTightened => "request-property-min-properties-tightened", Breaking,
        "A request value's `minProperties` got stricter (added or raised).";
    RequestPropertyMinPropertiesRelaxed => "request-property-min-properties-relaxed", Compatible,
        "A request value's `minProperties` got looser (removed or lowered).";
    RequestPropertyMaxPropertiesTightened => "request-property-max-properties-tightened", Breaking,
        "A request value's `maxProperties` got stricter (added or lowered).";
    RequestPropertyMaxPropertiesRelaxed => "request-property-max-properties-relaxed", Compatible,
        "A request value's `maxProperties` got looser (removed or raised).";
    RequestPropertyPatternChanged => "request-property-pattern-changed", PossiblyBreaking,
        "A request value's pattern changed.";
    RequestPropertyNullableRemoved => "request-property-nullable-removed", Breaking,
        "A request value no longer accepts null.";
    RequestPropertyNullableAdded => "request-property-nullable-added", Compatible,
        "A request value now accepts null.";
    RequestPropertyDefaultAdded => "request-property-default-added", Compatible,
        "An optional request property got a `default`.";
    RequestPropertyDefaultChanged => "request-property-default-changed", PossiblyBreaking,
        "An optional request property's `default` changed; clients that omit it get other behaviour.";
    RequestPropertyDefaultRemoved => "request-property-default-removed", PossiblyBreaking,
        "An optional request property's `default` was removed; what omitting it means is no longer said.";
    RequestAdditionalPropertiesTightened => "request-additional-properties-tightened", Breaking,
        "A request object no longer accepts additional properties, or accepts narrower ones.";
    RequestAdditionalPropertiesLoosened => "request-additional-properties-loosened", Compatible,
        "A request object accepts additional properties.";
    RequestDiscriminatorValueRemoved => "request-discriminator-value-removed", Breaking,
        "A request `oneOf` with a discriminator no longer accepts a tag value.";
    RequestDiscriminatorValueAdded => "request-discriminator-value-added", Compatible,
        "A request `oneOf` with a discriminator accepts another tag value.";
    RequestPropertyDeprecated => "request-property-deprecated", Compatible,
        "A request property was marked deprecated.";
    RequestPropertyBecameReadOnly => "request-property-became-read-only", PossiblyBreaking,
        "A request property became `readOnly`; servers ignore or reject it when clients still send it.";
    RequestPropertyBecameWritable => "request-property-became-writable", Compatible,
        "An optional property is no longer `readOnly`; clients may send it.";
    ResponseSuccessStatusAdded => "response-success-status-added", PossiblyBreaking,
        "A 2XX response status was added; clients may not handle it.";
    ResponseErrorStatusAdded => "response-error-status-added", Compatible,
        "A non-2XX response status was added.";
    ResponseSuccessStatusRemoved => "response-success-status-removed", Breaking,
        "A 2XX response status was removed.";
    ResponseErrorStatusRemoved => "response-error-status-removed", PossiblyBreaking,
        "A non-2XX response status was removed.";
    ResponseMediaTypeAdded => "response-media-type-added", Compatible,
        "A response has another media type, or a body where it had none.";
    ResponseMediaTypeRemoved => "response-media-type-removed", Breaking,
        "A response no longer has a media type.";
    ResponsePropertyAdded => "response-property-added", Compatible,
        "A property was added to a response.";
    ResponsePropertyRemoved => "response-property-removed", Breaking,
        "A required response property was removed.";
    ResponseOptionalPropertyRemoved => "response-optional-property-removed", PossiblyBreaking,
        "An optional response property was removed.";
    ResponsePropertyBecameOptional => "response-property-became-optional", Breaking,
        "A required response property became optional.";
    ResponsePropertyBecameRequired => "response-property-became-required", Compatible,
        "An optional response property became required.";
    ResponsePropertyBecameNullable => "response-property-became-nullable", Breaking,
        "A response value may now be null.";
    ResponsePropertyNullableRemoved => "response-property-nullable-removed", Compatible,
        "A response value is no longer null.";
    ResponsePropertyTypeChanged => "response-property-type-changed", Breaking,
        "A response value's (body or header) type or format changed.";
    ResponsePropertyTypeNarrowed => "response-property-type-narrowed", Compatible,
        "A response value has a narrower type (number to integer, a format added).";
    ResponsePropertyEnumValueAdded => "response-property-enum-value-added", PossiblyBreaking,
        "A response value has a new enum value, JSON type or `oneOf`/`anyOf` branch; exhaustive matches break.";
    ResponsePropertyExtensibleValueAdded => "response-property-extensible-value-added", Compatible,
        "A response enum marked `x-extensible-enum` has a new value; clients were told to accept unlisted values.";
    ResponsePropertyEnumValueRemoved => "response-property-enum-value-removed", Compatible,
        "A response value has fewer enum values, JSON types or `oneOf`/`anyOf` branches.";
    ResponsePropertyMinLengthTightened => "response-property-min-length-tightened", Compatible,
        "A response value's `minLength` got stricter (added or raised).";
    ResponsePropertyMinLengthRelaxed => "response-property-min-length-relaxed", PossiblyBreaking,
        "A response value's `minLength` got looser (removed or lowered); clients that validate may reject values.";
    ResponsePropertyMaxLengthTightened => "response-property-max-length-tightened", Compatible,
        "A response value's `maxLength` got stricter (added or lowered).";
    ResponsePropertyMaxLengthRelaxed => "response-property-max-length-relaxed", PossiblyBreaking,
        "A response value's `maxLength` got looser (removed or raised); clients that validate may reject values.";
    ResponsePropertyMinimumTightened => "response-property-minimum-tightened", Compatible,
        "A response value's `minimum` got stricter (added, raised or made exclusive).";
    ResponsePropertyMinimumRelaxed => "response-property-minimum-relaxed", PossiblyBreaking,
        "A response value's `minimum` got looser (removed, lowered or made inclusive); clients that validate may reject values.";
    ResponsePropertyMaximumTightened => "response-property-maximum-tightened", Compatible,
        "A response value's `maximum` got stricter (added, lowered or made exclusive).";
    ResponsePropertyMaximumRelaxed => "response-property-maximum-relaxed", PossiblyBreaking,
        "A response value's `maximum` got looser (removed, raised or made inclusive); clients that validate may reject values.";
    ResponsePropertyMultipleOfTightened => "response-property-multiple-of-tightened", Compatible,
        "A response value's `multipleOf` got stricter (added, or changed to a value the old one does not divide).";
    ResponsePropertyMultipleOfRelaxed => "response-property-multiple-of-relaxed", PossiblyBreaking,
        "A response value's `multipleOf` got looser (removed, or changed to a divisor of the old one); clients that validate may reject values.";
    ResponsePropertyMinItemsTightened => "response-property-min-items-tightened", Compatible,
        "A response value's `minItems` got stricter (added or raised).";
    ResponsePropertyMinItemsRelaxed => "response-property-min-items-relaxed", PossiblyBreaking,
        "A response value's `minItems` got looser (removed or lowered); clients that validate may reject values.";
    ResponsePropertyMaxItemsTightened => "response-property-max-items-tightened", Compatible,
        "A response value's `maxItems` got stricter (added or lowered).";
    ResponsePropertyMaxItemsRelaxed => "response-property-max-items-relaxed", PossiblyBreaking,
        "A response value's `maxItems` got looser (removed or raised); clients that validate may reject values.";
    ResponsePropertyUniqueItemsAdded => "response-property-unique-items-added", Compatible,
        "A response value now needs unique items.";
    ResponsePropertyUniqueItemsRemoved => "response-property-unique-items-removed", PossiblyBreaking,
        "A response value no longer needs unique items; clients that validate may reject values.";
    ResponsePropertyPatternAdded => "response-property-pattern-added", Compatible,
        "A response value's `pattern` was added.";
    ResponsePropertyPatternRemoved => "response-property-pattern-removed", PossiblyBreaking,
        "A response value's `pattern` was removed; clients that validate may reject values.";
    ResponsePropertyMinPropertiesTightened => "response-property-min-properties-tightened", Compatible,
        "A response value's `minProperties` got stricter (added or raised).";
    ResponsePropertyMinPropertiesRelaxed => "response-property-min-properties-relaxed", PossiblyBreaking,
        "A response value's `minProperties` got looser (removed or lowered); clients that validate may reject values.";
    ResponsePropertyMaxPropertiesTightened => "response-property-max-properties-tightened", Compatible,
        "A response value's `maxProperties` got stricter (added or lowered).";
    ResponsePropertyMaxPropertiesRelaxed => "response-property-max-properties-relaxed", PossiblyBreaking,
        "A response value's `maxProperties` got looser (removed or raised); clients that validate may reject values.";
    ResponsePropertyPatternChanged => "response-property-pattern-changed", PossiblyBreaking,
        "A response value's pattern changed.";
    ResponseAdditionalPropertiesLoosened => "response-additional-properties-loosened", PossiblyBreaking,
        "A response object may carry additional properties; clients that refuse unknown properties break.";
    ResponseAdditionalPropertiesTightened => "response-additional-properties-tightened", Compatible,
        "A response object no longer carries additional properties.";
    ResponseDiscriminatorValueAdded => "response-discriminator-value-added", PossiblyBreaking,
        "A response `oneOf` with a discriminator has another tag value; exhaustive matches break.";
    ResponseDiscriminatorValueRemoved => "response-discriminator-value-removed", Compatible,
        "A response `oneOf` with a discriminator has one tag value fewer.";
    DiscriminatorPropertyChanged => "discriminator-property-changed", Breaking,
        "A `oneOf`'s discriminator property changed; the tag is read from another property.";
    ResponsePropertyDeprecated => "response-property-deprecated", Compatible,
        "A response property was marked deprecated; clients should stop relying on it.";
    ResponsePropertyBecameWriteOnly => "response-property-became-write-only", Breaking,
        "A response property became `writeOnly`; servers no longer send it.";
    ResponsePropertyBecameReadable => "response-property-became-readable", Compatible,
        "A property is no longer `writeOnly`; responses include it.";
    ResponseHeaderAdded => "response-header-added", Compatible,
        "A response header was added.";
    ResponseHeaderRemoved => "response-header-removed", Breaking,
        "A required response header was removed.";
    ResponseOptionalHeaderRemoved => "response-optional-header-removed", PossiblyBreaking,
        "An optional response header was removed.";
    ResponseHeaderBecameOptional => "response-header-became-optional", Breaking,
        "A required response header became optional.";
    ResponseHeaderBecameRequired => "response-header-became-required", Compatible,
        "An optional response header became required.";
    SecurityRequirementAdded => "security-requirement-added", Breaking,
        "An operation that needed no authentication now needs it.";
    SecurityRequirementRemoved => "security-requirement-removed", Compatible,
        "An operation no longer needs authentication.";
    SecurityAlternativeAdded => "security-alternative-added", Compatible,
        "An operation accepts another set of security schemes.";
    SecurityAlternativeRemoved => "security-alternative-removed", Breaking,
        "An operation no longer accepts a set of security schemes.";
    SecurityScopesAdded => "security-scopes-added", Breaking,
        "A security scheme of an operation needs more scopes.";
    SecurityScopesRemoved => "security-scopes-removed", Compatible,
        "A security scheme of an operation needs fewer scopes.";
    SecuritySchemeChanged => "security-scheme-changed", Breaking,
        "A security scheme changed kind or where its credential goes.";
    SchemaAdded => "schema-added", Compatible,
        "A schema was added to components.";
    SchemaRemoved => "schema-removed", PossiblyBreaking,
        "A schema was removed from components; code generated from it loses the type.";
    SchemaRenamed => "schema-renamed", Compatible,
        "A schema was renamed (same structure, new name); the wire is unchanged, generated type names change.";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One change on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub rule: Rule,
    /// The operation as `METHOD /path` (the new one when both exist), or `None` for a
    /// change to components (schemas, security schemes).
    pub operation: Option<String>,
    /// Where in the operation, e.g. `request body: addresses[].contact.email` or
    /// `response 200: state`; empty for the operation itself.
    pub location: String,
    /// What changed, in a sentence.
    pub message: String,
    /// A JSON pointer into the new spec near the change, when there is one.
    pub pointer: Option<String>,
}

impl Change {
    /// The rule's level.
    pub fn level(&self) -> Level {
        self.rule.level()
    }
}

/// The most severe level among `changes`, or `None` when there are none.
pub fn worst_level(changes: &[Change]) -> Option<Level> {
    changes.iter().map(Change::level).max()
}

/// Which of the two specs something concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Old => "old",
            Side::New => "new",
        })
    }
}

/// Why a diff could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A spec lowered but the generator refused to emit it.
    #[error("the {side} spec: {error}")]
    Spec {
        side: Side,
        #[source]
        error: Error,
    },
    /// Generating or reading the generated crate failed: a bug in the generator.
    #[error("the crate generated from the {side} spec: {message}")]
    Generate { side: Side, message: String },
}

/// A spec the generator refuses, so that the crate it would generate is unknown.
#[derive(Debug, Clone)]
pub struct Unlowered {
    pub side: Side,
    /// Every lowering problem, sorted; reports show the first few.
    pub errors: Vec<Diagnostic>,
}

/// Everything the diff of two specs found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Title and version of the old and the new API.
    pub old_api: String,
    pub new_api: String,
    /// Wire changes, operation by operation in the order found.
    pub wire: Vec<Change>,
    /// Changes to the generated crate's public API, or the sides that do not lower (the
    /// wire comparison then ran on what lowering could build, each schema that did not
    /// lower read as "any value").
    pub rust: Result<rust_api::RustDiff, Vec<Unlowered>>,
}

impl Report {
    /// The most severe wire level, or `None` when the wire did not change.
    pub fn wire_level(&self) -> Option<Level> {
        worst_level(&self.wire)
    }

    /// Whether every wire change is compatible while the generated crate needs a major
    /// release.
    pub fn compatible_on_wire_but_breaking_in_rust(&self) -> bool {
        matches!(self.wire_level(), None | Some(Level::Compatible))
            && self
                .rust
                .as_ref()
                .is_ok_and(|rust| rust.semver == rust_api::Semver::Major)
    }

    /// How many wire changes there are at `level`.
    pub fn count(&self, level: Level) -> usize {
        self.wire
            .iter()
            .filter(|change| change.level() == level)
            .count()
    }
}

/// Compares two loaded specs on the wire and in the crate each generates with `options`.
///
/// A spec the generator refuses is still compared on the wire, as far as it lowers; the
/// Rust impact is then not computed, and the report says why.
pub fn diff_documents(
    old: &load::Document,
    new: &load::Document,
    options: &Options,
) -> Result<Report, DiffError> {
    let old_lowered = crate::lower::lower_tolerant(old);
    let new_lowered = crate::lower::lower_tolerant(new);
    let wire = wire::diff(&old_lowered.api, &new_lowered.api);
    let unlowered: Vec<Unlowered> = [(Side::Old, &old_lowered), (Side::New, &new_lowered)]
        .into_iter()
        .filter(|(_, lowered)| !lowered.errors.is_empty())
        .map(|(side, lowered)| Unlowered {
            side,
            errors: lowered.errors.clone(),
        })
        .collect();
    let rust = if unlowered.is_empty() {
        let old_surface = generated_surface(old, &old_lowered.api, options, Side::Old)?;
        let new_surface = generated_surface(new, &new_lowered.api, options, Side::New)?;
        Ok(rust_api::diff(&old_surface, &new_surface))
    } else {
        Err(unlowered)
    };
    Ok(Report {
        old_api: api_label(&old_lowered.api),
        new_api: api_label(&new_lowered.api),
        wire,
        rust,
    })
}

/// `Title version`, for the report's heading.
fn api_label(api: &ir::Api) -> String {
    format!("{} {}", api.title, api.version)
}

/// The public surface of the crate generated from `api`, lowered from `document`.
fn generated_surface(
    document: &load::Document,
    api: &ir::Api,
    options: &Options,
    side: Side,
) -> Result<rust_api::Surface, DiffError> {
    let output = crate::generate_lowered(document, api, options).map_err(|error| match error {
        Error::Render { .. } => DiffError::Generate {
            side,
            message: error.to_string(),
        },
        error => DiffError::Spec { side, error },
    })?;
    let files: Vec<(&str, &str)> = output
        .files
        .iter()
        .map(|file| (file.path.as_str(), file.contents.as_str()))
        .collect();
    rust_api::Surface::from_files(&files).map_err(|message| DiffError::Generate { side, message })
}
