//! Comparison of two uses of a type: kind, nullability, enum values, limits, and the
//! fields and variants of named types, visited once per pair and direction.

use super::defaults;
use super::limits::{Limit, constraint_changes, lower_bound, upper_bound};
use super::place::Place;
use super::value::{Base, Ctx, Kind, named_ty, resolve, value_rule};
use super::{Rule, Walk, code_list, plural};
use crate::ir;

impl<'a> Walk<'a> {
    /// Compares two uses of a type in the same place.
    pub(super) fn value<'t>(
        &mut self,
        old_ty: &'t ir::Ty,
        new_ty: &'t ir::Ty,
        old_fixed: Option<&str>,
        new_fixed: Option<&str>,
        ctx: Ctx,
        place: &Place,
    ) {
        let old = resolve(&self.old, old_ty, old_fixed);
        let new = resolve(&self.new, new_ty, new_fixed);
        if matches!(old.base, Base::Untagged(..)) || matches!(new.base, Base::Untagged(..)) {
            self.union_values(old_ty, new_ty, ctx, place);
            return;
        }
        if !old.base.same_kind(&new.base) {
            let kind = if old.base.widens_to(&new.base) {
                Kind::TypeWidened
            } else if new.base.widens_to(&old.base) {
                Kind::TypeNarrowed
            } else {
                Kind::TypeChanged
            };
            self.push(
                value_rule(ctx, kind),
                place,
                format!(
                    "type changed from {} to {}",
                    old.base.describe(&self.old),
                    new.base.describe(&self.new)
                ),
            );
            return;
        }
        if old.nullable && !new.nullable {
            self.push(
                value_rule(ctx, Kind::NullableRemoved),
                place,
                "null is no longer allowed".to_owned(),
            );
        } else if !old.nullable && new.nullable {
            self.push(
                value_rule(ctx, Kind::NullableAdded),
                place,
                "null is now allowed".to_owned(),
            );
        }
        self.enum_values(
            old.enum_values.as_deref(),
            new.enum_values.as_deref(),
            old.extensible,
            ctx,
            place,
        );
        let mut limits = Vec::new();
        constraint_changes(old.constraints, new.constraints, &mut limits);
        for (kind, message) in limits {
            self.push(value_rule(ctx, kind), place, message);
        }
        match (old.base, new.base) {
            (Base::Array(old_item), Base::Array(new_item)) => {
                self.value(old_item, new_item, None, None, ctx, &place.items());
            }
            (Base::Map(old_value), Base::Map(new_value)) => {
                self.value(old_value, new_value, None, None, ctx, &place.values());
            }
            (Base::Struct(old_name, old_struct), Base::Struct(new_name, new_struct))
                if self.first_visit(old_name, new_name, ctx) =>
            {
                let place = &place.at(self.new.get(new_name).map(|def| def.pointer.clone()));
                self.structs(old_struct, new_struct, ctx.nested(), place);
            }
            (Base::Tagged(old_name, old_union), Base::Tagged(new_name, new_union))
                if self.first_visit(old_name, new_name, ctx) =>
            {
                let place = &place.at(self.new.get(new_name).map(|def| def.pointer.clone()));
                self.tagged(old_union, new_union, ctx.nested(), place);
            }
            _ => {}
        }
    }

    /// Records a visit of a pair of named types; `false` when it was already visited.
    pub(super) fn first_visit(&mut self, old: &str, new: &str, ctx: Ctx) -> bool {
        self.visited
            .insert((old.to_owned(), new.to_owned(), ctx.is_request()))
    }

    /// Compares enum values; `extensible` says the old enum is marked `x-extensible-enum`,
    /// so that clients already accept values it does not list.
    pub(super) fn enum_values(
        &mut self,
        old: Option<&[String]>,
        new: Option<&[String]>,
        extensible: bool,
        ctx: Ctx,
        place: &Place,
    ) {
        match (old, new) {
            (None, None) => {}
            (None, Some(new)) => self.push(
                value_rule(ctx, Kind::EnumNarrowed),
                place,
                format!("now limited to the enum values {}", code_list(new)),
            ),
            (Some(_), None) => self.push(
                value_rule(ctx, Kind::EnumWidened),
                place,
                "no longer limited to enum values".to_owned(),
            ),
            (Some(old), Some(new)) => {
                let removed: Vec<&String> = old.iter().filter(|v| !new.contains(v)).collect();
                let added: Vec<&String> = new.iter().filter(|v| !old.contains(v)).collect();
                if !removed.is_empty() {
                    self.push(
                        value_rule(ctx, Kind::EnumNarrowed),
                        place,
                        format!(
                            "enum {} {} removed",
                            plural(removed.len(), "value", "values"),
                            code_list(removed)
                        ),
                    );
                }
                if !added.is_empty() {
                    let rule = if extensible && ctx == Ctx::Response {
                        Rule::ResponsePropertyExtensibleValueAdded
                    } else {
                        value_rule(ctx, Kind::EnumWidened)
                    };
                    self.push(
                        rule,
                        place,
                        format!(
                            "enum {} {} added",
                            plural(added.len(), "value", "values"),
                            code_list(added)
                        ),
                    );
                }
            }
        }
    }

    fn structs(&mut self, old: &ir::Struct, new: &ir::Struct, ctx: Ctx, place: &Place) {
        let request = ctx.is_request();
        let visible = |field: &&ir::Field| {
            if request {
                !field.read_only
            } else {
                !field.write_only
            }
        };
        let new_fields: Vec<&ir::Field> = new.fields.iter().filter(visible).collect();
        let old_fields: Vec<&ir::Field> = old.fields.iter().filter(visible).collect();
        for old_field in &old_fields {
            let field_place = place.field(&old_field.name.wire);
            let wire = &old_field.name.wire;
            match new_fields.iter().find(|field| field.name.wire == *wire) {
                None if new.fields.iter().any(|field| field.name.wire == *wire) => {
                    let (rule, keyword) = if request {
                        (Rule::RequestPropertyBecameReadOnly, "readOnly")
                    } else {
                        (Rule::ResponsePropertyBecameWriteOnly, "writeOnly")
                    };
                    self.push(
                        rule,
                        &field_place,
                        format!("property `{wire}` became `{keyword}`"),
                    );
                }
                None => {
                    let rule = match (request, old_field.required) {
                        (true, _) => Rule::RequestPropertyRemoved,
                        (false, true) => Rule::ResponsePropertyRemoved,
                        (false, false) => Rule::ResponseOptionalPropertyRemoved,
                    };
                    let word = if old_field.required {
                        "required"
                    } else {
                        "optional"
                    };
                    self.push(
                        rule,
                        &field_place,
                        format!("{word} property `{wire}` was removed"),
                    );
                }
                Some(new_field) => {
                    match (old_field.required, new_field.required, request) {
                        (false, true, true) => self.push(
                            Rule::RequestPropertyBecameRequired,
                            &field_place,
                            format!("property `{wire}` became required"),
                        ),
                        (true, false, true) => self.push(
                            Rule::RequestPropertyBecameOptional,
                            &field_place,
                            format!("property `{wire}` became optional"),
                        ),
                        (false, true, false) => self.push(
                            Rule::ResponsePropertyBecameRequired,
                            &field_place,
                            format!("property `{wire}` became required"),
                        ),
                        (true, false, false) => self.push(
                            Rule::ResponsePropertyBecameOptional,
                            &field_place,
                            format!("property `{wire}` became optional"),
                        ),
                        _ => {}
                    }
                    if !old_field.docs.deprecated && new_field.docs.deprecated {
                        let rule = if request {
                            Rule::RequestPropertyDeprecated
                        } else {
                            Rule::ResponsePropertyDeprecated
                        };
                        self.push(
                            rule,
                            &field_place,
                            format!("property `{wire}` is deprecated"),
                        );
                    }
                    if request && !new_field.required {
                        self.default_value(
                            old_field.default.as_ref(),
                            new_field.default.as_ref(),
                            &defaults::REQUEST_PROPERTY,
                            &field_place,
                        );
                    }
                    self.value(&old_field.ty, &new_field.ty, None, None, ctx, &field_place);
                }
            }
        }
        for new_field in &new_fields {
            let wire = &new_field.name.wire;
            if old_fields.iter().any(|field| field.name.wire == *wire) {
                continue;
            }
            if old.fields.iter().any(|field| field.name.wire == *wire) {
                let (rule, keyword) = match (request, new_field.required) {
                    (true, true) => (Rule::RequestPropertyAddedRequired, "readOnly"),
                    (true, false) => (Rule::RequestPropertyBecameWritable, "readOnly"),
                    (false, _) => (Rule::ResponsePropertyBecameReadable, "writeOnly"),
                };
                self.push(
                    rule,
                    &place.field(wire),
                    format!("property `{wire}` is no longer `{keyword}`"),
                );
                continue;
            }
            let rule = match (request, new_field.required) {
                (true, true) => Rule::RequestPropertyAddedRequired,
                (true, false) => Rule::RequestPropertyAddedOptional,
                (false, _) => Rule::ResponsePropertyAdded,
            };
            let word = if new_field.required {
                "required"
            } else {
                "optional"
            };
            self.push(
                rule,
                &place.field(wire),
                format!("{word} property `{wire}` was added"),
            );
        }
        let mut limits = Vec::new();
        lower_bound(
            Limit::MinProperties,
            old.min_properties,
            new.min_properties,
            &mut limits,
        );
        upper_bound(
            Limit::MaxProperties,
            old.max_properties,
            new.max_properties,
            &mut limits,
        );
        for (kind, message) in limits {
            self.push(value_rule(ctx, kind), place, message);
        }
        let (tightened, loosened) = if request {
            (
                Rule::RequestAdditionalPropertiesTightened,
                Rule::RequestAdditionalPropertiesLoosened,
            )
        } else {
            (
                Rule::ResponseAdditionalPropertiesTightened,
                Rule::ResponseAdditionalPropertiesLoosened,
            )
        };
        match (&old.additional_properties, &new.additional_properties) {
            (Some(old_value), Some(new_value)) => {
                self.value(old_value, new_value, None, None, ctx, &place.values());
            }
            (None, Some(_)) => self.push(
                loosened,
                place,
                "additional properties are now allowed".to_owned(),
            ),
            (Some(_), None) => self.push(
                tightened,
                place,
                "additional properties are no longer allowed".to_owned(),
            ),
            (None, None) => {}
        }
    }

    fn tagged(&mut self, old: &ir::TaggedUnion, new: &ir::TaggedUnion, ctx: Ctx, place: &Place) {
        if old.tag != new.tag {
            self.push(
                Rule::DiscriminatorPropertyChanged,
                place,
                format!("discriminator changed from `{}` to `{}`", old.tag, new.tag),
            );
            return;
        }
        for old_variant in &old.variants {
            let wire = &old_variant.name.wire;
            match new
                .variants
                .iter()
                .find(|variant| variant.name.wire == *wire)
            {
                None => self.push(
                    if ctx.is_request() {
                        Rule::RequestDiscriminatorValueRemoved
                    } else {
                        Rule::ResponseDiscriminatorValueRemoved
                    },
                    place,
                    format!("`{}: {wire}` is no longer accepted", old.tag),
                ),
                Some(new_variant) => {
                    let old_ty = named_ty(&old_variant.type_name);
                    let new_ty = named_ty(&new_variant.type_name);
                    self.value(&old_ty, &new_ty, None, None, ctx, &place.variant(wire));
                }
            }
        }
        for new_variant in &new.variants {
            let wire = &new_variant.name.wire;
            if !old
                .variants
                .iter()
                .any(|variant| variant.name.wire == *wire)
            {
                self.push(
                    if ctx.is_request() {
                        Rule::RequestDiscriminatorValueAdded
                    } else {
                        Rule::ResponseDiscriminatorValueAdded
                    },
                    place,
                    format!("`{}: {wire}` is now accepted", new.tag),
                );
            }
        }
    }
}
