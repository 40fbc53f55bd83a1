//! The built-in carriers, services, service groups and virtual services, and their prices.
//!
//! Every account sees the same small catalogue. Whether a service can carry a shipment,
//! and at what price, depends only on the shipment (weight, longest side, countries,
//! direction, tags, dangerous goods), never on the time, so the same request always gets
//! the same answer. Prices are in GBP with 20% VAT.

use sorted_pro::types::{
    CarrierDetails, CreateShipmentRequest, DimensionUnit, Direction, ExcludedService, Exclusion,
    ExclusionCode, Price, ShipmentContents, Tax, TaxRate, WeightUnit,
};

/// A carrier.
#[derive(Debug)]
pub struct Carrier {
    pub reference: &'static str,
    pub name: &'static str,
}

/// Where a service delivers, seen from the origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// The destination is in the origin's country.
    Domestic,
    /// Another European country.
    Europe,
    /// Anywhere else.
    World,
}

/// A carrier service and what it accepts.
#[derive(Debug)]
pub struct Service {
    pub reference: &'static str,
    pub name: &'static str,
    pub carrier: &'static Carrier,
    pub tags: &'static [&'static str],
    pub zones: &'static [Zone],
    pub min_weight_kg: f64,
    pub max_weight_kg: f64,
    pub max_length_cm: f64,
    pub inbound: bool,
    pub dangerous_goods: bool,
    pub pickup: bool,
    pub drop_off: bool,
    /// The price before tax: a base and an amount per started kilogram, in pence.
    pub base_pence: i64,
    pub per_kg_pence: i64,
    pub transit_days: i64,
    /// The first letters of the carrier's tracking references.
    pub tracking_prefix: &'static str,
}

/// A named set of services to choose from.
#[derive(Debug)]
pub struct ServiceGroup {
    pub reference: &'static str,
    pub services: &'static [&'static str],
}

static ROYAL_POST: Carrier = Carrier {
    reference: "royal_post",
    name: "Royal Post",
};
static SWIFT: Carrier = Carrier {
    reference: "swift_couriers",
    name: "Swift Couriers",
};
static HAULIER: Carrier = Carrier {
    reference: "northern_haulage",
    name: "Northern Haulage",
};

/// Every service, in the order ties are broken.
pub static SERVICES: [Service; 7] = [
    Service {
        reference: "RP-TRACKED-48",
        name: "Tracked 48",
        carrier: &ROYAL_POST,
        tags: &["tracked"],
        zones: &[Zone::Domestic],
        min_weight_kg: 0.0,
        max_weight_kg: 20.0,
        max_length_cm: 100.0,
        inbound: true,
        dangerous_goods: false,
        pickup: false,
        drop_off: true,
        base_pence: 295,
        per_kg_pence: 45,
        transit_days: 2,
        tracking_prefix: "RP",
    },
    Service {
        reference: "RP-TRACKED-24",
        name: "Tracked 24",
        carrier: &ROYAL_POST,
        tags: &["tracked", "next_day"],
        zones: &[Zone::Domestic],
        min_weight_kg: 0.0,
        max_weight_kg: 20.0,
        max_length_cm: 100.0,
        inbound: false,
        dangerous_goods: false,
        pickup: false,
        drop_off: true,
        base_pence: 395,
        per_kg_pence: 55,
        transit_days: 1,
        tracking_prefix: "RP",
    },
    Service {
        reference: "RP-INTL",
        name: "International Tracked",
        carrier: &ROYAL_POST,
        tags: &["tracked", "international"],
        zones: &[Zone::Europe, Zone::World],
        min_weight_kg: 0.0,
        max_weight_kg: 2.0,
        max_length_cm: 60.0,
        inbound: false,
        dangerous_goods: false,
        pickup: false,
        drop_off: true,
        base_pence: 950,
        per_kg_pence: 400,
        transit_days: 5,
        tracking_prefix: "RI",
    },
    Service {
        reference: "SC-NEXT-DAY",
        name: "Next Day",
        carrier: &SWIFT,
        tags: &["tracked", "next_day", "signature"],
        zones: &[Zone::Domestic],
        min_weight_kg: 0.0,
        max_weight_kg: 30.0,
        max_length_cm: 150.0,
        inbound: true,
        dangerous_goods: true,
        pickup: true,
        drop_off: false,
        base_pence: 520,
        per_kg_pence: 30,
        transit_days: 1,
        tracking_prefix: "SC",
    },
    Service {
        reference: "SC-EUROPE",
        name: "Europe Road",
        carrier: &SWIFT,
        tags: &["tracked", "international", "signature"],
        zones: &[Zone::Europe],
        min_weight_kg: 0.0,
        max_weight_kg: 30.0,
        max_length_cm: 150.0,
        inbound: false,
        dangerous_goods: false,
        pickup: true,
        drop_off: false,
        base_pence: 1450,
        per_kg_pence: 120,
        transit_days: 3,
        tracking_prefix: "SE",
    },
    Service {
        reference: "SC-WORLD",
        name: "Worldwide Air",
        carrier: &SWIFT,
        tags: &["tracked", "international", "signature"],
        zones: &[Zone::Europe, Zone::World],
        min_weight_kg: 0.0,
        max_weight_kg: 30.0,
        max_length_cm: 150.0,
        inbound: false,
        dangerous_goods: false,
        pickup: true,
        drop_off: false,
        base_pence: 2950,
        per_kg_pence: 350,
        transit_days: 6,
        tracking_prefix: "SW",
    },
    Service {
        reference: "NH-PALLET",
        name: "Pallet",
        carrier: &HAULIER,
        tags: &["tracked", "pallet"],
        zones: &[Zone::Domestic],
        min_weight_kg: 20.0,
        max_weight_kg: 1000.0,
        max_length_cm: 240.0,
        inbound: false,
        dangerous_goods: true,
        pickup: true,
        drop_off: false,
        base_pence: 4500,
        per_kg_pence: 8,
        transit_days: 2,
        tracking_prefix: "NH",
    },
];

/// The service groups.
pub static SERVICE_GROUPS: [ServiceGroup; 3] = [
    ServiceGroup {
        reference: "domestic",
        services: &["RP-TRACKED-48", "RP-TRACKED-24", "SC-NEXT-DAY", "NH-PALLET"],
    },
    ServiceGroup {
        reference: "international",
        services: &["RP-INTL", "SC-EUROPE", "SC-WORLD"],
    },
    ServiceGroup {
        reference: "express",
        services: &["RP-TRACKED-24", "SC-NEXT-DAY", "SC-EUROPE"],
    },
];

/// The virtual services: names that map onto a set of real services.
pub static VIRTUAL_SERVICES: [ServiceGroup; 3] = [
    ServiceGroup {
        reference: "economy",
        services: &["RP-TRACKED-48", "RP-INTL", "NH-PALLET"],
    },
    ServiceGroup {
        reference: "next_day",
        services: &["RP-TRACKED-24", "SC-NEXT-DAY"],
    },
    ServiceGroup {
        reference: "worldwide",
        services: &["SC-EUROPE", "SC-WORLD"],
    },
];

/// Countries that count as Europe for the `Europe` zone.
const EUROPE: [&str; 32] = [
    "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR", "HU",
    "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// The country assumed when an address names none (a shipping location, say).
pub const HOME_COUNTRY: &str = "GB";

/// The service with this reference.
pub fn service(reference: &str) -> Option<&'static Service> {
    SERVICES
        .iter()
        .find(|service| service.reference == reference)
}

/// The services of a service group (or of a virtual service).
pub fn members(group: &'static ServiceGroup) -> impl Iterator<Item = &'static Service> {
    group
        .services
        .iter()
        .filter_map(|reference| service(reference))
}

/// The service group with this reference.
pub fn service_group(reference: &str) -> Option<&'static ServiceGroup> {
    SERVICE_GROUPS
        .iter()
        .find(|group| group.reference == reference)
}

/// The virtual service with this reference.
pub fn virtual_service(reference: &str) -> Option<&'static ServiceGroup> {
    VIRTUAL_SERVICES
        .iter()
        .find(|group| group.reference == reference)
}

/// The carrier with this reference.
pub fn carrier(reference: &str) -> Option<&'static Carrier> {
    SERVICES
        .iter()
        .map(|service| service.carrier)
        .find(|carrier| carrier.reference == reference)
}

/// What the catalogue needs to know about a shipment.
#[derive(Debug, Clone, PartialEq)]
pub struct Parcel {
    pub weight_kg: f64,
    pub longest_cm: f64,
    pub origin_country: String,
    pub destination_country: String,
    pub inbound: bool,
    pub tags: Vec<String>,
    pub dangerous_goods: bool,
}

/// The weight assumed for a contents item that gives none, in kilograms.
const DEFAULT_ITEM_KG: f64 = 0.5;

impl Parcel {
    /// The parcel a shipment describes.
    pub fn of(details: &CreateShipmentRequest) -> Self {
        let country = |kind: &str| {
            details
                .addresses
                .iter()
                .find(|address| address.address_type.as_str() == kind)
                .and_then(|address| address.country_iso_code.clone())
                .unwrap_or_else(|| HOME_COUNTRY.to_owned())
        };
        Self {
            weight_kg: details.contents.iter().map(item_weight_kg).sum(),
            longest_cm: details
                .contents
                .iter()
                .map(item_longest_cm)
                .fold(0.0, f64::max),
            origin_country: country("origin"),
            destination_country: country("destination"),
            inbound: details.direction == Direction::Inbound,
            tags: details.tags.clone().unwrap_or_default(),
            dangerous_goods: details.contents.iter().any(has_dangerous_goods),
        }
    }

    /// The zone of the destination, seen from the origin.
    pub fn zone(&self) -> Zone {
        if self.origin_country == self.destination_country {
            Zone::Domestic
        } else if EUROPE.contains(&self.destination_country.as_str()) {
            Zone::Europe
        } else {
            Zone::World
        }
    }

    /// Whether customs documents are needed: the parcel crosses a border.
    pub fn is_international(&self) -> bool {
        self.zone() != Zone::Domestic
    }
}

/// An item's weight times its quantity; the weight of its nested items when it gives none.
fn item_weight_kg(item: &ShipmentContents) -> f64 {
    let quantity = item.quantity.max(1) as f64;
    let own = item.weight.as_ref().map(|weight| match weight.unit {
        WeightUnit::Lbs => weight.value * 0.453_592_37,
        _ => weight.value,
    });
    match (own, &item.contents) {
        (Some(kg), _) => kg * quantity,
        (None, Some(nested)) if !nested.is_empty() => {
            nested.iter().map(item_weight_kg).sum::<f64>() * quantity
        }
        _ => DEFAULT_ITEM_KG * quantity,
    }
}

/// The longest side of an item or of its nested items, in centimetres.
fn item_longest_cm(item: &ShipmentContents) -> f64 {
    let own = item.dimensions.as_ref().map_or(0.0, |dimensions| {
        let factor = match dimensions.unit {
            DimensionUnit::In => 2.54,
            _ => 1.0,
        };
        [
            Some(dimensions.length),
            dimensions.width,
            Some(dimensions.height),
        ]
        .into_iter()
        .flatten()
        .fold(0.0, f64::max)
            * factor
    });
    let nested = item
        .contents
        .iter()
        .flatten()
        .map(item_longest_cm)
        .fold(0.0, f64::max);
    own.max(nested)
}

fn has_dangerous_goods(item: &ShipmentContents) -> bool {
    item.dangerous_goods.is_some() || item.contents.iter().flatten().any(has_dangerous_goods)
}

/// Why `service` cannot carry `parcel`, if it cannot.
pub fn exclusion(service: &Service, parcel: &Parcel) -> Option<(ExclusionCode, String)> {
    let zone = parcel.zone();
    if !service.zones.contains(&zone) {
        let reason = format!(
            "{} does not deliver from {} to {}",
            service.name, parcel.origin_country, parcel.destination_country
        );
        return Some((ExclusionCode::ExAvailability, reason));
    }
    if parcel.inbound && !service.inbound {
        let reason = format!("{} does not carry returns", service.name);
        return Some((ExclusionCode::ExRules, reason));
    }
    if parcel.weight_kg > service.max_weight_kg || parcel.weight_kg < service.min_weight_kg {
        let reason = format!(
            "{} carries {} to {} kg; the shipment weighs {:.2} kg",
            service.name, service.min_weight_kg, service.max_weight_kg, parcel.weight_kg
        );
        return Some((ExclusionCode::ExWeight, reason));
    }
    if parcel.longest_cm > service.max_length_cm {
        let reason = format!(
            "{} takes items up to {} cm long; the longest side is {:.1} cm",
            service.name, service.max_length_cm, parcel.longest_cm
        );
        return Some((ExclusionCode::ExDims, reason));
    }
    if parcel.dangerous_goods && !service.dangerous_goods {
        let reason = format!("{} does not carry dangerous goods", service.name);
        return Some((ExclusionCode::ExContents, reason));
    }
    if let Some(tag) = parcel
        .tags
        .iter()
        .find(|tag| !service.tags.contains(&tag.as_str()))
    {
        let reason = format!("{} does not have the tag `{tag}`", service.name);
        return Some((ExclusionCode::ExRules, reason));
    }
    None
}

/// The price of `service` for `parcel`, in pence before tax.
pub fn net_pence(service: &Service, parcel: &Parcel) -> i64 {
    let started_kg = parcel.weight_kg.ceil().max(1.0) as i64;
    service.base_pence + service.per_kg_pence * started_kg
}

/// A price in pence before tax, as the API shows it (GBP, 20% VAT).
pub fn price(net_pence: i64) -> Price {
    let tax_pence = (net_pence * 20 + 50) / 100;
    let pounds = |pence: i64| pence as f64 / 100.0;
    let rate = TaxRate::new()
        .with_reference("vat_gb_standard".to_owned())
        .with_country_iso_code("GB".to_owned())
        .with_type("VAT".to_owned())
        .with_value(20.0);
    let tax = Tax::new().with_rate(rate).with_amount(pounds(tax_pence));
    Price::new()
        .with_net(pounds(net_pence))
        .with_gross(pounds(net_pence + tax_pence))
        .with_taxes(vec![tax])
        .with_currency("GBP".to_owned())
}

/// How the API shows a service.
pub fn carrier_details(service: &Service) -> CarrierDetails {
    carrier_only(service.carrier)
        .with_service_reference(service.reference.to_owned())
        .with_service_name(service.name.to_owned())
        .with_tags(service.tags.iter().map(|tag| (*tag).to_owned()).collect())
}

/// How the API shows a carrier on its own.
pub fn carrier_only(carrier: &Carrier) -> CarrierDetails {
    CarrierDetails::new()
        .with_reference(carrier.reference.to_owned())
        .with_name(carrier.name.to_owned())
}

/// The services among `candidates` that can carry `parcel` with their net price, cheapest
/// first (ties in catalogue order), and the ones that cannot, with why.
pub fn assess(
    candidates: impl IntoIterator<Item = &'static Service>,
    parcel: &Parcel,
) -> (Vec<(&'static Service, i64)>, Vec<ExcludedService>) {
    let mut fitting = Vec::new();
    let mut excluded = Vec::new();
    for service in candidates {
        match exclusion(service, parcel) {
            None => fitting.push((service, net_pence(service, parcel))),
            Some((code, reason)) => excluded.push(
                ExcludedService::new()
                    .with_carrier(carrier_details(service))
                    .with_exclusion(Exclusion::new().with_reason(reason).with_code(code)),
            ),
        }
    }
    fitting.sort_by_key(|(_, pence)| *pence);
    (fitting, excluded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parcel(weight_kg: f64, destination: &str) -> Parcel {
        Parcel {
            weight_kg,
            longest_cm: 30.0,
            origin_country: "GB".to_owned(),
            destination_country: destination.to_owned(),
            inbound: false,
            tags: Vec::new(),
            dangerous_goods: false,
        }
    }

    #[test]
    fn the_cheapest_fitting_service_comes_first() {
        let (fitting, excluded) = assess(SERVICES.iter(), &parcel(2.4, "GB"));
        assert_eq!(fitting[0].0.reference, "RP-TRACKED-48");
        assert_eq!(fitting[0].1, 295 + 45 * 3);
        assert!(excluded.len() >= 3);
    }

    #[test]
    fn nothing_carries_two_tonnes() {
        let (fitting, _) = assess(SERVICES.iter(), &parcel(2000.0, "GB"));
        assert!(fitting.is_empty());
    }

    #[test]
    fn prices_carry_vat() {
        let price = price(430);
        assert_eq!(price.net, Some(4.30));
        assert_eq!(price.gross, Some(5.16));
    }
}
