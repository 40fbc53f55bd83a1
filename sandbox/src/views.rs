//! How stored objects look in answers: the API's models built from the ledger's records,
//! with `_links` pointing back at the sandbox.

use sorted_pro::types::{
    DateRange, LabelDetails, Link, LinkType, PaperlessDocument, ResourceResult, Shipment,
    ShipmentAllocation, ShipmentGroup, ShipmentGroupSummary, ShipmentTrackingReference,
    TrackingDetails,
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
        Link {
            href: format!("{}{path}", self.base),
            rel: rel.to_owned(),
            reference: Some(reference.to_owned()),
            r#type: Some(kind),
        }
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
    ResourceResult {
        reference: reference.to_owned(),
        custom_reference: None,
        version: None,
        message: Some(message),
        errors: None,
        links: (!links.is_empty()).then_some(links),
    }
}

/// A date range with `has_value` filled in, as the service returns it.
pub fn date_range(range: Option<&DateRange>) -> Option<DateRange> {
    range.map(|range| DateRange {
        start: range.start,
        end: range.end,
        has_value: Some(range.start.is_some() || range.end.is_some()),
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
    TrackingDetails {
        shipment: Some(ShipmentTrackingReference {
            carrier_tracking_reference: Some(allocation.tracking_reference.clone()),
            tracking_url: Some(url(&allocation.tracking_reference)),
        }),
        contents: Some(
            allocation
                .contents_tracking
                .iter()
                .map(
                    |(item, carrier_reference)| sorted_pro::types::ContentsTrackingReference {
                        reference: Some(item.clone()),
                        carrier_tracking_reference: Some(carrier_reference.clone()),
                        tracking_url: Some(url(carrier_reference)),
                    },
                )
                .collect(),
        ),
    }
}

/// A paperless document as listed with its shipment: without the file.
fn paperless_summary(record: &PaperlessRecord) -> PaperlessDocument {
    PaperlessDocument {
        file_content: None,
        ..paperless_view(record)
    }
}

/// A paperless document, with its reference and state.
pub fn paperless_view(record: &PaperlessRecord) -> PaperlessDocument {
    let state = match record.stage {
        Stage::Processing => sorted_pro::types::PaperlessDocumentState::Processing,
        Stage::Ready => sorted_pro::types::PaperlessDocumentState::Ready,
        Stage::Removed => sorted_pro::types::PaperlessDocumentState::Removed,
    };
    PaperlessDocument {
        document_reference: Some(record.reference.clone()),
        document_state: Some(state),
        ..record.document.clone()
    }
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
        .map(paperless_summary)
        .collect();
    Shipment {
        shipment_type: details.shipment_type,
        direction: details.direction,
        custom_reference: details.custom_reference,
        contents: details.contents,
        addresses: details.addresses,
        required_delivery_date: details.required_delivery_date,
        required_shipping_date: details.required_shipping_date,
        order_date: details.order_date,
        tags: details.tags,
        metadata: details.metadata,
        customs_documentation: details.customs_documentation,
        label_properties: details.label_properties,
        source: details.source,
        tenant: details.tenant,
        channel: details.channel,
        reference: Some(record.reference.clone()),
        state: Some(record.state.clone()),
        created: Some(record.created),
        updated: Some(record.updated),
        shipping_date: allocation.map(|allocation| allocation.shipping_date),
        expected_delivery_date: allocation.map(|allocation| DateRange {
            start: Some(allocation.expected_delivery),
            end: Some(allocation.expected_delivery + chrono::TimeDelta::hours(10)),
            has_value: Some(true),
        }),
        actual_delivery_date: record.delivered,
        allocation: allocation.map(|allocation| ShipmentAllocation {
            carrier: Some(catalogue::carrier_details(allocation.service)),
            allocation_date: Some(allocation.date),
            price: Some(allocation.price.clone()),
            tracking_details: Some(tracking_details(allocation)),
            links: Some(vec![links.label(&record.reference)]),
        }),
        label_details: allocation.map(|_| LabelDetails {
            date_first_retrieved: record.label_first_retrieved,
            retrieval_count: Some(record.label_retrievals),
            links: Some(vec![links.label(&record.reference)]),
        }),
        reservation: None,
        paperless_documents: (!paperless.is_empty()).then_some(paperless),
        links: Some(links.shipment_links(record)),
    }
}

/// A stored group as the API shows it.
pub fn group(record: &GroupRecord) -> ShipmentGroup {
    ShipmentGroup {
        reference: Some(record.reference.clone()),
        custom_reference: record.custom_reference.clone(),
        version: record.version,
        state: Some(record.state.clone()),
        shipments: Some(record.shipments.clone()),
        created: Some(record.created),
        updated: Some(record.updated),
        locked: record.locked,
        closed: record.closed,
    }
}

/// A stored group in a list of versions.
pub fn group_summary(record: &GroupRecord, links: &Links) -> ShipmentGroupSummary {
    ShipmentGroupSummary {
        reference: record.reference.clone(),
        custom_reference: record.custom_reference.clone(),
        version: record.version,
        state: record.state.clone(),
        created: Some(record.created),
        links: Some(vec![links.group(&record.reference)]),
    }
}
