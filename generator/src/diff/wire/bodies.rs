//! Comparison of request bodies and responses: media types, body kinds and headers.

use super::place::{Place, pointer_to};
use super::value::{Ctx, Kind, value_rule};
use super::{Rule, Walk};
use crate::ir;

impl<'a> Walk<'a> {
    pub(super) fn request_body(
        &mut self,
        old: Option<&'a ir::RequestBody>,
        new: Option<&'a ir::RequestBody>,
    ) {
        let place =
            Place::new("request body").at(pointer_to(self.pointer.as_ref(), &["requestBody"]));
        match (old, new) {
            (None, None) => {}
            (None, Some(new)) => {
                let (rule, message) = if new.required {
                    (
                        Rule::RequestBodyAddedRequired,
                        "a required request body was added",
                    )
                } else {
                    (
                        Rule::RequestBodyAddedOptional,
                        "an optional request body was added",
                    )
                };
                self.push(rule, &place, message.to_owned());
            }
            (Some(_), None) => {
                self.push(
                    Rule::RequestBodyRemoved,
                    &place,
                    "the request body was removed".to_owned(),
                );
            }
            (Some(old), Some(new)) => {
                if !old.required && new.required {
                    self.push(
                        Rule::RequestBodyBecameRequired,
                        &place,
                        "the request body became required".to_owned(),
                    );
                } else if old.required && !new.required {
                    self.push(
                        Rule::RequestBodyBecameOptional,
                        &place,
                        "the request body became optional".to_owned(),
                    );
                }
                self.contents(
                    &old.contents,
                    &new.contents,
                    &place,
                    Ctx::Request,
                    (Rule::RequestMediaTypeRemoved, Rule::RequestMediaTypeAdded),
                );
            }
        }
    }

    /// Compares the media types of a request body or response.
    fn contents(
        &mut self,
        old: &'a [ir::MediaContent],
        new: &'a [ir::MediaContent],
        base: &Place,
        ctx: Ctx,
        (removed, added): (Rule, Rule),
    ) {
        let same = |a: &ir::MediaContent, b: &ir::MediaContent| {
            a.media_type.eq_ignore_ascii_case(&b.media_type)
        };
        for old_content in old {
            let place = media_place(base, &old_content.media_type);
            match new
                .iter()
                .find(|new_content| same(old_content, new_content))
            {
                None => self.push(
                    removed,
                    base,
                    format!("media type `{}` was removed", old_content.media_type),
                ),
                Some(new_content) => self.body(&old_content.body, &new_content.body, ctx, &place),
            }
        }
        for new_content in new {
            if !old.iter().any(|old_content| same(old_content, new_content)) {
                let message = if old.is_empty() {
                    format!("a `{}` body was added", new_content.media_type)
                } else {
                    format!("media type `{}` was added", new_content.media_type)
                };
                self.push(added, base, message);
            }
        }
    }

    fn body(&mut self, old: &'a ir::BodyKind, new: &'a ir::BodyKind, ctx: Ctx, place: &Place) {
        match (old, new) {
            (ir::BodyKind::Json(old), ir::BodyKind::Json(new))
            | (ir::BodyKind::Form(old), ir::BodyKind::Form(new)) => {
                self.value(old, new, None, None, ctx, place);
            }
            (ir::BodyKind::Text(old), ir::BodyKind::Text(new)) => {
                let text = |constraints: &ir::Constraints| ir::Ty {
                    kind: ir::TyKind::String(ir::StringFormat::Plain),
                    nullable: false,
                    constraints: constraints.clone(),
                };
                let (old, new) = (text(old), text(new));
                self.value(&old, &new, None, None, ctx, place);
            }
            (ir::BodyKind::Binary, ir::BodyKind::Binary) => {}
            _ => self.push(
                value_rule(ctx, Kind::TypeChanged),
                place,
                format!("body changed from {} to {}", body_word(old), body_word(new)),
            ),
        }
    }

    pub(super) fn responses(&mut self, old: &'a ir::Operation, new: &'a ir::Operation) {
        for old_response in &old.responses {
            let label = status_label(old_response.status);
            match new
                .responses
                .iter()
                .find(|new_response| new_response.status == old_response.status)
            {
                None => {
                    let rule = if is_success(old_response.status) {
                        Rule::ResponseSuccessStatusRemoved
                    } else {
                        Rule::ResponseErrorStatusRemoved
                    };
                    let place = Place::new(format!("response {label}"))
                        .at(pointer_to(self.pointer.as_ref(), &["responses"]));
                    self.push(rule, &place, format!("response {label} was removed"));
                }
                Some(new_response) => self.response(old_response, new_response),
            }
        }
        for new_response in &new.responses {
            if !old
                .responses
                .iter()
                .any(|old_response| old_response.status == new_response.status)
            {
                let label = status_label(new_response.status);
                let rule = if is_success(new_response.status) {
                    Rule::ResponseSuccessStatusAdded
                } else {
                    Rule::ResponseErrorStatusAdded
                };
                let place = Place::new(format!("response {label}"))
                    .at(pointer_to(self.pointer.as_ref(), &["responses", &label]));
                self.push(rule, &place, format!("response {label} was added"));
            }
        }
    }

    fn response(&mut self, old: &'a ir::Response, new: &'a ir::Response) {
        let label = status_label(new.status);
        let base = Place::new(format!("response {label}"))
            .at(pointer_to(self.pointer.as_ref(), &["responses", &label]));
        self.contents(
            &old.contents,
            &new.contents,
            &base,
            Ctx::Response,
            (Rule::ResponseMediaTypeRemoved, Rule::ResponseMediaTypeAdded),
        );
        let same = |a: &ir::ResponseHeader, b: &ir::ResponseHeader| {
            a.name.wire.eq_ignore_ascii_case(&b.name.wire)
        };
        for old_header in &old.headers {
            let place = header_place(&base, &old_header.name.wire);
            match new
                .headers
                .iter()
                .find(|new_header| same(old_header, new_header))
            {
                None => {
                    let (rule, word) = if old_header.required {
                        (Rule::ResponseHeaderRemoved, "required")
                    } else {
                        (Rule::ResponseOptionalHeaderRemoved, "optional")
                    };
                    self.push(
                        rule,
                        &place,
                        format!("{word} header `{}` was removed", old_header.name.wire),
                    );
                }
                Some(new_header) => {
                    if old_header.required && !new_header.required {
                        self.push(
                            Rule::ResponseHeaderBecameOptional,
                            &place,
                            format!("header `{}` became optional", new_header.name.wire),
                        );
                    } else if !old_header.required && new_header.required {
                        self.push(
                            Rule::ResponseHeaderBecameRequired,
                            &place,
                            format!("header `{}` became required", new_header.name.wire),
                        );
                    }
                    self.value(
                        &old_header.ty,
                        &new_header.ty,
                        old_header.fixed_value.as_deref(),
                        new_header.fixed_value.as_deref(),
                        Ctx::Response,
                        &place.below(String::new(), &["schema"]),
                    );
                }
            }
        }
        for new_header in &new.headers {
            if !old
                .headers
                .iter()
                .any(|old_header| same(old_header, new_header))
            {
                self.push(
                    Rule::ResponseHeaderAdded,
                    &header_place(&base, &new_header.name.wire),
                    format!("header `{}` was added", new_header.name.wire),
                );
            }
        }
    }
}

fn header_place(base: &Place, name: &str) -> Place {
    let mut place = base.below(String::new(), &["headers", name]);
    place.prefix = format!("{} header {name}", base.prefix);
    place
}

fn media_place(base: &Place, media_type: &str) -> Place {
    let mut place = base.below(String::new(), &["content", media_type, "schema"]);
    if !media_type.eq_ignore_ascii_case("application/json") {
        place.prefix = format!("{} ({media_type})", base.prefix);
    }
    place
}

fn body_word(body: &ir::BodyKind) -> &'static str {
    match body {
        ir::BodyKind::Json(_) => "JSON",
        ir::BodyKind::Form(_) => "a form",
        ir::BodyKind::Text(_) => "text",
        ir::BodyKind::Binary => "binary",
    }
}

fn status_label(status: ir::StatusSpec) -> String {
    match status {
        ir::StatusSpec::Code(code) => code.to_string(),
        ir::StatusSpec::Range(digit) => format!("{digit}XX"),
        ir::StatusSpec::Default => "default".to_owned(),
    }
}

fn is_success(status: ir::StatusSpec) -> bool {
    match status {
        ir::StatusSpec::Code(code) => (200..300).contains(&code),
        ir::StatusSpec::Range(digit) => digit == 2,
        ir::StatusSpec::Default => false,
    }
}
