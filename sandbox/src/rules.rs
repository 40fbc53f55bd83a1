//! The cross-field rules of a shipment that the spec's schemas cannot express.
//!
//! The generated router has already checked every schema constraint (lengths, patterns,
//! enums, required properties). These checks add the documented business rules and
//! answer 400 `validation_error` with one detail per problem, each naming the property
//! by its path (`addresses[1].region`).

use std::collections::BTreeSet;

use sorted_pro::types::{
    Address, CreateShipmentRequest, CustomsCategory, DateRange, DimensionUnit, Direction,
    ErrorDetail, Metadata, ShipmentContents, ShipmentType, WeightUnit,
};

use crate::failure::{Failure, detail};

/// Countries whose addresses need a `region`.
const REGION_COUNTRIES: [&str; 4] = ["US", "CA", "IE", "AU"];

/// How deep contents may nest: an item and the items inside it.
const MAX_CONTENTS_DEPTH: usize = 2;

/// Checks every rule of a shipment; the failure lists all problems at once.
pub fn check_shipment(details: &CreateShipmentRequest) -> Result<(), Failure> {
    let mut problems = Vec::new();
    check_addresses(details, &mut problems);
    check_units(&details.contents, &mut problems);
    check_contents(&details.contents, "contents", 1, &mut problems);
    check_metadata(details.metadata.as_deref(), "metadata", &mut problems);
    check_range(
        details.required_delivery_date.as_ref(),
        "required_delivery_date",
        &mut problems,
    );
    check_range(
        details.required_shipping_date.as_ref(),
        "required_shipping_date",
        &mut problems,
    );
    if details.channel.is_some() && details.tenant.is_none() {
        problems.push(detail(
            "channel",
            "conflicting_properties",
            "`channel` is only allowed together with `tenant`",
        ));
    }
    if let Some(customs) = &details.customs_documentation {
        if customs.category_type == CustomsCategory::Other
            && customs.category_type_explanation.is_none()
        {
            problems.push(detail(
                "customs_documentation.category_type_explanation",
                "required_property_missing",
                "`category_type_explanation` is required when `category_type` is `other`",
            ));
        }
        if let Some(email) = &customs.importers_email
            && !is_email(email)
        {
            problems.push(detail(
                "customs_documentation.importers_email",
                "invalid_email",
                format!("`{email}` is not an email address"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::invalid(problems))
    }
}

fn check_addresses(details: &CreateShipmentRequest, problems: &mut Vec<ErrorDetail>) {
    let mut seen = BTreeSet::new();
    for (index, address) in details.addresses.iter().enumerate() {
        let path = format!("addresses[{index}]");
        let kind = address.address_type.as_str();
        if !seen.insert(kind.to_owned()) {
            problems.push(detail(
                &format!("{path}.address_type"),
                "duplicate_address_type",
                format!("The address type `{kind}` appears more than once"),
            ));
        }
        check_address(address, &path, problems);
    }
    for required in ["origin", "destination"] {
        if !seen.contains(required) {
            problems.push(detail(
                "addresses",
                "required_property_missing",
                format!("A shipment needs an `{required}` address"),
            ));
        }
    }
    if details.shipment_type == ShipmentType::Scheduled {
        // A scheduled shipment leaves from (or, inbound, returns to) a shipping location.
        let kind = match details.direction {
            Direction::Inbound => "destination",
            _ => "origin",
        };
        if let Some((index, address)) = details
            .addresses
            .iter()
            .enumerate()
            .find(|(_, address)| address.address_type.as_str() == kind)
            && address.shipping_location_reference.is_none()
        {
            problems.push(detail(
                &format!("addresses[{index}].shipping_location_reference"),
                "required_property_missing",
                format!("A scheduled shipment's {kind} address must name a shipping location"),
            ));
        }
    }
}

fn check_address(address: &Address, path: &str, problems: &mut Vec<ErrorDetail>) {
    if address.shipping_location_reference.is_none() {
        if address.address_line1.is_none() {
            problems.push(detail(
                &format!("{path}.address_line1"),
                "required_property_missing",
                "`address_line1` is required when no shipping location is named",
            ));
        }
        if address.contact.is_none() {
            problems.push(detail(
                &format!("{path}.contact"),
                "required_property_missing",
                "A contact is required when no shipping location is named",
            ));
        }
        if let Some(country) = &address.country_iso_code
            && REGION_COUNTRIES.contains(&country.as_str())
            && address
                .region
                .as_deref()
                .is_none_or(|region| region.trim().is_empty())
        {
            problems.push(detail(
                &format!("{path}.region"),
                "required_property_missing",
                format!("`region` is required for addresses in {country}"),
            ));
        }
    }
    if let Some(contact) = &address.contact {
        let email = &contact.contact_details.email;
        if !is_email(email) {
            problems.push(detail(
                &format!("{path}.contact.contact_details.email"),
                "invalid_email",
                format!("`{email}` is not an email address"),
            ));
        }
    }
}

/// The unit system of each weight and dimension, with where it was found.
fn collect_units(items: &[ShipmentContents], path: &str, out: &mut Vec<(String, bool)>) {
    for (index, item) in items.iter().enumerate() {
        let here = format!("{path}[{index}]");
        if let Some(unit) = item.weight.as_ref().map(|weight| &weight.unit) {
            match unit {
                WeightUnit::Kg => out.push((format!("{here}.weight.unit"), true)),
                WeightUnit::Lbs => out.push((format!("{here}.weight.unit"), false)),
                // Units the spec does not list belong to neither system.
                _ => {}
            }
        }
        if let Some(dimensions) = &item.dimensions {
            match dimensions.unit {
                DimensionUnit::Cm => out.push((format!("{here}.dimensions.unit"), true)),
                DimensionUnit::In => out.push((format!("{here}.dimensions.unit"), false)),
                _ => {}
            }
        }
        if let Some(nested) = &item.contents {
            collect_units(nested, &format!("{here}.contents"), out);
        }
    }
}

/// Kilograms go with centimetres and pounds with inches, never mixed in one shipment.
fn check_units(items: &[ShipmentContents], problems: &mut Vec<ErrorDetail>) {
    let mut units = Vec::new();
    collect_units(items, "contents", &mut units);
    if let Some((_, metric)) = units.first() {
        for (path, other) in units.iter().skip(1) {
            if other != metric {
                problems.push(detail(
                    path,
                    "unit_mismatch",
                    "Kilograms go with centimetres and pounds with inches; one shipment never mixes the two",
                ));
            }
        }
    }
}

fn check_contents(
    items: &[ShipmentContents],
    path: &str,
    depth: usize,
    problems: &mut Vec<ErrorDetail>,
) {
    for (index, item) in items.iter().enumerate() {
        let here = format!("{path}[{index}]");
        check_metadata(
            item.metadata.as_deref(),
            &format!("{here}.metadata"),
            problems,
        );
        if let Some(nested) = &item.contents
            && !nested.is_empty()
        {
            if depth >= MAX_CONTENTS_DEPTH {
                problems.push(detail(
                    &format!("{here}.contents"),
                    "invalid_value",
                    "Contents nest at most two levels deep",
                ));
            } else {
                check_contents(nested, &format!("{here}.contents"), depth + 1, problems);
            }
        }
    }
}

fn check_metadata(metadata: Option<&[Metadata]>, path: &str, problems: &mut Vec<ErrorDetail>) {
    let mut keys = BTreeSet::new();
    for (index, entry) in metadata.unwrap_or_default().iter().enumerate() {
        if !keys.insert(entry.key.as_str()) {
            problems.push(detail(
                &format!("{path}[{index}].key"),
                "duplicate_metadata_key",
                format!("The metadata key `{}` appears more than once", entry.key),
            ));
        }
    }
}

fn check_range(range: Option<&DateRange>, path: &str, problems: &mut Vec<ErrorDetail>) {
    if let Some(DateRange {
        start: Some(start),
        end: Some(end),
        ..
    }) = range
        && start > end
    {
        problems.push(detail(
            path,
            "invalid_date_range",
            "The range ends before it starts",
        ));
    }
}

/// Whether `text` looks like an email address: a local part, `@`, and a domain of at
/// least two dot-separated labels of letters, digits and hyphens.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.contains('@')
        && !local.chars().any(|c| c.is_whitespace() || c.is_control());
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::is_email;

    #[test]
    fn emails_are_recognised() {
        assert!(is_email("tom.reilly@example.com"));
        assert!(is_email("a+b@mail.example.co.uk"));
        assert!(!is_email("tom.reilly"));
        assert!(!is_email("tom@localhost"));
        assert!(!is_email("@example.com"));
        assert!(!is_email("tom reilly@example.com"));
    }
}
