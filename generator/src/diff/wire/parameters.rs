//! Comparison of operation parameters: path parameters by position, the others by name.

use super::defaults;
use super::place::Place;
use super::value::{Base, Ctx, resolve};
use super::{Rule, Walk};
use crate::ir;

impl<'a> Walk<'a> {
    pub(super) fn parameters(&mut self, old: &'a ir::Operation, new: &'a ir::Operation) {
        let is_path = |parameter: &&ir::Parameter| parameter.location == ir::ParamLocation::Path;
        let old_path: Vec<&ir::Parameter> = old.parameters.iter().filter(is_path).collect();
        let new_path: Vec<&ir::Parameter> = new.parameters.iter().filter(is_path).collect();
        let mut pairs: Vec<(Option<&ir::Parameter>, Option<&ir::Parameter>)> = Vec::new();
        for index in 0..old_path.len().max(new_path.len()) {
            pairs.push((old_path.get(index).copied(), new_path.get(index).copied()));
        }
        let key = |parameter: &ir::Parameter| {
            let name = if parameter.location == ir::ParamLocation::Header {
                parameter.name.wire.to_ascii_lowercase()
            } else {
                parameter.name.wire.clone()
            };
            (parameter.location, name)
        };
        let new_others: Vec<&ir::Parameter> =
            new.parameters.iter().filter(|p| !is_path(p)).collect();
        let mut used = vec![false; new_others.len()];
        for parameter in old.parameters.iter().filter(|p| !is_path(p)) {
            let wanted = key(parameter);
            let found = (0..new_others.len()).find(|&i| !used[i] && key(new_others[i]) == wanted);
            if let Some(i) = found {
                used[i] = true;
            }
            pairs.push((Some(parameter), found.map(|i| new_others[i])));
        }
        for (parameter, used) in new_others.iter().zip(&used) {
            if !used {
                pairs.push((None, Some(parameter)));
            }
        }
        for pair in pairs {
            self.parameter(pair);
        }
    }

    fn parameter(&mut self, pair: (Option<&'a ir::Parameter>, Option<&'a ir::Parameter>)) {
        match pair {
            (Some(old), None) => {
                // The old parameter's pointer is into the old spec: point at the operation.
                let mut place = parameter_place(old);
                place.pointer = None;
                self.push(
                    Rule::ParameterRemoved,
                    &place,
                    format!("{} was removed", place.prefix),
                );
            }
            (None, Some(new)) => {
                let place = parameter_place(new);
                let (rule, word) = if new.required {
                    (Rule::ParameterAddedRequired, "required")
                } else {
                    (Rule::ParameterAddedOptional, "optional")
                };
                self.push(rule, &place, format!("{word} {} was added", place.prefix));
            }
            (Some(old), Some(new)) => {
                let place = parameter_place(new);
                if old.name.wire != new.name.wire {
                    self.push(
                        Rule::PathParameterRenamed,
                        &place,
                        format!(
                            "path parameter `{}` was renamed to `{}`",
                            old.name.wire, new.name.wire
                        ),
                    );
                }
                if !old.required && new.required {
                    self.push(
                        Rule::ParameterBecameRequired,
                        &place,
                        format!("{} became required", place.prefix),
                    );
                } else if old.required && !new.required {
                    self.push(
                        Rule::ParameterBecameOptional,
                        &place,
                        format!("{} became optional", place.prefix),
                    );
                }
                if !old.docs.deprecated && new.docs.deprecated {
                    self.push(
                        Rule::ParameterDeprecated,
                        &place,
                        format!("{} is deprecated", place.prefix),
                    );
                }
                self.serialisation(old, new, &place);
                if !new.required {
                    self.default_value(
                        old.default.as_ref(),
                        new.default.as_ref(),
                        &defaults::PARAMETER,
                        &place,
                    );
                }
                self.value(
                    &old.ty,
                    &new.ty,
                    old.fixed_value.as_deref(),
                    new.fixed_value.as_deref(),
                    Ctx::Parameter,
                    &place.below(String::new(), &["schema"]),
                );
            }
            (None, None) => {}
        }
    }
}

impl Walk<'_> {
    /// A changed `style`, or a changed `explode` where it changes what is sent: for an
    /// array or object value.
    fn serialisation(&mut self, old: &ir::Parameter, new: &ir::Parameter, place: &Place) {
        if old.style != new.style {
            self.push(
                Rule::ParameterStyleChanged,
                place,
                format!(
                    "style changed from `{}` to `{}`",
                    style_name(old.style),
                    style_name(new.style)
                ),
            );
        }
        let composite = |ty: &ir::Ty| {
            !matches!(
                resolve(&self.new, ty, None).base,
                Base::String(_) | Base::Integer(_) | Base::Number(_) | Base::Boolean
            )
        };
        if old.explode != new.explode && composite(&new.ty) {
            self.push(
                Rule::ParameterStyleChanged,
                place,
                format!("explode changed from {} to {}", old.explode, new.explode),
            );
        }
    }
}

/// A parameter style as the spec spells it.
fn style_name(style: ir::ParamStyle) -> &'static str {
    match style {
        ir::ParamStyle::Simple => "simple",
        ir::ParamStyle::Label => "label",
        ir::ParamStyle::Matrix => "matrix",
        ir::ParamStyle::Form => "form",
        ir::ParamStyle::SpaceDelimited => "spaceDelimited",
        ir::ParamStyle::PipeDelimited => "pipeDelimited",
        ir::ParamStyle::DeepObject => "deepObject",
    }
}

fn parameter_place(parameter: &ir::Parameter) -> Place {
    let location = parameter.location.as_str();
    Place::new(format!("{location} parameter {}", parameter.name.wire))
        .at(Some(parameter.pointer.clone()))
}
