//! Unions compared by the values they accept, not by the shape of their generated type.
//!
//! Each side is flattened into its branches (a value that is not a union is one branch;
//! nested `oneOf`/`anyOf` are opened), and the branches are grouped by JSON type. Scalar
//! branches of one JSON type accept the union of their enum values (or any value of the
//! type when one branch has no enum), so an enum split into a `oneOf` of enums, or an enum
//! branch moved into a `$ref`, is no change. Array and object branches are paired: by the
//! same schema, else with a branch that accepts every value of the old one (a branch
//! merged into a wider one), and each pair is compared in the direction of the value.
//! What remains unpaired is a JSON type or branch the union no longer or newly accepts.

use super::place::Place;
use super::value::Index;
use super::value::{Base, Ctx, Kind, resolve, value_rule};
use super::{Walk, code_list};
use crate::diff::Level;
use crate::ir;

/// Unions nested in unions are opened at most this deep.
const MAX_UNION_DEPTH: usize = 16;

/// One branch of a flattened union, resolved.
struct Branch<'t> {
    ty: &'t ir::Ty,
    json_type: &'static str,
}

impl<'a> Walk<'a> {
    /// Compares two uses of which at least one is a `oneOf`/`anyOf` without discriminator.
    pub(super) fn union_values<'t>(
        &mut self,
        old_ty: &'t ir::Ty,
        new_ty: &'t ir::Ty,
        ctx: Ctx,
        place: &Place,
    ) {
        let old = resolve(&self.old, old_ty, None);
        let new = resolve(&self.new, new_ty, None);
        if let (Base::Untagged(old_name, _), Base::Untagged(new_name, _)) = (old.base, new.base)
            && !self.first_visit(old_name, new_name, ctx)
        {
            return;
        }
        let mut old_branches = Vec::new();
        flatten(&self.old, old_ty, 0, &mut old_branches);
        let mut new_branches = Vec::new();
        flatten(&self.new, new_ty, 0, &mut new_branches);
        let old_nullable = old.nullable || old_branches.iter().any(|b| b.ty.nullable);
        let new_nullable = new.nullable || new_branches.iter().any(|b| b.ty.nullable);
        if old_nullable && !new_nullable {
            self.push(
                value_rule(ctx, Kind::NullableRemoved),
                place,
                "null is no longer allowed".to_owned(),
            );
        } else if !old_nullable && new_nullable {
            self.push(
                value_rule(ctx, Kind::NullableAdded),
                place,
                "null is now allowed".to_owned(),
            );
        }
        let old_any = old_branches.iter().any(|b| b.json_type == "any");
        let new_any = new_branches.iter().any(|b| b.json_type == "any");
        match (old_any, new_any) {
            (true, true) => return,
            (false, true) => {
                self.push(
                    value_rule(ctx, Kind::EnumWidened),
                    place,
                    "now accepts any value".to_owned(),
                );
                return;
            }
            (true, false) => {
                let types: Vec<String> = json_types(&new_branches);
                self.push(
                    value_rule(ctx, Kind::EnumNarrowed),
                    place,
                    format!("now limited to {} values", code_list(&types)),
                );
                return;
            }
            (false, false) => {}
        }
        for json_type in ["string", "integer", "number", "boolean"] {
            let old_group = group(&old_branches, json_type);
            let new_group = group(&new_branches, json_type);
            self.scalar_group(&old_group, &new_group, json_type, ctx, place);
        }
        for json_type in ["array", "object"] {
            let old_group = group(&old_branches, json_type);
            let new_group = group(&new_branches, json_type);
            self.composite_group(&old_group, &new_group, ctx, place);
        }
    }

    /// Compares the scalar branches of one JSON type: one branch each is compared in
    /// full, several by the enum values they accept together.
    fn scalar_group(
        &mut self,
        old: &[&Branch<'_>],
        new: &[&Branch<'_>],
        json_type: &str,
        ctx: Ctx,
        place: &Place,
    ) {
        match (old, new) {
            ([], []) => {}
            ([_, ..], []) => self.push(
                value_rule(ctx, Kind::EnumNarrowed),
                place,
                format!("{json_type} values are no longer accepted"),
            ),
            ([], [_, ..]) => self.push(
                value_rule(ctx, Kind::EnumWidened),
                place,
                format!("{json_type} values are now accepted"),
            ),
            ([old_branch], [new_branch]) => {
                self.value(old_branch.ty, new_branch.ty, None, None, ctx, place);
            }
            _ => {
                let old_values = accepted_values(&self.old, old);
                let new_values = accepted_values(&self.new, new);
                self.enum_values(
                    old_values.as_deref(),
                    new_values.as_deref(),
                    false,
                    ctx,
                    place,
                );
            }
        }
    }

    /// Pairs the array or object branches of the two sides and compares each pair; a
    /// branch left unpaired was removed or added.
    fn composite_group(
        &mut self,
        old: &[&Branch<'_>],
        new: &[&Branch<'_>],
        ctx: Ctx,
        place: &Place,
    ) {
        if let ([old_branch], [new_branch]) = (old, new) {
            self.value(old_branch.ty, new_branch.ty, None, None, ctx, place);
            return;
        }
        let mut paired = vec![false; new.len()];
        for old_branch in old {
            let same_schema = new
                .iter()
                .position(|new_branch| self.same_schema(old_branch.ty, new_branch.ty));
            let partner = same_schema.or_else(|| {
                new.iter()
                    .position(|new_branch| self.accepts(old_branch, new_branch))
            });
            match partner {
                Some(at) => {
                    if let Some(flag) = paired.get_mut(at) {
                        *flag = true;
                    }
                    if let Some(new_branch) = new.get(at) {
                        self.value(old_branch.ty, new_branch.ty, None, None, ctx, place);
                    }
                }
                None => {
                    let what = resolve(&self.old, old_branch.ty, None)
                        .base
                        .describe(&self.old);
                    self.push(
                        value_rule(ctx, Kind::EnumNarrowed),
                        place,
                        format!("no branch accepts the values of {what} any more"),
                    );
                }
            }
        }
        for (new_branch, paired) in new.iter().zip(paired) {
            if !paired {
                let what = resolve(&self.new, new_branch.ty, None)
                    .base
                    .describe(&self.new);
                self.push(
                    value_rule(ctx, Kind::EnumWidened),
                    place,
                    format!("the values of {what} are now accepted"),
                );
            }
        }
    }

    /// Whether two branches are uses of the same named schema.
    fn same_schema(&self, old: &ir::Ty, new: &ir::Ty) -> bool {
        let schema_of = |index: &Index<'_>, ty: &ir::Ty| match &ty.kind {
            ir::TyKind::Named(name) => index.get(name).and_then(|def| def.schema_name.clone()),
            _ => None,
        };
        schema_of(&self.old, old).is_some_and(|name| Some(name) == schema_of(&self.new, new))
    }

    /// Whether `new` accepts every value `old` accepts: comparing them as request values
    /// (where only narrowing breaks) finds nothing worse than compatible.
    fn accepts(&self, old: &Branch<'_>, new: &Branch<'_>) -> bool {
        let mut scratch = Walk::new(self.old_api, self.new_api);
        scratch.value(old.ty, new.ty, None, None, Ctx::Request, &Place::root());
        scratch
            .out
            .iter()
            .all(|change| change.level() == Level::Compatible)
    }
}

/// The branches of `ty`: its own, with nested unions opened.
fn flatten<'t>(index: &Index<'t>, ty: &'t ir::Ty, depth: usize, out: &mut Vec<Branch<'t>>) {
    let value = resolve(index, ty, None);
    match value.base {
        Base::Untagged(_, union) if depth < MAX_UNION_DEPTH => {
            for variant in &union.variants {
                flatten(index, &variant.ty, depth + 1, out);
            }
        }
        base => out.push(Branch {
            ty,
            json_type: base.json_type(),
        }),
    }
}

/// The branches of one JSON type.
fn group<'b, 't>(branches: &'b [Branch<'t>], json_type: &str) -> Vec<&'b Branch<'t>> {
    branches
        .iter()
        .filter(|branch| branch.json_type == json_type)
        .collect()
}

/// The JSON types of branches, in order, once each.
fn json_types(branches: &[Branch<'_>]) -> Vec<String> {
    let mut types: Vec<String> = Vec::new();
    for branch in branches {
        if !types.iter().any(|known| known == branch.json_type) {
            types.push(branch.json_type.to_owned());
        }
    }
    types
}

/// The enum values scalar branches accept together, or `None` when one accepts any value
/// of its type.
fn accepted_values(index: &Index<'_>, branches: &[&Branch<'_>]) -> Option<Vec<String>> {
    let mut values: Vec<String> = Vec::new();
    for branch in branches {
        for value in resolve(index, branch.ty, None).enum_values? {
            if !values.contains(&value) {
                values.push(value);
            }
        }
    }
    Some(values)
}
