//! Per-account state: every shipment, group, paperless document, manifest and quote that
//! one API key owns, in a [`Ledger`] behind the account's own mutex.
//!
//! A handler takes the lock once, reads and changes what it needs, and lets go before it
//! answers; it never awaits while holding it. Two requests that change the same shipment
//! or group therefore run one after the other and neither change is lost, while different
//! accounts never wait for each other.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, PoisonError};

use sorted_pro::types::{
    CreateShipmentRequest, PaperlessDocument, Price, ShipmentContents, ShipmentGroupState,
    ShipmentState, TrackingEventCode,
};

use crate::catalogue::{self, Service};
use crate::clock::Timestamp;
use crate::failure::Failure;
use crate::references::{self, ReferenceMaker};

/// One account: the state of one API key.
#[derive(Debug)]
pub struct Account {
    ledger: Mutex<Ledger>,
}

impl Account {
    /// An empty account; `number` goes into its references.
    pub fn new(number: u32) -> Self {
        Self {
            ledger: Mutex::new(Ledger::new(number)),
        }
    }

    /// Runs `change` with the account's ledger locked.
    pub fn with<T>(&self, change: impl FnOnce(&mut Ledger) -> T) -> T {
        // A panic in a handler leaves the ledger as it was at that point; carry on with it.
        let mut ledger = self.ledger.lock().unwrap_or_else(PoisonError::into_inner);
        change(&mut ledger)
    }
}

/// The carrier service a shipment was allocated to.
#[derive(Debug, Clone)]
pub struct Allocation {
    pub service: &'static Service,
    pub price: Price,
    pub date: Timestamp,
    pub shipping_date: Timestamp,
    pub expected_delivery: Timestamp,
    /// The carrier's reference for the shipment as a whole.
    pub tracking_reference: String,
    /// The carrier's reference for each contents item, by the item's Sorted reference.
    pub contents_tracking: Vec<(String, String)>,
}

/// One tracking event.
#[derive(Debug, Clone)]
pub struct Event {
    pub reference: String,
    pub timestamp: Timestamp,
    pub code: TrackingEventCode,
    pub description: String,
    pub location: Option<String>,
}

/// A shipment as the sandbox keeps it.
#[derive(Debug, Clone)]
pub struct ShipmentRecord {
    pub reference: String,
    /// What the client described, with contents references filled in.
    pub details: CreateShipmentRequest,
    pub state: ShipmentState,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub allocation: Option<Allocation>,
    pub label_first_retrieved: Option<Timestamp>,
    pub label_retrievals: i64,
    pub events: Vec<Event>,
    pub delivered: Option<Timestamp>,
}

/// Where a paperless document is in its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Not read yet: the first read answers 221 `processing`.
    Processing,
    /// Checked: reads answer 200 `ready`.
    Ready,
    /// Removed: reads answer 410.
    Removed,
}

/// A paperless document.
#[derive(Debug, Clone)]
pub struct PaperlessRecord {
    pub reference: String,
    pub shipment: String,
    pub document: PaperlessDocument,
    pub stage: Stage,
}

/// A shipment group.
#[derive(Debug, Clone)]
pub struct GroupRecord {
    pub reference: String,
    pub custom_reference: Option<String>,
    pub version: Option<i64>,
    pub state: ShipmentGroupState,
    pub shipments: Vec<String>,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub locked: Option<Timestamp>,
    pub closed: Option<Timestamp>,
}

/// A manifest: the shipments sent to one carrier at once.
#[derive(Debug, Clone)]
pub struct ManifestRecord {
    pub reference: String,
    pub carrier: &'static catalogue::Carrier,
    pub shipments: Vec<String>,
    pub created: Timestamp,
}

/// A quote that can later be used to allocate.
#[derive(Debug, Clone)]
pub struct QuoteRecord {
    pub reference: String,
    pub service: &'static Service,
    pub net_pence: i64,
    /// The saved shipment quoted, if it was one.
    pub shipment: Option<String>,
    pub expires: Timestamp,
}

/// Everything one account owns.
#[derive(Debug)]
pub struct Ledger {
    references: ReferenceMaker,
    pub shipments: BTreeMap<String, ShipmentRecord>,
    pub paperless: BTreeMap<String, PaperlessRecord>,
    pub groups: BTreeMap<String, GroupRecord>,
    /// The group that is not closed each grouped shipment belongs to.
    pub open_membership: HashMap<String, String>,
    pub manifests: BTreeMap<String, ManifestRecord>,
    pub quotes: BTreeMap<String, QuoteRecord>,
}

impl Ledger {
    fn new(number: u32) -> Self {
        Self {
            references: ReferenceMaker::new(number),
            shipments: BTreeMap::new(),
            paperless: BTreeMap::new(),
            groups: BTreeMap::new(),
            open_membership: HashMap::new(),
            manifests: BTreeMap::new(),
            quotes: BTreeMap::new(),
        }
    }

    /// A demo reference of the first account, with this account's number in its place.
    pub fn claim(&self, demo: &str) -> String {
        self.references.claim(demo)
    }

    /// A new reference with `prefix`.
    pub fn next_reference(&mut self, prefix: &str) -> String {
        self.references.next(prefix)
    }

    /// The shipment, or 404 `shipment_not_found`.
    pub fn shipment(&self, reference: &str) -> Result<&ShipmentRecord, Failure> {
        self.shipments
            .get(reference)
            .ok_or_else(|| Failure::shipment_not_found(reference))
    }

    /// The shipment to change, or 404 `shipment_not_found`.
    pub fn shipment_mut(&mut self, reference: &str) -> Result<&mut ShipmentRecord, Failure> {
        self.shipments
            .get_mut(reference)
            .ok_or_else(|| Failure::shipment_not_found(reference))
    }

    /// The group, or 404.
    pub fn group(&self, reference: &str) -> Result<&GroupRecord, Failure> {
        self.groups.get(reference).ok_or_else(|| {
            Failure::not_found("not_found", format!("{reference} could not be found"))
        })
    }

    /// The group named by custom reference and version (a number or `latest`), or 404.
    pub fn group_version(&self, custom_reference: &str, version: &str) -> Result<String, Failure> {
        let candidates = self
            .groups
            .values()
            .filter(|group| group.custom_reference.as_deref() == Some(custom_reference));
        let found = if version == "latest" {
            candidates.max_by_key(|group| group.version)
        } else {
            let wanted: Option<i64> = version.parse().ok();
            candidates
                .into_iter()
                .find(|group| wanted.is_some() && group.version == wanted)
        };
        found.map(|group| group.reference.clone()).ok_or_else(|| {
            Failure::not_found(
                "not_found",
                format!("No shipment group {custom_reference} version {version} exists"),
            )
        })
    }

    /// Gives every contents item (at any depth) a new Sorted reference.
    pub fn number_contents(&mut self, items: &mut [ShipmentContents]) {
        for item in items {
            item.reference = Some(self.next_reference(references::CONTENTS));
            if let Some(nested) = &mut item.contents {
                self.number_contents(nested);
            }
        }
    }

    /// Records a tracking event for the shipment.
    pub fn record_event(
        &mut self,
        shipment: &str,
        code: TrackingEventCode,
        description: String,
        now: Timestamp,
    ) {
        let reference = self.next_reference(references::TRACKING_EVENT);
        if let Some(record) = self.shipments.get_mut(shipment) {
            let location = record
                .allocation
                .as_ref()
                .map(|allocation| allocation.service.carrier.name.to_owned());
            record.events.push(Event {
                reference,
                timestamp: now,
                code,
                description,
                location,
            });
        }
    }
}

/// The category of a state for the state counts, and whether it is an exception and a
/// critical one. The reference names these fields but not their values, so the sandbox
/// groups states by where they stand in a shipment's life: `preparing` before the
/// carrier has it, `in_transit`, `delivered`, `cancelled`; failures are exceptions, and
/// losing or damaging the shipment is critical.
pub fn state_category(state: &ShipmentState) -> (&'static str, bool, bool) {
    use ShipmentState as S;
    match state {
        S::Lost | S::Missing | S::Damaged | S::DeliveredDamaged | S::Destroyed => {
            ("exception", true, true)
        }
        S::AllocationFailed
        | S::ManifestFailed
        | S::BookingFailed
        | S::CollectionBookingFailed
        | S::CarrierCollectionFailed
        | S::CustomerCollectionFailed
        | S::DeliveryFailed
        | S::DeliveryFailedCardLeft
        | S::ExchangeFailed
        | S::ActionRequired
        | S::Delayed
        | S::ReturnedToSender => ("exception", true, false),
        S::Cancelling | S::Cancelled => ("cancelled", false, false),
        S::Delivered | S::PartiallyDelivered | S::CustomerCollected => ("delivered", false, false),
        S::Unallocated
        | S::Allocating
        | S::Allocated
        | S::ReadyToShip
        | S::Manifesting
        | S::Manifested
        | S::Booking
        | S::Booked
        | S::CollectionBookingPending
        | S::CollectionBooked
        | S::AwaitingDropOff => ("preparing", false, false),
        _ => ("in_transit", false, false),
    }
}

/// The states from which a shipment may be allocated.
pub fn can_allocate(state: &ShipmentState) -> bool {
    matches!(
        state,
        ShipmentState::Unallocated | ShipmentState::AllocationFailed
    )
}

/// The states from which a shipment may be manifested.
pub fn can_manifest(state: &ShipmentState) -> bool {
    matches!(
        state,
        ShipmentState::Allocated | ShipmentState::ManifestFailed | ShipmentState::ReadyToShip
    )
}

/// Whether the shipment has been manifested (or got further): the carrier has its data.
pub fn is_manifested(state: &ShipmentState) -> bool {
    !matches!(
        state,
        ShipmentState::Unallocated
            | ShipmentState::Allocating
            | ShipmentState::AllocationFailed
            | ShipmentState::Allocated
            | ShipmentState::ManifestFailed
            | ShipmentState::ReadyToShip
            | ShipmentState::Booking
            | ShipmentState::BookingFailed
            | ShipmentState::Booked
            | ShipmentState::CollectionBookingPending
            | ShipmentState::CollectionBooked
            | ShipmentState::CollectionBookingFailed
            | ShipmentState::Cancelling
            | ShipmentState::Cancelled
    )
}

/// Whether the shipment has a carrier service and labels: allocated, not cancelled.
pub fn has_labels(record: &ShipmentRecord) -> bool {
    record.allocation.is_some()
        && !matches!(
            record.state,
            ShipmentState::Unallocated
                | ShipmentState::Allocating
                | ShipmentState::AllocationFailed
                | ShipmentState::Cancelling
                | ShipmentState::Cancelled
        )
}

/// What identifies a shipment's origin: its shipping location, else its address.
pub fn origin_key(details: &CreateShipmentRequest) -> String {
    details
        .addresses
        .iter()
        .find(|address| address.address_type.as_str() == "origin")
        .map(address_key)
        .unwrap_or_default()
}

/// What identifies an address: its shipping location, else its first line, postcode and
/// country, ignoring case and spaces.
pub fn address_key(address: &sorted_pro::types::Address) -> String {
    if let Some(location) = &address.shipping_location_reference {
        return format!("location:{location}");
    }
    let part = |value: &Option<String>| {
        value
            .as_deref()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    format!(
        "address:{}|{}|{}",
        part(&address.address_line1),
        part(&address.postal_code),
        part(&address.country_iso_code)
    )
}

/// Every contents item of a shipment, at any depth, in order.
pub fn all_contents(items: &[ShipmentContents]) -> Vec<&ShipmentContents> {
    let mut out = Vec::new();
    for item in items {
        out.push(item);
        if let Some(nested) = &item.contents {
            out.extend(all_contents(nested));
        }
    }
    out
}
