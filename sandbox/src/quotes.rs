//! The `Quotes` tag: price the catalogue's services for a shipment, saved or not.
//!
//! Each quote is kept for 24 hours so that `allocate_shipment_with_quote` can use it. The
//! prices are the catalogue's, so the same shipment is always quoted the same. When no
//! service can carry the shipment the answer is 531, with one detail per exclusion.

use sorted_pro::operations::{
    quote_existing_shipment, quote_new_shipment, quote_new_shipment_with_service_group,
};
use sorted_pro::server::{Problem, QuotesApi, RequestContext};
use sorted_pro::types::{CreateShipmentRequest, Quote, QuoteResult, QuotedShipment};

use crate::catalogue::{self, Parcel, Service};
use crate::clock::Timestamp;
use crate::failure::{Failure, Status, detail};
use crate::store::{Ledger, QuoteRecord};
use crate::{Principal, Sandbox, references, rules, views};

type Context = RequestContext<Principal>;

/// How long a quote can be used to allocate.
const QUOTE_LIFETIME_HOURS: i64 = 24;

/// Quotes `details` with `candidates`, keeping each quote for later allocation.
fn quote(
    ledger: &mut Ledger,
    details: &CreateShipmentRequest,
    shipment: Option<&str>,
    candidates: &[&'static Service],
    now: Timestamp,
    links: &views::Links,
) -> Result<QuoteResult, Failure> {
    let parcel = Parcel::of(details);
    let (fitting, excluded) = catalogue::assess(candidates.iter().copied(), &parcel);
    if fitting.is_empty() {
        let details = excluded
            .iter()
            .filter_map(|excluded| {
                let service = excluded.carrier.as_ref()?.service_reference.clone()?;
                let exclusion = excluded.exclusion.as_ref()?;
                let code = exclusion.code.as_ref()?.as_str().to_owned();
                let reason = exclusion.reason.clone().unwrap_or_default();
                Some(detail("", &code, format!("{service}: {reason}")))
            })
            .collect();
        return Err(Failure {
            status: Status::NoQuotes,
            details,
        });
    }
    let expires = now + chrono::TimeDelta::hours(QUOTE_LIFETIME_HOURS);
    let required_start = details
        .required_shipping_date
        .as_ref()
        .and_then(|range| range.start);
    let collection = required_start.filter(|start| *start > now).unwrap_or(now);
    let mut quotes = Vec::with_capacity(fitting.len());
    for (service, pence) in fitting {
        let reference = ledger.next_reference(references::QUOTE);
        ledger.quotes.insert(
            reference.clone(),
            QuoteRecord {
                reference: reference.clone(),
                service,
                net_pence: pence,
                shipment: shipment.map(str::to_owned),
                expires,
            },
        );
        let links = shipment.map(|shipment| {
            vec![links.link(
                &format!("/shipments/{shipment}/allocate/quote/{reference}"),
                "allocate",
                &reference,
                sorted_pro::types::LinkType::Quote,
            )]
        });
        let mut quote = Quote::new()
            .with_reference(reference)
            .with_carrier(catalogue::carrier_details(service))
            .with_collection_date(day_window(collection))
            .with_delivery_date(day_window(
                collection + chrono::TimeDelta::days(service.transit_days),
            ))
            .with_price(catalogue::price(pence))
            .with_created(now)
            .with_expires(expires);
        quote.shipment_reference = shipment.map(str::to_owned);
        quote.links = links;
        quotes.push(quote);
    }
    let mut quoted = QuotedShipment::new().with_addresses(details.addresses.clone());
    quoted.reference = shipment.map(str::to_owned);
    quoted.custom_reference = details.custom_reference.clone();
    quoted.links = shipment.map(|shipment| vec![links.shipment(shipment)]);
    let mut result = QuoteResult::new()
        .with_reference(ledger.next_reference(references::QUOTE_RESULT))
        .with_message(format!(
            "{} carrier services can carry the shipment",
            quotes.len()
        ))
        .with_shipment(quoted)
        .with_quotes(quotes);
    result.excluded_services = (!excluded.is_empty()).then_some(excluded);
    Ok(result)
}

impl QuotesApi for Sandbox {
    async fn quote_new_shipment(
        &self,
        request: quote_new_shipment::Request,
        context: Context,
    ) -> Result<quote_new_shipment::Response, Problem> {
        let now = self.clock.now();
        let services: Vec<_> = catalogue::SERVICES.iter().collect();
        let result = rules::check_shipment(&request.body).and_then(|()| {
            context
                .principal
                .with(|ledger| quote(ledger, &request.body, None, &services, now, &self.links))
        });
        Ok(quote_new_shipment::Response::Created(result?))
    }

    async fn quote_new_shipment_with_service_group(
        &self,
        request: quote_new_shipment_with_service_group::Request,
        context: Context,
    ) -> Result<quote_new_shipment_with_service_group::Response, Problem> {
        let now = self.clock.now();
        let result = rules::check_shipment(&request.body)
            .and_then(|()| {
                catalogue::service_group(&request.group_reference).ok_or_else(|| {
                    Failure::not_found(
                        "not_found",
                        format!(
                            "No carrier service group {} is set up on this account",
                            request.group_reference
                        ),
                    )
                })
            })
            .and_then(|group| {
                let services: Vec<_> = catalogue::members(group).collect();
                context
                    .principal
                    .with(|ledger| quote(ledger, &request.body, None, &services, now, &self.links))
            });
        Ok(quote_new_shipment_with_service_group::Response::Created(
            result?,
        ))
    }

    async fn quote_existing_shipment(
        &self,
        request: quote_existing_shipment::Request,
        context: Context,
    ) -> Result<quote_existing_shipment::Response, Problem> {
        let now = self.clock.now();
        let reference = request.shipment_reference;
        let services: Vec<_> = catalogue::SERVICES.iter().collect();
        let result = context.principal.with(|ledger| {
            let details = ledger.shipment(&reference)?.details.clone();
            quote(
                ledger,
                &details,
                Some(&reference),
                &services,
                now,
                &self.links,
            )
        });
        Ok(quote_existing_shipment::Response::Created(result?))
    }
}

/// The working day that starts at `start`: the window a quote promises.
fn day_window(start: crate::clock::Timestamp) -> sorted_pro::types::DateRange {
    sorted_pro::types::DateRange::new()
        .with_start(start)
        .with_end(start + chrono::TimeDelta::hours(10))
        .with_has_value(true)
}
