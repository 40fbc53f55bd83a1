//! Demo data: what every account holds when the sandbox starts with it (the binary's
//! default), so that the spec's examples name objects that exist.
//!
//! Two allocated shipments made from the spec's `CreateShipmentRequest` example under the
//! spec's example references, a third one still unallocated, and a locked shipment group
//! with the spec's example custom reference `CarrierX-PM` holding the first shipment.
//!
//! The constants are the references of the first account, whose number (`0001`) the
//! spec's example shipment reference already carries; every other account gets them with
//! its own number in its place, so that two accounts never share a reference.

use serde_json::json;
use sorted_pro::types::{CreateShipmentRequest, ShipmentGroupState};

use crate::clock::Timestamp;
use crate::store::{GroupRecord, Ledger};
use crate::{allocation, catalogue, shipments, views};

/// The spec's example shipment reference: allocated and in the demo group.
pub const SHIPMENT: &str = "sp_00013464648910021776641789788160";
/// A second allocated shipment, from the spec's shipment group example.
pub const SECOND_SHIPMENT: &str = "sp_00013464648910021776641789784435";
/// An unallocated shipment, after the spec's `create_shipment` answer example.
pub const UNALLOCATED_SHIPMENT: &str = "sp_00010123456789012345678901234567";
/// The demo shipment group, after the spec's example.
pub const GROUP: &str = "sg_00019577652026749527919113790001";
/// The demo group's custom reference, the spec's example.
pub const GROUP_CUSTOM_REFERENCE: &str = "CarrierX-PM";

/// The spec's `CreateShipmentRequest` example.
pub fn example_shipment() -> CreateShipmentRequest {
    let example = json!({
        "shipment_type": "on_demand",
        "direction": "outbound",
        "custom_reference": "ORDER-100234",
        "order_date": "2024-05-02T09:15:00+01:00",
        "required_delivery_date": {
            "start": "2024-05-04T08:00:00+01:00",
            "end": "2024-05-04T18:00:00+01:00"
        },
        "tags": ["tracked"],
        "metadata": [{"key": "web_order_id", "value": "A-99812", "type": "string"}],
        "label_properties": [{"key": "picker", "value": "Bay 7"}],
        "contents": [{
            "description": "Ceramic table lamp",
            "custom_reference": "LINE-1",
            "sku": "LAMP-CER-01",
            "model": "Aster",
            "quantity": 1,
            "value": {"amount": 49.99, "currency": "GBP"},
            "weight": {"value": 2.4, "unit": "kg"},
            "dimensions": {"length": 45, "width": 30, "height": 30, "unit": "cm"},
            "country_of_origin": "GB",
            "harmonisation_code": "94.05.20",
            "shipping_terms": "dap"
        }],
        "addresses": [
            {
                "address_type": "origin",
                "company_name": "Harbour Homeware Ltd",
                "address_line1": "Unit 4, Quay Business Park",
                "locality": "Bristol",
                "postal_code": "BS1 6XN",
                "country_iso_code": "GB",
                "contact": {
                    "first_name": "Priya",
                    "last_name": "Shah",
                    "position": "Dispatch lead",
                    "contact_details": {
                        "email": "dispatch@harbour-homeware.example",
                        "landline": "+44 117 496 0000"
                    }
                }
            },
            {
                "address_type": "destination",
                "property_number": "27",
                "address_line1": "Elm Grove",
                "locality": "Manchester",
                "postal_code": "M14 5JS",
                "country_iso_code": "GB",
                "special_instructions": "If nobody is in, leave with the neighbour at number 29.",
                "contact": {
                    "title": "Mr",
                    "first_name": "Tom",
                    "last_name": "Reilly",
                    "contact_details": {
                        "email": "tom.reilly@example.com",
                        "mobile": "+44 7700 900123"
                    }
                }
            }
        ]
    });
    // The example is a constant that matches the spec, so decoding it cannot fail.
    serde_json::from_value(example).unwrap_or_else(|error| unreachable!("{error}"))
}

/// Fills an account with the demo objects.
pub fn seed(ledger: &mut Ledger, now: Timestamp, links: &views::Links) {
    let service = catalogue::service("RP-TRACKED-48")
        .into_iter()
        .collect::<Vec<_>>();
    let [shipment, second, unallocated, group] =
        [SHIPMENT, SECOND_SHIPMENT, UNALLOCATED_SHIPMENT, GROUP].map(|demo| ledger.claim(demo));
    for reference in [&shipment, &second, &unallocated] {
        shipments::record_shipment_as(ledger, reference.clone(), example_shipment(), now);
    }
    for reference in [&shipment, &second] {
        // The example fits the service, so allocation succeeds; a failure would only leave
        // the demo shipment unallocated.
        let _ = allocation::allocate(ledger, reference, &service, None, now, links);
    }
    ledger
        .open_membership
        .insert(shipment.clone(), group.clone());
    ledger.groups.insert(
        group.clone(),
        GroupRecord {
            reference: group,
            custom_reference: Some(GROUP_CUSTOM_REFERENCE.to_owned()),
            version: Some(1),
            state: ShipmentGroupState::Locked,
            shipments: vec![shipment],
            created: now,
            updated: now,
            locked: Some(now),
            closed: None,
        },
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_example_follows_the_rules() {
        assert_eq!(
            crate::rules::check_shipment(&super::example_shipment()),
            Ok(())
        );
    }
}
