//! The `Collection notes` tag: the driver's note, an A4 PDF listing the shipments to
//! collect, for a locked (or closed) shipment group, a set of manifests or a query.
//! An open group has no note yet (404), like an unallocated shipment has no label.

use sorted_pro::operations::{
    get_collection_note_by_query, get_manifest_collection_note, get_shipment_group_collection_note,
    get_shipment_group_version_collection_note,
};
use sorted_pro::server::{CollectionNotesApi, Problem, RequestContext};
use sorted_pro::types::{DateRange, Document, DocumentType, ShipmentGroupState};

use crate::documents::{self, PageSize};
use crate::failure::{Failure, detail};
use crate::labels::address_of;
use crate::store::{self, Ledger};
use crate::{Principal, Sandbox};

type Context = RequestContext<Principal>;

/// A collection note listing `shipments`.
fn note(ledger: &Ledger, title: &str, heading: Vec<String>, shipments: &[String]) -> Document {
    let mut lines = heading;
    lines.push(format!("{} shipments", shipments.len()));
    lines.push(String::new());
    for reference in shipments {
        let Some(record) = ledger.shipments.get(reference) else {
            continue;
        };
        let carrier = record.allocation.as_ref().map_or_else(
            || "no carrier".to_owned(),
            |allocation| {
                format!(
                    "{} {} {}",
                    allocation.service.carrier.name,
                    allocation.service.name,
                    allocation.tracking_reference
                )
            },
        );
        lines.push(format!("{reference}  {carrier}"));
        lines.push(format!("    to {}", address_of(record, "destination")));
    }
    lines.push(String::new());
    lines.push("Driver signature: ____________________   Date: __________".to_owned());
    Document::new(
        documents::pdf(PageSize::A4, title, &lines),
        documents::PDF.to_owned(),
        DocumentType::CollectionNote,
    )
}

/// The note of a group, which exists once the group is locked (and after it is closed).
fn group_note(ledger: &Ledger, reference: &str) -> Result<Document, Failure> {
    let group = ledger.group(reference)?;
    if group.state == ShipmentGroupState::Open {
        return Err(Failure::not_found(
            "not_found",
            format!("{reference} is open; its collection note exists once it is locked"),
        ));
    }
    let mut heading = vec![format!("Shipment group: {reference}")];
    if let (Some(custom), Some(version)) = (&group.custom_reference, group.version) {
        heading.push(format!("Custom reference: {custom} version {version}"));
    }
    Ok(note(ledger, "Collection note", heading, &group.shipments))
}

impl CollectionNotesApi for Sandbox {
    async fn get_shipment_group_collection_note(
        &self,
        request: get_shipment_group_collection_note::Request,
        context: Context,
    ) -> Result<get_shipment_group_collection_note::Response, Problem> {
        let result = context
            .principal
            .with(|ledger| group_note(ledger, &request.shipment_group_reference));
        Ok(get_shipment_group_collection_note::Response::Ok(result?))
    }

    async fn get_shipment_group_version_collection_note(
        &self,
        request: get_shipment_group_version_collection_note::Request,
        context: Context,
    ) -> Result<get_shipment_group_version_collection_note::Response, Problem> {
        let result = context.principal.with(|ledger| {
            let reference = ledger.group_version(&request.custom_reference, &request.version)?;
            group_note(ledger, &reference)
        });
        Ok(get_shipment_group_version_collection_note::Response::Ok(
            result?,
        ))
    }

    async fn get_manifest_collection_note(
        &self,
        request: get_manifest_collection_note::Request,
        context: Context,
    ) -> Result<get_manifest_collection_note::Response, Problem> {
        let manifests = request.body.manifests;
        let result = context.principal.with(|ledger| {
            let missing: Vec<_> = manifests
                .iter()
                .filter(|reference| !ledger.manifests.contains_key(*reference))
                .map(|reference| {
                    detail(
                        "manifests",
                        "not_found",
                        format!("{reference} could not be found"),
                    )
                })
                .collect();
            if !missing.is_empty() {
                return Err(Failure {
                    status: crate::failure::Status::NotFound,
                    details: missing,
                });
            }
            let shipments: Vec<String> = manifests
                .iter()
                .filter_map(|reference| ledger.manifests.get(reference))
                .flat_map(|manifest| manifest.shipments.iter().cloned())
                .collect();
            let heading = vec![format!("Manifests: {}", manifests.join(", "))];
            Ok(note(ledger, "Collection note", heading, &shipments))
        });
        Ok(get_manifest_collection_note::Response::Ok(result?))
    }

    async fn get_collection_note_by_query(
        &self,
        request: get_collection_note_by_query::Request,
        context: Context,
    ) -> Result<get_collection_note_by_query::Response, Problem> {
        let query = request.body;
        let result = context.principal.with(|ledger| {
            if let Some(DateRange {
                start: Some(start),
                end: Some(end),
                ..
            }) = &query.shipping_date
                && (start > end || start.date_naive() != end.date_naive())
            {
                return Err(Failure::bad_request(
                    "shipping_date",
                    "invalid_date_range",
                    "The shipping date range must lie within one day",
                ));
            }
            let address = store::address_key(&query.address);
            let shipments: Vec<String> = ledger
                .shipments
                .values()
                .filter(|record| query.shipment_states.contains(&record.state))
                .filter(|record| store::origin_key(&record.details) == address)
                .filter(|record| {
                    record.allocation.as_ref().is_some_and(|allocation| {
                        allocation.service.carrier.reference == query.carrier
                    })
                })
                .filter(|record| {
                    query
                        .labels_printed
                        .is_none_or(|printed| printed == (record.label_retrievals > 0))
                })
                .filter(|record| {
                    query.shipping_date.as_ref().is_none_or(|range| {
                        record.allocation.as_ref().is_some_and(|allocation| {
                            range
                                .start
                                .is_none_or(|start| start <= allocation.shipping_date)
                                && range.end.is_none_or(|end| allocation.shipping_date <= end)
                        })
                    })
                })
                .map(|record| record.reference.clone())
                .collect();
            if shipments.is_empty() {
                return Err(Failure::not_found(
                    "not_found",
                    "No shipments match the query",
                ));
            }
            let heading = vec![
                format!("Carrier: {}", query.carrier),
                format!(
                    "Collect from: {}",
                    crate::labels::address_line(&query.address)
                ),
            ];
            Ok(note(ledger, "Collection note", heading, &shipments))
        });
        Ok(get_collection_note_by_query::Response::Ok(result?))
    }
}
