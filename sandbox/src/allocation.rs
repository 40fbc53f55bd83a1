//! The `Allocation` tag: choose a carrier service for one shipment or a batch, by the
//! catalogue's rules (cheapest service that can carry it), by service, service group,
//! virtual service or earlier quote.
//!
//! The sandbox allocates at once: single allocations answer 200, batches 202 with one
//! result per shipment (207 or 407 where some were refused, as each operation declares),
//! and the shipments are `allocated` when the answer arrives. A shipment no service can take becomes
//! `allocation_failed` and the answer is 521 with one detail per excluded service.

use sorted_pro::operations::{
    allocate_shipment, allocate_shipment_with_quote, allocate_shipment_with_service,
    allocate_shipment_with_service_group, allocate_shipment_with_virtual_service,
    allocate_shipments, allocate_shipments_with_filters, allocate_shipments_with_service,
    allocate_shipments_with_service_group,
};
use sorted_pro::server::{AllocationApi, Problem, RequestContext};
use sorted_pro::types::{
    AllocateResult, AllocateWithFiltersResult, ApiError, Direction, ErrorDetail, ShipmentState,
};

use crate::catalogue::{self, Parcel, Service};
use crate::clock::Timestamp;
use crate::failure::{Failure, Status, detail};
use crate::store::{self, Allocation, Ledger};
use crate::{Principal, Sandbox, views};

type Context = RequestContext<Principal>;

/// Allocates the shipment to the cheapest of `candidates` that can carry it, at
/// `quoted` pence when a quote fixed the price.
pub fn allocate(
    ledger: &mut Ledger,
    reference: &str,
    candidates: &[&'static Service],
    quoted: Option<i64>,
    now: Timestamp,
    links: &views::Links,
) -> Result<AllocateResult, Failure> {
    let record = ledger.shipment(reference)?;
    if !store::can_allocate(&record.state) {
        return Err(Failure::new(
            Status::AllocationFailed,
            "shipment_invalid_state",
            format!(
                "{reference} is {}; only unallocated shipments can be allocated",
                record.state
            ),
        ));
    }
    let parcel = Parcel::of(&record.details);
    let (fitting, excluded) = catalogue::assess(candidates.iter().copied(), &parcel);
    let Some(&(service, pence)) = fitting.first() else {
        let record = ledger.shipment_mut(reference)?;
        record.state = ShipmentState::AllocationFailed;
        record.updated = now;
        let mut details: Vec<_> = excluded
            .iter()
            .filter_map(|excluded| {
                let service = excluded.carrier.as_ref()?.service_reference.clone()?;
                let reason = excluded.exclusion.as_ref()?.reason.clone()?;
                Some(detail(
                    "",
                    "carrier_service_shipment_mismatch",
                    format!("{service}: {reason}"),
                ))
            })
            .collect();
        if details.is_empty() {
            details.push(detail(
                "",
                "carrier_service_shipment_mismatch",
                "No carrier service can carry this shipment",
            ));
        }
        return Err(Failure {
            status: Status::AllocationFailed,
            details,
        });
    };
    let required_start = record
        .details
        .required_shipping_date
        .as_ref()
        .and_then(|range| range.start);
    let shipping_date = required_start.filter(|start| *start > now).unwrap_or(now);
    // Tracking references: the carrier's prefix, the account and the shipment's number.
    let digits = &reference[3..];
    let tracking_reference = format!(
        "{}{}{}",
        service.tracking_prefix,
        &digits[..4],
        &digits[digits.len() - 8..]
    );
    let contents_tracking = store::all_contents(&record.details.contents)
        .iter()
        .enumerate()
        .filter_map(|(index, item)| {
            let item_reference = item.reference.clone()?;
            Some((
                item_reference,
                format!("{tracking_reference}{:02}", index + 1),
            ))
        })
        .collect();
    let allocation = Allocation {
        service,
        price: catalogue::price(quoted.unwrap_or(pence)),
        date: now,
        shipping_date,
        expected_delivery: shipping_date + chrono::TimeDelta::days(service.transit_days),
        tracking_reference,
        contents_tracking,
    };
    let mut result = AllocateResult::new(reference, ShipmentState::Allocated)
        .with_message(format!(
            "{reference} is allocated to {} {}",
            service.carrier.name, service.name
        ))
        .with_carrier(catalogue::carrier_details(service))
        .with_price(allocation.price.clone())
        .with_tracking_details(views::tracking_details(&allocation))
        .with_links(vec![links.shipment(reference), links.label(reference)]);
    result.excluded_services = (!excluded.is_empty()).then_some(excluded);
    let record = ledger.shipment_mut(reference)?;
    record.state = ShipmentState::Allocated;
    record.allocation = Some(allocation);
    record.updated = now;
    Ok(result)
}

/// What a batch did: one result per shipment, in the order of the request.
struct Batch {
    results: Vec<AllocateResult>,
    /// How many shipments were refused.
    refused: usize,
    /// Why each refused shipment could not be allocated, for a 407 error body.
    refusals: Vec<ErrorDetail>,
}

impl Batch {
    /// Whether some shipments were refused (and, since the batch succeeded, some allocated).
    fn partial(&self) -> bool {
        self.refused > 0
    }

    /// The 407 for a partly allocated batch: the error body names each refused shipment.
    fn partially_allocated(self) -> Failure {
        Failure {
            status: Status::PartiallyAllocated,
            details: self.refusals,
        }
    }
}

/// Allocates each shipment of a batch among `candidates`; 521 when none could be.
fn allocate_batch(
    ledger: &mut Ledger,
    shipments: &[String],
    candidates: &[&'static Service],
    now: Timestamp,
    links: &views::Links,
) -> Result<Batch, Failure> {
    let mut results = Vec::new();
    let mut refusals = Vec::new();
    let mut refused = 0;
    for reference in shipments {
        match allocate(ledger, reference, candidates, None, now, links) {
            Ok(result) => results.push(result),
            Err(failure) => {
                refused += 1;
                let state = ledger
                    .shipment(reference)
                    .map_or(ShipmentState::AllocationFailed, |record| {
                        record.state.clone()
                    });
                let errors: Vec<ApiError> = failure
                    .details
                    .iter()
                    .map(|detail| ApiError::new(detail.code.clone(), detail.message.clone()))
                    .collect();
                refusals.extend(failure.details.into_iter().map(|mut detail| {
                    detail.property = Some("shipments".to_owned());
                    detail.message = format!("{reference}: {}", detail.message);
                    detail
                }));
                results.push(
                    AllocateResult::new(reference.clone(), state)
                        .with_message(format!("{reference} could not be allocated"))
                        .with_details(errors),
                );
            }
        }
    }
    // A refused shipment keeps its state, which may be `allocated` already.
    if refused == results.len() {
        return Err(Failure {
            status: Status::AllocationFailed,
            details: refusals,
        });
    }
    Ok(Batch {
        results,
        refused,
        refusals,
    })
}

/// The services of the catalogue.
fn all_services() -> Vec<&'static Service> {
    catalogue::SERVICES.iter().collect()
}

/// The service with this reference, or 521 `carrier_service_not_found`.
fn named_service(reference: &str) -> Result<&'static Service, Failure> {
    catalogue::service(reference).ok_or_else(|| {
        Failure::new(
            Status::AllocationFailed,
            "carrier_service_not_found",
            format!("No carrier service {reference} is enabled on this account"),
        )
    })
}

/// The services of a service group, or 404.
fn group_services(reference: &str) -> Result<Vec<&'static Service>, Failure> {
    catalogue::service_group(reference)
        .map(|group| catalogue::members(group).collect())
        .ok_or_else(|| {
            Failure::not_found(
                "not_found",
                format!("No carrier service group {reference} is set up on this account"),
            )
        })
}

impl AllocationApi for Sandbox {
    async fn allocate_shipment(
        &self,
        request: allocate_shipment::Request,
        context: Context,
    ) -> Result<allocate_shipment::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            allocate(
                ledger,
                &request.shipment_reference,
                &all_services(),
                None,
                now,
                &self.links,
            )
        });
        Ok(allocate_shipment::Response::Ok(result?))
    }

    async fn allocate_shipment_with_service(
        &self,
        request: allocate_shipment_with_service::Request,
        context: Context,
    ) -> Result<allocate_shipment_with_service::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            ledger.shipment(&request.shipment_reference)?;
            let service = named_service(&request.service_reference)?;
            allocate(
                ledger,
                &request.shipment_reference,
                &[service],
                None,
                now,
                &self.links,
            )
        });
        Ok(allocate_shipment_with_service::Response::Ok(result?))
    }

    async fn allocate_shipment_with_service_group(
        &self,
        request: allocate_shipment_with_service_group::Request,
        context: Context,
    ) -> Result<allocate_shipment_with_service_group::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            ledger.shipment(&request.shipment_reference)?;
            let services = group_services(&request.group_reference)?;
            allocate(
                ledger,
                &request.shipment_reference,
                &services,
                None,
                now,
                &self.links,
            )
        });
        Ok(allocate_shipment_with_service_group::Response::Ok(result?))
    }

    async fn allocate_shipment_with_virtual_service(
        &self,
        request: allocate_shipment_with_virtual_service::Request,
        context: Context,
    ) -> Result<allocate_shipment_with_virtual_service::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            ledger.shipment(&request.shipment_reference)?;
            let services: Vec<_> = catalogue::virtual_service(&request.virtual_service)
                .map(|group| catalogue::members(group).collect())
                .ok_or_else(|| {
                    Failure::not_found(
                        "not_found",
                        format!(
                            "No virtual service {} is set up on this account",
                            request.virtual_service
                        ),
                    )
                })?;
            allocate(
                ledger,
                &request.shipment_reference,
                &services,
                None,
                now,
                &self.links,
            )
        });
        Ok(allocate_shipment_with_virtual_service::Response::Ok(
            result?,
        ))
    }

    async fn allocate_shipment_with_quote(
        &self,
        request: allocate_shipment_with_quote::Request,
        context: Context,
    ) -> Result<allocate_shipment_with_quote::Response, Problem> {
        let now = self.clock.now();
        let reference = request.shipment_reference;
        let result = context.principal.with(|ledger| {
            ledger.shipment(&reference)?;
            let quote = ledger
                .quotes
                .get(&request.quote_reference)
                .cloned()
                .ok_or_else(|| {
                    Failure::not_found(
                        "not_found",
                        format!("{} could not be found", request.quote_reference),
                    )
                })?;
            if let Some(quoted) = quote.shipment.as_deref()
                && quoted != reference
            {
                return Err(Failure::new(
                    Status::AllocationFailed,
                    "carrier_service_shipment_mismatch",
                    format!("Quote {} is for shipment {quoted}", quote.reference),
                ));
            }
            if now > quote.expires {
                return Err(Failure::new(
                    Status::AllocationFailed,
                    "quote_expired",
                    format!("Quote {} expired at {}", quote.reference, quote.expires),
                ));
            }
            allocate(
                ledger,
                &reference,
                &[quote.service],
                Some(quote.net_pence),
                now,
                &self.links,
            )
        });
        Ok(allocate_shipment_with_quote::Response::Ok(result?))
    }

    async fn allocate_shipments(
        &self,
        request: allocate_shipments::Request,
        context: Context,
    ) -> Result<allocate_shipments::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            allocate_batch(
                ledger,
                &request.body.shipments,
                &all_services(),
                now,
                &self.links,
            )
        });
        let batch = result?;
        if batch.partial() {
            return Err(batch.partially_allocated().into());
        }
        Ok(allocate_shipments::Response::Accepted(batch.results))
    }

    async fn allocate_shipments_with_filters(
        &self,
        request: allocate_shipments_with_filters::Request,
        context: Context,
    ) -> Result<allocate_shipments_with_filters::Response, Problem> {
        let now = self.clock.now();
        let body = request.body;
        let filters = &body.filters;
        let tags = filters.tags.clone().unwrap_or_default();
        let services: Vec<&'static Service> = catalogue::SERVICES
            .iter()
            .filter(|service| filters.direction != Direction::Inbound || service.inbound)
            .filter(|service| tags.iter().all(|tag| service.tags.contains(&tag.as_str())))
            .filter(|service| filters.pickup != Some(true) || service.pickup)
            .filter(|service| filters.drop_off != Some(true) || service.drop_off)
            .collect();
        let result = context.principal.with(|ledger| {
            let batch = allocate_batch(ledger, &body.shipments, &services, now, &self.links)?;
            Ok::<_, Failure>((ledger.next_reference("ar"), batch))
        });
        let (reference, batch) = result?;
        let allocated = batch.results.len() - batch.refused;
        Ok(allocate_shipments_with_filters::Response::Accepted(
            AllocateWithFiltersResult::new(
                reference,
                format!(
                    "{allocated} of {} shipments allocated",
                    body.shipments.len()
                ),
            )
            .with_shipments(
                batch
                    .results
                    .iter()
                    .map(|result| self.links.shipment(&result.shipment_reference))
                    .collect(),
            ),
        ))
    }

    async fn allocate_shipments_with_service(
        &self,
        request: allocate_shipments_with_service::Request,
        context: Context,
    ) -> Result<allocate_shipments_with_service::Response, Problem> {
        let now = self.clock.now();
        let body = request.body;
        let result = named_service(&body.carrier_service_reference).and_then(|service| {
            context.principal.with(|ledger| {
                allocate_batch(ledger, &body.shipments, &[service], now, &self.links)
            })
        });
        let batch = result?;
        Ok(if batch.partial() {
            allocate_shipments_with_service::Response::MultiStatus(batch.results)
        } else {
            allocate_shipments_with_service::Response::Accepted(batch.results)
        })
    }

    async fn allocate_shipments_with_service_group(
        &self,
        request: allocate_shipments_with_service_group::Request,
        context: Context,
    ) -> Result<allocate_shipments_with_service_group::Response, Problem> {
        let now = self.clock.now();
        let body = request.body;
        let result = group_services(&body.service_group).and_then(|services| {
            context
                .principal
                .with(|ledger| allocate_batch(ledger, &body.shipments, &services, now, &self.links))
        });
        let batch = result?;
        Ok(if batch.partial() {
            allocate_shipments_with_service_group::Response::ProxyAuthenticationRequired(
                batch.results,
            )
        } else {
            allocate_shipments_with_service_group::Response::Accepted(batch.results)
        })
    }
}
