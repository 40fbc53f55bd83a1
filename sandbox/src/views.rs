//! How stored objects look in answers: the API's models built from the ledger's records,
//! with `_links` pointing back at the sandbox.

use sorted_pro::types::{
    ContentsTrackingReference, DateRange, LabelDetails, Link, LinkType, PaperlessDocument,
    ResourceResult, Shipment, ShipmentAllocation, ShipmentGroup, ShipmentGroupSummary,
    ShipmentTrackingReference, TrackingDetails,
};

use crate::catalogue;
use crate::store::{self, Allocation, GroupRecord, Ledger, PaperlessRecord, ShipmentRecord, Stage};

/// Builds links under the sandbox's base URL.
#[derive(Debug, Clone)]
pub struct Links {
    base: String,
}

impl Links {
    /// Links under `base` (such as `http://127.0.0.1:8080`).
    pub fn new(base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    /// One link to `path` under the base.
    pub fn link(&self, path: &str, rel: &str, reference: &str, kind: LinkType) -> Link {
        Link::new(format!("{}{path}", self.base), rel.to_owned())
            .with_reference(reference.to_owned())
            .with_type(kind)
    }

    /// The link to a shipment itself.
    pub fn shipment(&self, reference: &str) -> Link {
        self.link(
            &format!("/shipments/{reference}"),
            "self",
            reference,
            LinkType::Shipment,
        )
    }

    /// The links of a shipment: itself, its tracking, and its label and customs
    /// documents once it has them.
    pub fn shipment_links(&self, record: &ShipmentRecord) -> Vec<Link> {
        let reference = record.reference.as_str();
        let mut links = vec![
            self.shipment(reference),
            self.link(
                &format!("/tracking/{reference}"),
                "tracking",
                reference,
                LinkType::Tracking,
            ),
        ];
        if store::has_labels(record) {
            links.push(self.label(reference));
            if catalogue::Parcel::of(&record.details).is_international() {
                links.push(self.link(
                    &format!("/documents/{reference}"),
                    "customs_documents",
                    reference,
                    LinkType::CustomsDocuments,
                ));
            }
        }
        links
    }

    /// The link to a shipment's PDF label.
    pub fn label(&self, reference: &str) -> Link {
        self.link(
            &format!("/labels/{reference}/pdf/203"),
            "label",
            reference,
            LinkType::Label,
        )
    }

    /// The link to a shipment group.
    pub fn group(&self, reference: &str) -> Link {
        self.link(
            &format!("/shipment_groups/{reference}"),
            "self",
            reference,
            LinkType::ShipmentGroup,
        )
    }

    /// The link to a manifest.
    pub fn manifest(&self, reference: &str) -> Link {
        self.link(
            &format!("/shipments/manifests/{reference}"),
            "self",
            reference,
            LinkType::Manifest,
        )
    }

    /// The link to a paperless document.
    pub fn paperless(&self, reference: &str) -> Link {
        self.link(
            &format!("/documents/paperless/{reference}"),
            "self",
            reference,
            LinkType::PaperlessDocument,
        )
    }
}

/// A `ResourceResult` for one object.
pub fn resource(reference: &str, message: String, links: Vec<Link>) -> ResourceResult {
    let mut result = ResourceResult::new(reference.to_owned()).with_message(message);
    result.links = (!links.is_empty()).then_some(links);
    result
}

/// A date range with `has_value` filled in, as the service returns it.
pub fn date_range(range: Option<&DateRange>) -> Option<DateRange> {
    range.map(|range| {
        let mut shown =
            DateRange::new().with_has_value(range.start.is_some() || range.end.is_some());
        shown.start = range.start;
        shown.end = range.end;
        shown
    })
}

/// The carrier's tracking references of an allocation.
pub fn tracking_details(allocation: &Allocation) -> TrackingDetails {
    let url = |reference: &str| {
        format!(
            "https://tracking.example.com/{}/{reference}",
            allocation.service.carrier.reference
        )
    };
    let shipment = ShipmentTrackingReference::new()
        .with_carrier_tracking_reference(allocation.tracking_reference.clone())
        .with_tracking_url(url(&allocation.tracking_reference));
    let contents = allocation
        .contents_tracking
        .iter()
        .map(|(item, carrier_reference)| {
            ContentsTrackingReference::new()
                .with_reference(item.clone())
                .with_carrier_tracking_reference(carrier_reference.clone())
                .with_tracking_url(url(carrier_reference))
        })
        .collect();
    TrackingDetails::new()
        .with_shipment(shipment)
        .with_contents(contents)
}

/// A paperless document, with its reference and state, without the file: the spec makes
/// `file_content` write-only.
pub fn paperless_view(record: &PaperlessRecord) -> PaperlessDocument {
    let state = match record.stage {
        Stage::Processing => sorted_pro::types::PaperlessDocumentState::Processing,
        Stage::Ready => sorted_pro::types::PaperlessDocumentState::Ready,
        Stage::Removed => sorted_pro::types::PaperlessDocumentState::Removed,
    };
    let mut document = record
        .document
        .clone()
        .with_document_reference(record.reference.clone())
        .with_document_state(state);
    document.file_content = None;
    document
}

/// A stored shipment as the API shows it.
pub fn shipment(record: &ShipmentRecord, ledger: &Ledger, links: &Links) -> Shipment {
    let details = record.details.clone();
    let allocation = record.allocation.as_ref();
    let paperless: Vec<PaperlessDocument> = ledger
        .paperless
        .values()
        .filter(|document| {
            document.shipment == record.reference && document.stage != Stage::Removed
        })
        .map(paperless_view)
        .collect();
    let mut shipment = Shipment::new(
        details.shipment_type,
        details.direction,
        details.contents,
        details.addresses,
    )
    .with_reference(record.reference.clone())
    .with_state(record.state.clone())
    .with_created(record.created)
    .with_updated(record.updated)
    .with_links(links.shipment_links(record));
    shipment.source = details.source;
    shipment.custom_reference = details.custom_reference;
    shipment.required_delivery_date = details.required_delivery_date;
    shipment.required_shipping_date = details.required_shipping_date;
    shipment.order_date = details.order_date;
    shipment.tags = details.tags;
    shipment.metadata = details.metadata;
    shipment.customs_documentation = details.customs_documentation;
    shipment.label_properties = details.label_properties;
    shipment.tenant = details.tenant;
    shipment.channel = details.channel;
    shipment.actual_delivery_date = record.delivered;
    shipment.paperless_documents = (!paperless.is_empty()).then_some(paperless);
    if let Some(allocation) = allocation {
        let expected = DateRange::new()
            .with_start(allocation.expected_delivery)
            .with_end(allocation.expected_delivery + chrono::TimeDelta::hours(10))
            .with_has_value(true);
        let shipment_allocation = ShipmentAllocation::new()
            .with_carrier(catalogue::carrier_details(allocation.service))
            .with_allocation_date(allocation.date)
            .with_price(allocation.price.clone())
            .with_tracking_details(tracking_details(allocation))
            .with_links(vec![links.label(&record.reference)]);
        let mut label_details = LabelDetails::new()
            .with_retrieval_count(record.label_retrievals)
            .with_links(vec![links.label(&record.reference)]);
        label_details.date_first_retrieved = record.label_first_retrieved;
        let shipping = DateRange::new()
            .with_start(allocation.shipping_date)
            .with_end(allocation.shipping_date)
            .with_has_value(true);
        shipment = shipment
            .with_shipping_date(shipping)
            .with_expected_delivery_date(expected)
            .with_allocation(shipment_allocation)
            .with_label_details(label_details);
    }
    shipment
}

/// A stored group as the API shows it.
pub fn group(record: &GroupRecord) -> ShipmentGroup {
    let mut group = ShipmentGroup::new()
        .with_reference(record.reference.clone())
        .with_state(record.state.clone())
        .with_shipments(record.shipments.clone())
        .with_created(record.created)
        .with_updated(record.updated);
    group.custom_reference = record.custom_reference.clone();
    group.version = record.version;
    group.locked = record.locked;
    group.closed = record.closed;
    group
}

/// A stored group in a list of versions.
pub fn group_summary(record: &GroupRecord, links: &Links) -> ShipmentGroupSummary {
    let mut summary = ShipmentGroupSummary::new(record.reference.clone())
        .with_state(record.state.clone())
        .with_created(record.created)
        .with_links(vec![links.group(&record.reference)]);
    summary.custom_reference = record.custom_reference.clone();
    summary.version = record.version;
    summary
}
