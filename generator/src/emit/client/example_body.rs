//! Values of the crate documentation's client example, written as Rust source: a request
//! body built with `new` from its required properties, nested as deep as the types go,
//! with the spec's examples where it has them.

use serde_json::Value;

use crate::ir;

/// The widest line the example's expressions are printed on, indent included.
const WIDTH: usize = 88;
/// The most calls and literals one value may take; a bigger one is not worth reading.
const BUDGET: usize = 24;
/// How deep values nest.
const DEPTH: usize = 5;

/// An expression of the example.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    /// Source text printed as it is.
    Atom(String),
    /// `open` arguments `close`, e.g. `types::Address::new(` ... `)` or `vec![` ... `]`.
    Call {
        open: String,
        args: Vec<Expr>,
        close: &'static str,
    },
}

impl Expr {
    /// The expression on one line.
    fn flat(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Call { open, args, close } => {
                let args: Vec<String> = args.iter().map(Expr::flat).collect();
                format!("{open}{}{close}", args.join(", "))
            }
        }
    }

    /// The expression as lines, the first without indent (it follows what comes before it
    /// on its line) and the others indented by `indent` spaces and more; `used` is how much
    /// of the first line is taken.
    pub(super) fn lines(&self, indent: usize, used: usize) -> Vec<String> {
        let flat = self.flat();
        let Expr::Call { open, args, close } = self else {
            return vec![flat];
        };
        if used + flat.len() <= WIDTH || args.is_empty() {
            return vec![flat];
        }
        let inner = " ".repeat(indent + 4);
        let mut lines = vec![open.clone()];
        for arg in args {
            let mut arg_lines = arg.lines(indent + 4, indent + 4);
            if let Some(last) = arg_lines.last_mut() {
                last.push(',');
            }
            let mut arg_lines = arg_lines.into_iter();
            if let Some(first) = arg_lines.next() {
                lines.push(format!("{inner}{first}"));
            }
            lines.extend(arg_lines);
        }
        lines.push(format!("{}{close}", " ".repeat(indent)));
        lines
    }
}

/// Builds example values for the types of `api`.
pub(super) struct Values<'a> {
    api: &'a ir::Api,
    budget: usize,
}

impl<'a> Values<'a> {
    pub(super) fn new(api: &'a ir::Api) -> Self {
        Self {
            api,
            budget: BUDGET,
        }
    }

    /// A value of `ty`, as an argument of a `new` or `with_*` (strings as `&str`), from
    /// `example` where it fits. `None` when the value is too big or cannot be written.
    pub(super) fn value(&mut self, ty: &ir::Ty, example: Option<&Value>) -> Option<Expr> {
        self.budget = BUDGET;
        self.value_at(ty, example, 0, &mut Vec::new())
    }

    fn value_at(
        &mut self,
        ty: &ir::Ty,
        example: Option<&Value>,
        depth: usize,
        stack: &mut Vec<String>,
    ) -> Option<Expr> {
        self.budget = self.budget.checked_sub(1)?;
        if depth > DEPTH {
            return None;
        }
        if ty.nullable && !matches!(ty.kind, ir::TyKind::Any) {
            return Some(atom("None"));
        }
        let example = example.or_else(|| super::example::alias_example(self.api, ty));
        let text = example.and_then(Value::as_str);
        Some(match &ty.kind {
            ir::TyKind::String(format) => match format {
                ir::StringFormat::Plain | ir::StringFormat::Binary => {
                    atom(format!("{:?}", text.unwrap_or("text")))
                }
                // `impl Into<Base64>` takes the bytes.
                ir::StringFormat::Byte => atom("b\"bytes\".to_vec()"),
                ir::StringFormat::DateTime => parsed(text.unwrap_or("2025-06-02T12:00:00Z")),
                ir::StringFormat::Date => parsed(text.unwrap_or("2025-06-02")),
                ir::StringFormat::Uuid => {
                    parsed(text.unwrap_or("67e55044-10b1-426f-9247-bb680e5fe0c8"))
                }
            },
            ir::TyKind::Boolean => {
                atom(example.and_then(Value::as_bool).unwrap_or(true).to_string())
            }
            ir::TyKind::Integer(format) => {
                let unsigned = matches!(format, ir::IntegerFormat::U32 | ir::IntegerFormat::U64);
                let number = example
                    .and_then(Value::as_i64)
                    .filter(|number| !unsigned || *number >= 0)
                    .unwrap_or(1);
                atom(number.to_string())
            }
            ir::TyKind::Number(_) => {
                let number = example.and_then(Value::as_f64).unwrap_or(1.0);
                atom(format!("{number:?}"))
            }
            ir::TyKind::Array(item) => {
                if matches!(item.kind, ir::TyKind::String(ir::StringFormat::Byte)) {
                    return None;
                }
                let example = match example {
                    Some(Value::Array(items)) => items.first(),
                    _ => None,
                };
                let item = self.value_at(item, example, depth + 1, stack)?;
                // A `Vec<String>` is taken as it is, so its items are owned.
                let item = match item {
                    Expr::Atom(text) if text.starts_with('"') => atom(format!("{text}.to_owned()")),
                    other => other,
                };
                Expr::Call {
                    open: "vec![".to_owned(),
                    args: vec![item],
                    close: "]",
                }
            }
            ir::TyKind::Map(_) => atom("Default::default()"),
            ir::TyKind::Any => match example {
                Some(example) => atom(format!("serde_json::json!({example})")),
                None => atom("serde_json::json!({})"),
            },
            ir::TyKind::Named(name) => self.named(name, example, depth, stack)?,
        })
    }

    fn named(
        &mut self,
        name: &str,
        example: Option<&Value>,
        depth: usize,
        stack: &mut Vec<String>,
    ) -> Option<Expr> {
        if stack.iter().any(|entered| entered == name) {
            return None;
        }
        let def = self.api.types.iter().find(|def| def.name == name)?;
        let path = format!("types::{name}");
        let text = example.and_then(Value::as_str);
        stack.push(name.to_owned());
        let value = match &def.kind {
            ir::TypeKind::Struct(fields) => {
                let mut args = Vec::new();
                for field in new_arguments(fields) {
                    let example = field.docs.example.as_ref();
                    args.push(self.value_at(&field.ty, example, depth + 1, stack)?);
                }
                Some(Expr::Call {
                    open: format!("{path}::new("),
                    args,
                    close: ")",
                })
            }
            ir::TypeKind::StringEnum(string_enum) => {
                let variant = string_enum
                    .variants
                    .iter()
                    .find(|variant| Some(variant.name.wire.as_str()) == text)
                    .or_else(|| string_enum.variants.first())?;
                Some(atom(format!("{path}::{}", variant.name.rust)))
            }
            ir::TypeKind::IntegerEnum(integer_enum) => {
                let number = example.and_then(Value::as_i64);
                let (variant, _) = integer_enum
                    .variants
                    .iter()
                    .find(|(_, value)| Some(*value) == number)
                    .or_else(|| integer_enum.variants.first())?;
                Some(atom(format!("{path}::{variant}")))
            }
            ir::TypeKind::Tagged(tagged) => tagged.variants.iter().find_map(|variant| {
                let ty = ir::Ty {
                    kind: ir::TyKind::Named(variant.type_name.clone()),
                    nullable: false,
                    constraints: ir::Constraints::default(),
                };
                let inner = self.value_at(&ty, None, depth + 1, stack)?;
                Some(Expr::Call {
                    open: format!("{path}::{}(", variant.name.rust),
                    args: vec![inner],
                    close: ")",
                })
            }),
            ir::TypeKind::Untagged(untagged) => untagged.variants.iter().find_map(|variant| {
                let inner = self.value_at(&variant.ty, None, depth + 1, stack)?;
                Some(Expr::Call {
                    open: format!("{path}::{}(", variant.name),
                    args: vec![inner],
                    close: ")",
                })
            }),
            ir::TypeKind::Alias(_) => None,
        };
        stack.pop();
        value
    }
}

/// The fields a struct's `new` takes, in order: the required ones that are neither read-
/// nor write-only.
fn new_arguments(fields: &ir::Struct) -> impl Iterator<Item = &ir::Field> {
    fields
        .fields
        .iter()
        .filter(|field| field.required && !field.read_only && !field.write_only)
}

fn atom(text: impl Into<String>) -> Expr {
    Expr::Atom(text.into())
}

/// A value read from text with `FromStr`, which the argument's type chooses.
fn parsed(text: &str) -> Expr {
    atom(format!("{text:?}.parse()?"))
}

#[cfg(test)]
mod tests {
    use super::Expr;

    fn call(open: &str, args: Vec<Expr>) -> Expr {
        Expr::Call {
            open: open.to_owned(),
            args,
            close: ")",
        }
    }

    #[test]
    fn short_calls_stay_on_one_line_and_long_ones_spread() {
        let short = call("f(", vec![Expr::Atom("1".to_owned())]);
        assert_eq!(short.lines(0, 0), vec!["f(1)"]);
        let long = call(
            "types::Something::new(",
            vec![
                Expr::Atom("\"a long piece of text, long enough\"".to_owned()),
                call(
                    "g(",
                    vec![Expr::Atom("\"and another one, to go over\"".to_owned())],
                ),
            ],
        );
        assert_eq!(
            long.lines(0, 11),
            vec![
                "types::Something::new(",
                "    \"a long piece of text, long enough\",",
                "    g(\"and another one, to go over\"),",
                ")",
            ]
        );
    }
}
