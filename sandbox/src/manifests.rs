//! The `Manifests` tag: send shipment data to carriers, one shipment, a list, a query or a
//! shipment group at a time, and read manifests back.
//!
//! Manifesting takes `allocated`, `manifest_failed` and `ready_to_ship` shipments to
//! `manifested` at once and records a tracking event; one manifest is made per carrier.
//! A shipment in another state is refused with 400 `invalid_state_for_operation`, since
//! these operations declare no 409.

use sorted_pro::operations::{
    get_manifest, manifest_shipment, manifest_shipment_group, manifest_shipments,
    manifest_shipments_by_query,
};
use sorted_pro::server::{ManifestsApi, Problem, RequestContext};
use sorted_pro::types::{
    DateRange, Manifest, ManifestResponse, ManifestResult, ShipmentGroupState, ShipmentState,
    TrackingEventCode,
};

use crate::catalogue::{self, Carrier};
use crate::clock::Timestamp;
use crate::failure::{Failure, Status, detail};
use crate::store::{self, Ledger, ManifestRecord};
use crate::{Principal, Sandbox, references, views};

type Context = RequestContext<Principal>;

/// Manifests `shipments`, which must all be ready for it: one manifest per carrier.
pub fn manifest(
    ledger: &mut Ledger,
    shipments: &[String],
    now: Timestamp,
    links: &views::Links,
) -> ManifestResponse {
    let mut by_carrier: Vec<(&'static Carrier, Vec<String>)> = Vec::new();
    for reference in shipments {
        let Some(carrier) = ledger
            .shipments
            .get(reference)
            .and_then(|record| record.allocation.as_ref())
            .map(|allocation| allocation.service.carrier)
        else {
            continue;
        };
        match by_carrier
            .iter_mut()
            .find(|(known, _)| known.reference == carrier.reference)
        {
            Some((_, list)) => list.push(reference.clone()),
            None => by_carrier.push((carrier, vec![reference.clone()])),
        }
    }
    let mut results = Vec::with_capacity(by_carrier.len());
    for (carrier, list) in by_carrier {
        let reference = ledger.next_reference(references::MANIFEST);
        for shipment in &list {
            if let Some(record) = ledger.shipments.get_mut(shipment) {
                record.state = ShipmentState::Manifested;
                record.updated = now;
            }
            ledger.record_event(
                shipment,
                TrackingEventCode::ForInformation,
                format!(
                    "Shipment details sent to {} in manifest {reference}",
                    carrier.name
                ),
                now,
            );
        }
        results.push(
            ManifestResult::new()
                .with_reference(reference.clone())
                .with_carrier(catalogue::carrier_only(carrier))
                .with_message(format!(
                    "{} shipments manifested to {}",
                    list.len(),
                    carrier.name
                ))
                .with_state(ShipmentState::Manifested)
                .with_shipment_count(list.len() as i64)
                .with_links(vec![links.manifest(&reference)]),
        );
        ledger.manifests.insert(
            reference.clone(),
            ManifestRecord {
                reference,
                carrier,
                shipments: list,
                created: now,
            },
        );
    }
    ManifestResponse::new().with_manifest_results(results)
}

/// Checks that every shipment exists (else 404) and can be manifested (else 400).
fn check_ready(ledger: &Ledger, shipments: &[String], property: &str) -> Result<(), Failure> {
    let missing: Vec<_> = shipments
        .iter()
        .filter(|reference| !ledger.shipments.contains_key(*reference))
        .map(|reference| {
            detail(
                property,
                "shipment_not_found",
                format!("{reference} could not be found"),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(Failure {
            status: Status::NotFound,
            details: missing,
        });
    }
    let unready: Vec<_> = shipments
        .iter()
        .enumerate()
        .filter_map(|(index, reference)| {
            let record = ledger.shipments.get(reference)?;
            (!store::can_manifest(&record.state)).then(|| {
                let at = if shipments.len() == 1 {
                    property.to_owned()
                } else {
                    format!("{property}[{index}]")
                };
                detail(
                    &at,
                    "invalid_state_for_operation",
                    format!(
                        "{reference} is {}; only allocated shipments can be manifested",
                        record.state
                    ),
                )
            })
        })
        .collect();
    if unready.is_empty() {
        Ok(())
    } else {
        Err(Failure::invalid(unready))
    }
}

/// Whether `moment` lies in `range` (an open end does not limit).
fn within(range: &DateRange, moment: Timestamp) -> bool {
    range.start.is_none_or(|start| start <= moment) && range.end.is_none_or(|end| moment <= end)
}

impl ManifestsApi for Sandbox {
    async fn manifest_shipment(
        &self,
        request: manifest_shipment::Request,
        context: Context,
    ) -> Result<manifest_shipment::Response, Problem> {
        let now = self.clock.now();
        let shipments = vec![request.shipment_reference];
        let result: Result<_, Failure> = context.principal.with(|ledger| {
            check_ready(ledger, &shipments, "shipment_reference")?;
            Ok(manifest(ledger, &shipments, now, &self.links))
        });
        Ok(manifest_shipment::Response::Accepted(result?))
    }

    async fn manifest_shipments(
        &self,
        request: manifest_shipments::Request,
        context: Context,
    ) -> Result<manifest_shipments::Response, Problem> {
        let now = self.clock.now();
        let shipments = request.body.shipments;
        let result: Result<_, Failure> = context.principal.with(|ledger| {
            check_ready(ledger, &shipments, "shipments")?;
            Ok(manifest(ledger, &shipments, now, &self.links))
        });
        Ok(manifest_shipments::Response::Ok(result?))
    }

    async fn manifest_shipments_by_query(
        &self,
        request: manifest_shipments_by_query::Request,
        context: Context,
    ) -> Result<manifest_shipments_by_query::Response, Problem> {
        let now = self.clock.now();
        let query = request.body;
        let result: Result<_, Failure> = context.principal.with(|ledger| {
            let tags = query.tags.clone().unwrap_or_default();
            let chosen: Vec<String> = ledger
                .shipments
                .values()
                .filter(|record| store::can_manifest(&record.state))
                .filter(|record| {
                    let Some(allocation) = &record.allocation else {
                        return false;
                    };
                    let carrier_ok = query
                        .carrier
                        .as_ref()
                        .is_none_or(|carrier| allocation.service.carrier.reference == carrier);
                    let location_ok =
                        query
                            .shipping_location_reference
                            .as_ref()
                            .is_none_or(|location| {
                                record.details.addresses.iter().any(|address| {
                                    address.address_type.as_str() == "origin"
                                        && address.shipping_location_reference.as_ref()
                                            == Some(location)
                                })
                            });
                    let date_ok = query
                        .shipping_date
                        .as_ref()
                        .is_none_or(|range| within(range, allocation.shipping_date));
                    let own_tags = record.details.tags.as_deref().unwrap_or_default();
                    let tags_ok = tags.iter().all(|tag| own_tags.contains(tag));
                    carrier_ok && location_ok && date_ok && tags_ok
                })
                .map(|record| record.reference.clone())
                .collect();
            Ok(manifest(ledger, &chosen, now, &self.links))
        });
        Ok(manifest_shipments_by_query::Response::Ok(result?))
    }

    async fn manifest_shipment_group(
        &self,
        request: manifest_shipment_group::Request,
        context: Context,
    ) -> Result<manifest_shipment_group::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            let group = ledger.group(&request.shipment_group_reference)?;
            if group.state == ShipmentGroupState::Closed {
                return Err(Failure::bad_request(
                    "shipment_group_reference",
                    "invalid_state_for_operation",
                    format!("{} is closed", group.reference),
                ));
            }
            let ready: Vec<String> = group
                .shipments
                .iter()
                .filter(|reference| {
                    ledger
                        .shipments
                        .get(*reference)
                        .is_some_and(|record| store::can_manifest(&record.state))
                })
                .cloned()
                .collect();
            Ok(manifest(ledger, &ready, now, &self.links))
        });
        Ok(manifest_shipment_group::Response::Ok(result?))
    }

    async fn get_manifest(
        &self,
        request: get_manifest::Request,
        context: Context,
    ) -> Result<get_manifest::Response, Problem> {
        let result = context.principal.with(|ledger| {
            ledger
                .manifests
                .get(&request.manifest_reference)
                .map(|record| {
                    Manifest::new(record.reference.clone())
                        .with_shipments(record.shipments.clone())
                        .with_created(record.created)
                })
                .ok_or_else(|| {
                    Failure::not_found(
                        "not_found",
                        format!("{} could not be found", request.manifest_reference),
                    )
                })
        });
        Ok(get_manifest::Response::Ok(result?))
    }
}
