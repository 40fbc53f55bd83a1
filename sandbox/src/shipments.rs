//! The `Shipments` tag: record, read, find, replace, clone, cancel and delete shipments,
//! move them between states by hand and undo their allocation.
//!
//! The state machine: a new shipment is `unallocated`; it can be replaced only before
//! allocation, cancelled only before it is manifested (and then deleted), and moved by
//! hand to any state except the system states `allocating`, `manifesting` and
//! `cancelling`, except from `cancelled`, and never from `unallocated` straight to
//! `allocated`. States that need a carrier service can be reached by hand only once the
//! shipment has one.

use sorted_pro::operations::{
    cancel_shipment, change_shipment_state, clone_shipment, count_shipments_by_state,
    create_shipment, deallocate_shipment, delete_shipment, find_shipments, get_shipment,
    update_shipment,
};
use sorted_pro::server::{Problem, RequestContext, ShipmentsApi};
use sorted_pro::types::{
    CreateShipmentRequest, ShipmentCountByStateResponse, ShipmentList, ShipmentState,
    ShipmentStateCount, TrackingEventCode, UpdateShipmentRequest,
};

use crate::clock::Timestamp;
use crate::failure::Failure;
use crate::store::{self, Ledger, ShipmentRecord};
use crate::{Principal, Sandbox, references, rules, views};

type Context = RequestContext<Principal>;

/// The page size when `take` is not given.
pub const DEFAULT_TAKE: i64 = 10;

/// Stores `details` as a new `unallocated` shipment and returns its reference.
pub fn record_shipment(
    ledger: &mut Ledger,
    details: CreateShipmentRequest,
    now: Timestamp,
) -> String {
    let reference = ledger.next_reference(references::SHIPMENT);
    record_shipment_as(ledger, reference, details, now)
}

/// Stores `details` as a new `unallocated` shipment under `reference`.
pub fn record_shipment_as(
    ledger: &mut Ledger,
    reference: String,
    details: CreateShipmentRequest,
    now: Timestamp,
) -> String {
    let details = normalize(ledger, details);
    ledger.shipments.insert(
        reference.clone(),
        ShipmentRecord {
            reference: reference.clone(),
            details,
            state: ShipmentState::Unallocated,
            created: now,
            updated: now,
            allocation: None,
            label_first_retrieved: None,
            label_retrievals: 0,
            events: Vec::new(),
            delivered: None,
        },
    );
    reference
}

/// Fills in what the service sets: contents references and `has_value`; drops read-only
/// values a client may have sent.
fn normalize(ledger: &mut Ledger, mut details: CreateShipmentRequest) -> CreateShipmentRequest {
    ledger.number_contents(&mut details.contents);
    for address in &mut details.addresses {
        address.reservation = None;
    }
    details.required_delivery_date = views::date_range(details.required_delivery_date.as_ref());
    details.required_shipping_date = views::date_range(details.required_shipping_date.as_ref());
    details
}

/// Splits a replacement into the shipment it names and its new details.
fn split_update(body: UpdateShipmentRequest) -> (String, CreateShipmentRequest) {
    let UpdateShipmentRequest {
        shipment_type,
        direction,
        custom_reference,
        contents,
        addresses,
        required_delivery_date,
        required_shipping_date,
        order_date,
        tags,
        metadata,
        customs_documentation,
        label_properties,
        source,
        tenant,
        channel,
        reference,
        ..
    } = body;
    let mut details = CreateShipmentRequest::new(shipment_type, direction, contents, addresses);
    details.source = source;
    details.custom_reference = custom_reference;
    details.required_delivery_date = required_delivery_date;
    details.required_shipping_date = required_shipping_date;
    details.order_date = order_date;
    details.tags = tags;
    details.metadata = metadata;
    details.customs_documentation = customs_documentation;
    details.label_properties = label_properties;
    details.tenant = tenant;
    details.channel = channel;
    (reference, details)
}

/// Refuses to release a shipment (cancel, de-allocate) that a group still holds.
pub fn ensure_ungrouped(ledger: &Ledger, reference: &str) -> Result<(), String> {
    match ledger.open_membership.get(reference) {
        Some(group) => Err(format!(
            "{reference} belongs to shipment group {group}; remove it from the group first"
        )),
        None => Ok(()),
    }
}

/// The tracking event a state reached by hand shows as.
fn event_code(state: &ShipmentState) -> TrackingEventCode {
    match state {
        ShipmentState::Dispatched | ShipmentState::CarrierCollected => {
            TrackingEventCode::CollectedByCarrier
        }
        ShipmentState::CustomerCollected | ShipmentState::Delivered => TrackingEventCode::Delivered,
        ShipmentState::CarrierCollectionFailed => TrackingEventCode::FailedToCollect,
        ShipmentState::CustomerCollectionFailed => TrackingEventCode::CollectionFailed,
        ShipmentState::AtDropOffPoint => TrackingEventCode::DroppedOff,
        ShipmentState::AwaitingDropOff => TrackingEventCode::AwaitingDropOff,
        ShipmentState::InTransit => TrackingEventCode::InTransit,
        ShipmentState::InTransitWaiting => TrackingEventCode::InTransitWaiting,
        ShipmentState::Delayed => TrackingEventCode::Delayed,
        ShipmentState::HeldByCarrier => TrackingEventCode::HeldByCarrier,
        ShipmentState::AtCustoms => TrackingEventCode::AtCustoms,
        ShipmentState::ClearedCustoms => TrackingEventCode::ClearedThroughCustoms,
        ShipmentState::OutForDelivery => TrackingEventCode::OutForDelivery,
        ShipmentState::DeliveryFailed => TrackingEventCode::DeliveryFailed,
        ShipmentState::DeliveryFailedCardLeft => TrackingEventCode::DeliveryFailedCardLeft,
        ShipmentState::DeliveredDamaged => TrackingEventCode::DeliveredDamaged,
        ShipmentState::PartiallyDelivered => TrackingEventCode::PartiallyDelivered,
        ShipmentState::ReturnedToSender => TrackingEventCode::ReturnedToSender,
        ShipmentState::ExchangeFailed => TrackingEventCode::ExchangeFailed,
        ShipmentState::ExchangeSucceeded => TrackingEventCode::ExchangeSucceeded,
        ShipmentState::CarrierChanged => TrackingEventCode::CarrierChanged,
        ShipmentState::ActionRequired => TrackingEventCode::ActionRequired,
        ShipmentState::Missing => TrackingEventCode::Missing,
        ShipmentState::Lost => TrackingEventCode::Lost,
        ShipmentState::Damaged => TrackingEventCode::Damaged,
        ShipmentState::Destroyed => TrackingEventCode::Destroyed,
        _ => TrackingEventCode::ForInformation,
    }
}

/// What a state change by hand did.
enum Change {
    Moved,
    Unchanged,
}

/// Moves a shipment by hand, enforcing the documented limits.
fn change_state(
    ledger: &mut Ledger,
    reference: &str,
    target: &ShipmentState,
    reason: &str,
    now: Timestamp,
) -> Result<Change, Failure> {
    let refuse = |message: String| Failure::bad_request("state", "invalid_shipment_state", message);
    if matches!(
        target,
        ShipmentState::Allocating | ShipmentState::Manifesting | ShipmentState::Cancelling
    ) {
        return Err(Failure::bad_request(
            "state",
            "system_shipment_state",
            format!("`{target}` is set only by the service"),
        ));
    }
    let record = ledger.shipment(reference)?;
    let current = record.state.clone();
    if &current == target {
        return Ok(Change::Unchanged);
    }
    if current == ShipmentState::Cancelled {
        return Err(refuse(format!("{reference} is cancelled, which is final")));
    }
    if current == ShipmentState::Unallocated && *target == ShipmentState::Allocated {
        return Err(refuse(
            "A shipment cannot jump from `unallocated` to `allocated`; allocate it instead"
                .to_owned(),
        ));
    }
    let releases = matches!(
        target,
        ShipmentState::Unallocated | ShipmentState::AllocationFailed | ShipmentState::Cancelled
    );
    if !releases && record.allocation.is_none() {
        return Err(refuse(format!(
            "{reference} has no carrier service yet; allocate it before moving it to `{target}`"
        )));
    }
    if *target == ShipmentState::Cancelled && store::is_manifested(&current) {
        return Err(refuse(format!(
            "{reference} has been manifested and can no longer be cancelled"
        )));
    }
    if releases && let Err(message) = ensure_ungrouped(ledger, reference) {
        return Err(Failure::bad_request(
            "state",
            "invalid_state_for_operation",
            message,
        ));
    }
    let record = ledger.shipment_mut(reference)?;
    record.state = target.clone();
    record.updated = now;
    if matches!(
        target,
        ShipmentState::Unallocated | ShipmentState::AllocationFailed
    ) {
        record.allocation = None;
        record.label_first_retrieved = None;
        record.label_retrievals = 0;
    }
    if matches!(
        target,
        ShipmentState::Delivered
            | ShipmentState::DeliveredDamaged
            | ShipmentState::CustomerCollected
    ) {
        record.delivered = Some(now);
    }
    ledger.record_event(
        reference,
        event_code(target),
        format!("{target}: {reason}"),
        now,
    );
    Ok(Change::Moved)
}

impl ShipmentsApi for Sandbox {
    async fn create_shipment(
        &self,
        request: create_shipment::Request,
        context: Context,
    ) -> Result<create_shipment::Response, Problem> {
        let now = self.clock.now();
        let result = rules::check_shipment(&request.body).map(|()| {
            let reference = context
                .principal
                .with(|ledger| record_shipment(ledger, request.body, now));
            views::resource(
                &reference,
                format!("Shipment {reference} has been recorded"),
                vec![self.links.shipment(&reference)],
            )
        });
        Ok(create_shipment::Response::Created(result?))
    }

    async fn update_shipment(
        &self,
        request: update_shipment::Request,
        context: Context,
    ) -> Result<update_shipment::Response, Problem> {
        let now = self.clock.now();
        let (reference, details) = split_update(request.body);
        let result = context.principal.with(|ledger| {
            let record = ledger.shipment(&reference)?;
            if !store::can_allocate(&record.state) {
                return Err(Failure::conflict(format!(
                    "{reference} is {}; only shipments that are not allocated can be replaced",
                    record.state
                )));
            }
            rules::check_shipment(&details)?;
            let details = normalize(ledger, details);
            let record = ledger.shipment_mut(&reference)?;
            record.details = details;
            record.updated = now;
            Ok(views::resource(
                &reference,
                format!("Shipment {reference} has been replaced"),
                vec![self.links.shipment(&reference)],
            ))
        });
        Ok(update_shipment::Response::Ok(result?))
    }

    async fn get_shipment(
        &self,
        request: get_shipment::Request,
        context: Context,
    ) -> Result<get_shipment::Response, Problem> {
        let result: Result<_, Failure> = context.principal.with(|ledger| {
            let record = ledger.shipment(&request.shipment_reference)?;
            Ok(views::shipment(record, ledger, &self.links))
        });
        Ok(get_shipment::Response::Ok(result?))
    }

    async fn count_shipments_by_state(
        &self,
        _request: count_shipments_by_state::Request,
        context: Context,
    ) -> Result<count_shipments_by_state::Response, Problem> {
        let counts = context.principal.with(|ledger| {
            let mut counts: Vec<(ShipmentState, i32)> = Vec::new();
            for record in ledger.shipments.values() {
                match counts.iter_mut().find(|(state, _)| *state == record.state) {
                    Some((_, count)) => *count += 1,
                    None => counts.push((record.state.clone(), 1)),
                }
            }
            counts
        });
        let mut states: Vec<ShipmentStateCount> = counts
            .into_iter()
            .map(|(state, count)| {
                let (category, exception, critical) = store::state_category(&state);
                ShipmentStateCount::new()
                    .with_category(category.to_owned())
                    .with_exception(exception)
                    .with_critical(critical)
                    .with_count(count)
                    .with_state(state)
            })
            .collect();
        states.sort_by(|a, b| a.state.cmp(&b.state));
        Ok(count_shipments_by_state::Response::Ok(
            ShipmentCountByStateResponse::new().with_shipment_states(states),
        ))
    }

    async fn find_shipments(
        &self,
        request: find_shipments::Request,
        context: Context,
    ) -> Result<find_shipments::Response, Problem> {
        let take = request.take.unwrap_or(DEFAULT_TAKE);
        let skip = i64::from(request.skip.unwrap_or(0));
        let result = match (
            &request.custom_reference,
            &request.carrier_tracking_reference,
        ) {
            (None, None) => Err(Failure::bad_request(
                "custom_reference",
                "required_property_missing",
                "Give `custom_reference` or `carrier_tracking_reference`",
            )),
            // The service refuses a request without filters; with both, both must match.
            (custom, tracking) => Ok(context.principal.with(|ledger| {
                let matches: Vec<&ShipmentRecord> = ledger
                    .shipments
                    .values()
                    .filter(|record| {
                        custom
                            .as_ref()
                            .is_none_or(|custom| has_custom_reference(record, custom))
                            && tracking
                                .as_ref()
                                .is_none_or(|tracking| has_tracking_reference(record, tracking))
                    })
                    .collect();
                let shipments = page(&matches, take, skip)
                    .iter()
                    .map(|record| views::shipment(record, ledger, &self.links))
                    .collect();
                ShipmentList::new(shipments, matches.len() as i64, take, skip)
            })),
        };
        Ok(find_shipments::Response::Ok(result?))
    }

    async fn delete_shipment(
        &self,
        request: delete_shipment::Request,
        context: Context,
    ) -> Result<delete_shipment::Response, Problem> {
        let reference = request.shipment_reference;
        let result = context.principal.with(|ledger| {
            let record = ledger.shipment(&reference)?;
            if record.state != ShipmentState::Cancelled {
                return Err(Failure::conflict(format!(
                    "{reference} is {}; only cancelled shipments can be deleted",
                    record.state
                )));
            }
            ledger.shipments.remove(&reference);
            ledger
                .paperless
                .retain(|_, document| document.shipment != reference);
            Ok(views::resource(
                &reference,
                format!("Shipment {reference} has been deleted"),
                Vec::new(),
            ))
        });
        Ok(delete_shipment::Response::Ok(result?))
    }

    async fn cancel_shipment(
        &self,
        request: cancel_shipment::Request,
        context: Context,
    ) -> Result<cancel_shipment::Response, Problem> {
        let now = self.clock.now();
        let reference = request.shipment_reference;
        let result = context.principal.with(|ledger| {
            let record = ledger.shipment(&reference)?;
            if record.state == ShipmentState::Cancelled {
                return Err(Failure::conflict(format!(
                    "{reference} is already cancelled"
                )));
            }
            if store::is_manifested(&record.state) {
                return Err(Failure::conflict(format!(
                    "{reference} is {}; only shipments that are not manifested can be cancelled",
                    record.state
                )));
            }
            ensure_ungrouped(ledger, &reference).map_err(Failure::conflict)?;
            let record = ledger.shipment_mut(&reference)?;
            record.state = ShipmentState::Cancelled;
            record.updated = now;
            ledger.record_event(
                &reference,
                TrackingEventCode::ForInformation,
                "The shipment was cancelled".to_owned(),
                now,
            );
            Ok(views::resource(
                &reference,
                format!("Shipment {reference} has been cancelled"),
                vec![self.links.shipment(&reference)],
            ))
        });
        Ok(cancel_shipment::Response::Ok(result?))
    }

    async fn clone_shipment(
        &self,
        request: clone_shipment::Request,
        context: Context,
    ) -> Result<clone_shipment::Response, Problem> {
        let now = self.clock.now();
        let original = request.shipment_reference;
        let result: Result<_, Failure> = context.principal.with(|ledger| {
            let details = ledger.shipment(&original)?.details.clone();
            let copy = record_shipment(ledger, details, now);
            Ok(views::resource(
                &copy,
                format!("Shipment {copy} is a copy of {original}"),
                vec![self.links.shipment(&copy)],
            ))
        });
        Ok(clone_shipment::Response::Created(result?))
    }

    async fn change_shipment_state(
        &self,
        request: change_shipment_state::Request,
        context: Context,
    ) -> Result<change_shipment_state::Response, Problem> {
        let now = self.clock.now();
        let body = request.body;
        let result = context
            .principal
            .with(|ledger| change_state(ledger, &body.reference, &body.state, &body.reason, now));
        Ok(match result? {
            Change::Unchanged => change_shipment_state::Response::NotModified,
            Change::Moved => change_shipment_state::Response::Ok(views::resource(
                &body.reference,
                format!("Shipment {} is now {}", body.reference, body.state),
                vec![self.links.shipment(&body.reference)],
            )),
        })
    }

    async fn deallocate_shipment(
        &self,
        request: deallocate_shipment::Request,
        context: Context,
    ) -> Result<deallocate_shipment::Response, Problem> {
        let now = self.clock.now();
        let reference = request.shipment_reference;
        let result = context.principal.with(|ledger| {
            let record = ledger.shipment(&reference)?;
            if !store::has_labels(record) || store::is_manifested(&record.state) {
                return Err(Failure::conflict(format!(
                    "{reference} is {}; only allocated shipments that are not manifested can be de-allocated",
                    record.state
                )));
            }
            ensure_ungrouped(ledger, &reference).map_err(Failure::conflict)?;
            let record = ledger.shipment_mut(&reference)?;
            record.state = ShipmentState::Unallocated;
            record.allocation = None;
            record.label_first_retrieved = None;
            record.label_retrievals = 0;
            record.updated = now;
            Ok(views::resource(
                &reference,
                format!("Shipment {reference} is no longer allocated"),
                vec![self.links.shipment(&reference)],
            ))
        });
        Ok(deallocate_shipment::Response::Ok(result?))
    }
}

/// Whether the shipment or one of its contents items has this custom reference.
pub fn has_custom_reference(record: &ShipmentRecord, custom: &str) -> bool {
    record.details.custom_reference.as_deref() == Some(custom)
        || store::all_contents(&record.details.contents)
            .iter()
            .any(|item| item.custom_reference.as_deref() == Some(custom))
}

/// Whether the carrier tracks the shipment or one of its items under this reference.
fn has_tracking_reference(record: &ShipmentRecord, tracking: &str) -> bool {
    record.allocation.as_ref().is_some_and(|allocation| {
        allocation.tracking_reference == tracking
            || allocation
                .contents_tracking
                .iter()
                .any(|(_, carrier_reference)| carrier_reference == tracking)
    })
}

/// The page of `items` that `take` and `skip` select.
pub fn page<T: Clone>(items: &[T], take: i64, skip: i64) -> Vec<T> {
    let skip = usize::try_from(skip).unwrap_or(usize::MAX);
    let take = usize::try_from(take).unwrap_or(0);
    items.iter().skip(skip).take(take).cloned().collect()
}
