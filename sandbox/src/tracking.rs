//! The `Tracking` tag: the events that follow a shipment's state changes (manifest,
//! dispatch, cancellation and every change by hand), at shipment and at contents level.
//!
//! Contents items share their shipment's events under their own carrier references.
//! Searches by custom reference answer a page driven by `take` and `skip`; a search that
//! matches nothing answers an empty page.

use sorted_pro::operations::{
    find_contents_tracking_events_by_custom_reference, find_tracking_events_by_custom_reference,
    get_contents_tracking_events, get_tracking_events,
};
use sorted_pro::server::{Problem, RequestContext, TrackingApi};
use sorted_pro::types::{
    CarrierDetails, ContentsTracking, DateRange, TrackingContentsList, TrackingContentsResponse,
    TrackingEvent, TrackingList, TrackingResponse,
};

use crate::catalogue;
use crate::clock::Timestamp;
use crate::failure::Failure;
use crate::shipments::{DEFAULT_TAKE, page};
use crate::store::{self, ShipmentRecord};
use crate::{Principal, Sandbox, views};

type Context = RequestContext<Principal>;

fn events(record: &ShipmentRecord) -> Vec<TrackingEvent> {
    record
        .events
        .iter()
        .map(|event| {
            let mut shown = TrackingEvent::new(
                event.reference.clone(),
                event.timestamp,
                event.timestamp,
                event.code.clone(),
                event.description.clone(),
            );
            shown.location = event.location.clone();
            shown
        })
        .collect()
}

fn carrier(record: &ShipmentRecord) -> CarrierDetails {
    record
        .allocation
        .as_ref()
        .map_or_else(CarrierDetails::new, |allocation| {
            catalogue::carrier_details(allocation.service)
        })
}

fn expected_delivery(record: &ShipmentRecord) -> Option<Timestamp> {
    record
        .allocation
        .as_ref()
        .map(|allocation| allocation.expected_delivery)
}

/// The window in which the carrier expects to deliver a contents item.
fn expected_delivery_window(record: &ShipmentRecord) -> Option<DateRange> {
    expected_delivery(record).map(|start| {
        DateRange::new()
            .with_start(start)
            .with_end(start + chrono::TimeDelta::hours(10))
            .with_has_value(true)
    })
}

/// The shipment-level events of one shipment.
fn shipment_tracking(record: &ShipmentRecord, links: &views::Links) -> TrackingResponse {
    let carrier_references = record
        .allocation
        .iter()
        .map(|allocation| allocation.tracking_reference.clone())
        .collect();
    let mut response = TrackingResponse::new(
        record.reference.clone(),
        carrier_references,
        carrier(record),
    )
    .with_events(events(record))
    .with_links(vec![links.shipment(&record.reference)]);
    response.custom_reference = record.details.custom_reference.clone();
    response.expected_delivery_date = expected_delivery(record);
    response
}

/// The contents-level events of one shipment, for the items `wanted` accepts.
fn contents_tracking(
    record: &ShipmentRecord,
    links: &views::Links,
    wanted: impl Fn(&sorted_pro::types::ShipmentContents) -> bool,
) -> TrackingContentsResponse {
    let shared = events(record);
    let items = store::all_contents(&record.details.contents)
        .into_iter()
        .filter(|item| wanted(item))
        .filter_map(|item| {
            let reference = item.reference.clone()?;
            let carrier_references = record.allocation.as_ref().map(|allocation| {
                allocation
                    .contents_tracking
                    .iter()
                    .filter(|(item, _)| *item == reference)
                    .map(|(_, tracking)| tracking.clone())
                    .collect()
            });
            let mut tracking = ContentsTracking::new(reference).with_events(shared.clone());
            tracking.custom_reference = item.custom_reference.clone();
            tracking.carrier_references = carrier_references;
            tracking.expected_delivery_date = expected_delivery_window(record);
            Some(tracking)
        })
        .collect();
    let mut response = TrackingContentsResponse::new(record.reference.clone(), carrier(record))
        .with_shipment_contents(items)
        .with_links(vec![links.shipment(&record.reference)]);
    response.custom_reference = record.details.custom_reference.clone();
    response
}

impl TrackingApi for Sandbox {
    async fn get_tracking_events(
        &self,
        request: get_tracking_events::Request,
        context: Context,
    ) -> Result<get_tracking_events::Response, Problem> {
        let result: Result<_, Failure> = context.principal.with(|ledger| {
            let record = ledger.shipment(&request.shipment_reference)?;
            Ok(shipment_tracking(record, &self.links))
        });
        Ok(get_tracking_events::Response::Ok(result?))
    }

    async fn get_contents_tracking_events(
        &self,
        request: get_contents_tracking_events::Request,
        context: Context,
    ) -> Result<get_contents_tracking_events::Response, Problem> {
        let result: Result<_, Failure> = context.principal.with(|ledger| {
            let record = ledger.shipment(&request.shipment_reference)?;
            Ok(contents_tracking(record, &self.links, |_| true))
        });
        Ok(get_contents_tracking_events::Response::Ok(result?))
    }

    async fn find_tracking_events_by_custom_reference(
        &self,
        request: find_tracking_events_by_custom_reference::Request,
        context: Context,
    ) -> Result<find_tracking_events_by_custom_reference::Response, Problem> {
        let take = request.take.unwrap_or(DEFAULT_TAKE);
        let skip = i64::from(request.skip.unwrap_or(0));
        let custom = request.custom_reference;
        let list = context.principal.with(|ledger| {
            let matches: Vec<&ShipmentRecord> = ledger
                .shipments
                .values()
                .filter(|record| record.details.custom_reference.as_ref() == Some(&custom))
                .collect();
            let responses = page(&matches, take, skip)
                .into_iter()
                .map(|record| shipment_tracking(record, &self.links))
                .collect();
            TrackingList::new(responses, matches.len() as i64, take, skip)
        });
        Ok(find_tracking_events_by_custom_reference::Response::Ok(list))
    }

    async fn find_contents_tracking_events_by_custom_reference(
        &self,
        request: find_contents_tracking_events_by_custom_reference::Request,
        context: Context,
    ) -> Result<find_contents_tracking_events_by_custom_reference::Response, Problem> {
        let take = request.take.unwrap_or(DEFAULT_TAKE);
        let skip = i64::from(request.skip.unwrap_or(0));
        let custom = request.custom_reference;
        let matching = |item: &sorted_pro::types::ShipmentContents| {
            item.custom_reference.as_ref() == Some(&custom)
        };
        let list = context.principal.with(|ledger| {
            let matches: Vec<&ShipmentRecord> = ledger
                .shipments
                .values()
                .filter(|record| {
                    store::all_contents(&record.details.contents)
                        .into_iter()
                        .any(matching)
                })
                .collect();
            let responses = page(&matches, take, skip)
                .into_iter()
                .map(|record| contents_tracking(record, &self.links, matching))
                .collect();
            TrackingContentsList::new(responses, matches.len() as i64, take, skip)
        });
        Ok(find_contents_tracking_events_by_custom_reference::Response::Ok(list))
    }
}
