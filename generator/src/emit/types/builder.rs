//! How a struct is built outside the crate, where `#[non_exhaustive]` forbids literals:
//! `new`, the `with_*` setters and `Default`.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{FieldPlan, ModelCx, Repr};
use crate::emit::docs;
use crate::emit::spelling::{Paths, is_option, kind_tokens, setter_arg, ty_tokens_in};
use crate::ir;

/// How a struct is built outside the crate, where `#[non_exhaustive]` forbids literals.
pub(super) struct Builder {
    /// `impl Name { new, with_* }`.
    pub(super) methods: TokenStream,
    /// `Default,` for the derive list, when the derived values are those of `new()`.
    pub(super) derive_default: TokenStream,
    /// `impl Default` calling `new()`, when the struct has spec defaults.
    pub(super) default_impl: TokenStream,
}

/// The pieces of `new` and the setters, field by field.
#[derive(Default)]
struct Pieces {
    /// The arguments of `new`: the required fields.
    args: Vec<TokenStream>,
    /// The field initializers in `new`.
    inits: Vec<TokenStream>,
    /// The `with_*` setters.
    setters: Vec<TokenStream>,
    /// Whether a field starts at a spec default.
    defaulted: bool,
}

/// `new` (taking the required fields in spec order), a `with_*` setter per optional
/// field and for the additional properties, and `Default` when nothing is required.
pub(super) fn builder(
    cx: &mut ModelCx,
    ident: &Ident,
    plans: &[FieldPlan],
    additional: Option<&(Ident, &ir::Ty)>,
) -> Builder {
    let mut pieces = field_pieces(cx, plans);
    let optional = !pieces.setters.is_empty() || additional.is_some();
    if let Some((field, ty)) = additional {
        pieces
            .inits
            .push(quote!(#field: ::std::collections::BTreeMap::new(),));
        let setter = additional_setter(cx, plans, field, ty);
        pieces.setters.push(setter);
    }
    let Pieces {
        args,
        inits,
        setters,
        defaulted,
    } = pieces;
    let new_doc = cx
        .docs
        .outer_doc_lines(&[new_doc(!args.is_empty(), optional, defaulted).to_owned()]);
    let allow_args = if args.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let methods = quote! {
        impl #ident {
            #new_doc
            #allow_args
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits)*
                }
            }
            #(#setters)*
        }
    };
    let (derive_default, default_impl) = match (args.is_empty(), defaulted) {
        (false, _) => (quote!(), quote!()),
        (true, false) => (quote!(Default,), quote!()),
        (true, true) => (
            quote!(),
            quote! {
                impl ::std::default::Default for #ident {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            },
        ),
    };
    Builder {
        methods,
        derive_default,
        default_impl,
    }
}

/// The argument, initializer and setter of each field, as its representation asks.
/// Arguments take `impl Into<T>` where [`setter_arg`] says so, and required nullable ones
/// `impl Into<Option<T>>` then.
fn field_pieces(cx: &mut ModelCx, plans: &[FieldPlan]) -> Pieces {
    let std_box = cx.prelude.r#box();
    let std_none = cx.prelude.none();
    let std_option = cx.prelude.option();
    let std_some = cx.prelude.some();
    let mut pieces = Pieces::default();
    for plan in plans {
        let field = &plan.ident;
        // Arguments take the value unboxed, so that boxing stays out of the signatures.
        let value = kind_tokens(&plan.ty.kind, Paths::Local, cx.prelude, false);
        let (arg, into) = setter_arg(&plan.ty.kind, &value, cx.prelude);
        let converted = |name: TokenStream| {
            if into { quote!(#name.into()) } else { name }
        };
        match &plan.repr {
            Repr::Plain => {
                pieces.args.push(quote!(#field: #arg));
                let field_value = converted(quote!(#field));
                pieces.inits.push(if plan.boxed {
                    quote!(#field: #std_box::new(#field_value),)
                } else {
                    init(field, into, field_value)
                });
            }
            Repr::Nullable => {
                // `impl Into<Option<T>>` takes a `T` or `None`.
                let optional = quote!(#std_option<#value>);
                let (arg, into) = if into {
                    let std_into = cx.prelude.into();
                    (quote!(impl #std_into<#optional>), true)
                } else {
                    (optional, false)
                };
                pieces.args.push(quote!(#field: #arg));
                let field_value = if into {
                    quote!(#field.into())
                } else {
                    quote!(#field)
                };
                pieces.inits.push(if plan.boxed {
                    quote!(#field: #field_value.map(#std_box::new),)
                } else {
                    init(field, into, field_value)
                });
            }
            Repr::Optional => {
                pieces.inits.push(quote!(#field: #std_none,));
                let value = converted(quote!(value));
                let stored = if plan.boxed {
                    quote!(#std_some(#std_box::new(#value)))
                } else {
                    quote!(#std_some(#value))
                };
                pieces.setters.push(setter(cx, plan, &arg, stored, ""));
            }
            Repr::Defaulted(default_fn) => {
                pieces.defaulted = true;
                pieces.inits.push(quote!(#field: defaults::#default_fn(),));
                let note = ", replacing its default";
                let stored = converted(quote!(value));
                pieces.setters.push(setter(cx, plan, &arg, stored, note));
            }
        }
    }
    pieces
}

/// The initializer `field: value`, or the shorthand `field,` when the argument is stored
/// as it is.
fn init(field: &Ident, converted: bool, value: TokenStream) -> TokenStream {
    if converted {
        quote!(#field: #value,)
    } else {
        quote!(#field,)
    }
}

/// The setter that adds one additional property to `field`, named so that it takes no
/// field setter's name.
fn additional_setter(
    cx: &mut ModelCx,
    plans: &[FieldPlan],
    field: &Ident,
    ty: &ir::Ty,
) -> TokenStream {
    let std_string = cx.prelude.string();
    let taken: BTreeSet<String> = plans.iter().map(|plan| setter_name(&plan.ident)).collect();
    let mut name = "with_additional_property".to_owned();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("with_additional_property_{n}");
        n += 1;
    }
    let method = format_ident!("{}", name);
    let value = ty_tokens_in(ty, Paths::Local, cx.prelude);
    let (arg, into) = if is_option(ty) {
        (value, false)
    } else {
        setter_arg(&ty.kind, &value, cx.prelude)
    };
    let stored = if into {
        quote!(value.into())
    } else {
        quote!(value)
    };
    let std_into = cx.prelude.into();
    let doc = cx.docs.outer_doc_lines(&[
        "Adds a property that the schema does not declare, replacing one of the same name."
            .to_owned(),
    ]);
    quote! {
        #doc
        #[must_use]
        pub fn #method(mut self, name: impl #std_into<#std_string>, value: #arg) -> Self {
            self.#field.insert(name.into(), #stored);
            self
        }
    }
}

/// The doc line of `new`, by whether it takes arguments, whether some properties start
/// unset and whether some start at a default.
fn new_doc(takes_args: bool, optional: bool, defaulted: bool) -> &'static str {
    match (takes_args, optional, defaulted) {
        (true, true, false) => {
            "Builds a value from its required properties; the others start unset."
        }
        (true, true, true) => {
            "Builds a value from its required properties; the others start unset or at their \
             defaults."
        }
        (true, false, _) => "Builds a value from its properties.",
        (false, true, false) => "Builds a value with every property unset.",
        (false, true, true) => "Builds a value with every property unset or at its default.",
        (false, false, _) => "Builds the value, which has no properties.",
    }
}

/// The name of a field's setter: `with_` and the field name without `r#`.
fn setter_name(field: &Ident) -> String {
    format!("with_{}", field.to_string().trim_start_matches("r#"))
}

/// A `with_*` setter for an optional or defaulted field that stores `stored` (an
/// expression of `value`).
fn setter(
    cx: &mut ModelCx,
    plan: &FieldPlan,
    value: &TokenStream,
    stored: TokenStream,
    note: &str,
) -> TokenStream {
    let field = &plan.ident;
    let method = format_ident!("{}", setter_name(field));
    let property = if plan.wire.is_empty() {
        "the property with the empty name".to_owned()
    } else {
        format!("the property {}", docs::code_span(plan.wire))
    };
    let doc = cx
        .docs
        .outer_doc_lines(&[format!("Sets {property}{note}.")]);
    quote! {
        #doc
        #[must_use]
        pub fn #method(mut self, value: #value) -> Self {
            self.#field = #stored;
            self
        }
    }
}
