//! The `Labels and documents` tag: labels and customs documents of allocated shipments,
//! as real files.
//!
//! Labels are 4 x 6 inch PDF files or ZPL text at the requested resolution; customs
//! documents are A4 PDF files. International shipments (origin and destination in
//! different countries) get a CN22 (total value up to 270) or a CN23 (above) and a
//! commercial invoice; domestic ones get none (204). A shipment that is not allocated (or
//! is cancelled) has no label or document yet: 404. `include_extension` only names files
//! and a `Document` carries no file name, so it changes nothing here.

use sorted_pro::operations::{
    get_contents_labels, get_customs_document, get_customs_documents, get_label,
};
use sorted_pro::server::{LabelsAndDocumentsApi, Problem, RequestContext};
use sorted_pro::types::{
    Address, CustomsDocumentType, Document, DocumentType, Dpi, LabelFormat, ShipmentContents,
};

use crate::catalogue::Parcel;
use crate::clock::Timestamp;
use crate::documents::{self, PageSize};
use crate::failure::Failure;
use crate::store::{self, ShipmentRecord};
use crate::{Principal, Sandbox};

type Context = RequestContext<Principal>;

/// The value up to which a CN22 is enough.
const CN22_LIMIT: f64 = 270.0;

/// An address on one line: the contact or company, then the address.
pub fn address_line(address: &Address) -> String {
    let contact = address.contact.as_ref().map(|contact| {
        [
            contact.title.as_deref(),
            Some(contact.first_name.as_str()),
            Some(contact.last_name.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
    });
    let parts = [
        contact,
        address.company_name.clone(),
        address
            .shipping_location_reference
            .as_ref()
            .map(|location| format!("shipping location {location}")),
        address.property_number.clone(),
        address.property_name.clone(),
        address.address_line1.clone(),
        address.address_line2.clone(),
        address.address_line3.clone(),
        address.locality.clone(),
        address.region.clone(),
        address.postal_code.clone(),
        address.country_iso_code.clone(),
    ];
    parts
        .into_iter()
        .flatten()
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The address of a kind (`origin`, `destination`) on one line.
pub fn address_of(record: &ShipmentRecord, kind: &str) -> String {
    record
        .details
        .addresses
        .iter()
        .find(|address| address.address_type.as_str() == kind)
        .map(address_line)
        .unwrap_or_default()
}

/// What a label says.
fn label_lines(record: &ShipmentRecord, item: Option<&ShipmentContents>) -> (String, Vec<String>) {
    let mut lines = Vec::new();
    let title = match &record.allocation {
        Some(allocation) => {
            let tracking = item
                .and_then(|item| item.reference.as_ref())
                .and_then(|reference| {
                    allocation
                        .contents_tracking
                        .iter()
                        .find(|(item, _)| item == reference)
                        .map(|(_, tracking)| tracking.clone())
                })
                .unwrap_or_else(|| allocation.tracking_reference.clone());
            lines.push(format!("Tracking: {tracking}"));
            lines.push(format!(
                "Ship: {}   Deliver by: {}",
                allocation.shipping_date.format("%Y-%m-%d"),
                allocation.expected_delivery.format("%Y-%m-%d")
            ));
            format!(
                "{} {}",
                allocation.service.carrier.name, allocation.service.name
            )
        }
        None => "Unallocated".to_owned(),
    };
    lines.push(format!("Shipment: {}", record.reference));
    if let Some(item) = item {
        lines.push(format!(
            "Item: {} {}",
            item.reference.as_deref().unwrap_or_default(),
            item.description.as_deref().unwrap_or_default()
        ));
    }
    if let Some(custom) = &record.details.custom_reference {
        lines.push(format!("Reference: {custom}"));
    }
    lines.push(format!("To: {}", address_of(record, "destination")));
    lines.push(format!("From: {}", address_of(record, "origin")));
    let parcel = Parcel::of(&record.details);
    lines.push(format!("Weight: {:.2} kg", parcel.weight_kg));
    if parcel.dangerous_goods {
        lines.push("Contains dangerous goods".to_owned());
    }
    for property in record.details.label_properties.iter().flatten() {
        lines.push(format!("{}: {}", property.key, property.value));
    }
    (title, lines)
}

/// A label file in the requested format.
fn label(
    record: &ShipmentRecord,
    item: Option<&ShipmentContents>,
    format: &LabelFormat,
    dpi: &Dpi,
) -> Document {
    let (title, lines) = label_lines(record, item);
    let (file, content_type) = match format {
        LabelFormat::Zpl => (documents::zpl(dpi.value(), &title, &lines), documents::ZPL),
        _ => (
            documents::pdf(PageSize::Label, &title, &lines),
            documents::PDF,
        ),
    };
    Document::new(file, content_type.to_owned(), DocumentType::Label).with_dpi(dpi.clone())
}

/// The shipment, if it has labels and documents; 404 while it has none (before
/// allocation, or once cancelled).
fn labelled<'a>(
    ledger: &'a mut store::Ledger,
    reference: &str,
) -> Result<&'a mut ShipmentRecord, Failure> {
    let record = ledger.shipment_mut(reference)?;
    if !store::has_labels(record) {
        return Err(Failure::not_found(
            "not_found",
            format!(
                "{reference} is {}; labels and documents exist only for allocated shipments",
                record.state
            ),
        ));
    }
    Ok(record)
}

/// Notes that the shipment's label was fetched.
fn count_retrieval(record: &mut ShipmentRecord, now: Timestamp) {
    record.label_first_retrieved.get_or_insert(now);
    record.label_retrievals += 1;
}

/// The kinds of customs document an international shipment gets.
fn customs_kinds(record: &ShipmentRecord) -> Vec<CustomsDocumentType> {
    if !Parcel::of(&record.details).is_international() {
        return Vec::new();
    }
    if total_value(record) <= CN22_LIMIT {
        vec![
            CustomsDocumentType::Cn22,
            CustomsDocumentType::CommercialInvoice,
        ]
    } else {
        vec![
            CustomsDocumentType::Cn23,
            CustomsDocumentType::CommercialInvoice,
        ]
    }
}

/// The declared value of the shipment's top-level items.
fn total_value(record: &ShipmentRecord) -> f64 {
    record
        .details
        .contents
        .iter()
        .map(|item| item.value.amount * item.quantity.max(1) as f64)
        .sum()
}

/// A customs document as an A4 PDF.
fn customs_document(record: &ShipmentRecord, kind: &CustomsDocumentType) -> Document {
    let (title, document_type) = match kind {
        CustomsDocumentType::Cn22 => ("CN22 customs declaration", DocumentType::Cn22),
        CustomsDocumentType::Cn23 => ("CN23 customs declaration", DocumentType::Cn23),
        _ => ("Commercial invoice", DocumentType::CommercialInvoice),
    };
    let customs = record.details.customs_documentation.as_ref();
    let mut lines = vec![
        format!("Shipment: {}", record.reference),
        format!("Sender: {}", address_of(record, "origin")),
        format!("Recipient: {}", address_of(record, "destination")),
        format!(
            "Category: {}",
            customs.map_or("other", |customs| customs.category_type.as_str())
        ),
    ];
    if let Some(invoice) = customs.and_then(|customs| customs.invoice_number.as_ref()) {
        lines.push(format!("Invoice number: {invoice}"));
    }
    if let Some(eori) = customs.and_then(|customs| customs.eori_number.as_ref()) {
        lines.push(format!("EORI: {eori}"));
    }
    lines.push(String::new());
    for item in store::all_contents(&record.details.contents) {
        lines.push(format!(
            "{} x {}: {:.2} {}, origin {}, tariff {}",
            item.quantity,
            item.description.as_deref().unwrap_or("item"),
            item.value.amount,
            item.value.currency,
            item.country_of_origin.as_deref().unwrap_or("unknown"),
            item.harmonisation_code.as_deref().unwrap_or("none")
        ));
    }
    let currency = record
        .details
        .contents
        .first()
        .map_or("GBP", |item| item.value.currency.as_str());
    lines.push(String::new());
    lines.push(format!(
        "Total value: {:.2} {currency}",
        total_value(record)
    ));
    Document::new(
        documents::pdf(PageSize::A4, title, &lines),
        documents::PDF.to_owned(),
        document_type,
    )
}

impl LabelsAndDocumentsApi for Sandbox {
    async fn get_label(
        &self,
        request: get_label::Request,
        context: Context,
    ) -> Result<get_label::Response, Problem> {
        let now = self.clock.now();
        let result: Result<_, Failure> = context.principal.with(|ledger| {
            let record = labelled(ledger, &request.shipment_reference)?;
            count_retrieval(record, now);
            Ok(label(record, None, &request.format, &request.dpi))
        });
        Ok(get_label::Response::Ok(result?))
    }

    async fn get_contents_labels(
        &self,
        request: get_contents_labels::Request,
        context: Context,
    ) -> Result<get_contents_labels::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            let record = ledger.shipment(&request.shipment_reference)?;
            let known = store::all_contents(&record.details.contents)
                .iter()
                .any(|item| item.reference.as_deref() == Some(request.contents_reference.as_str()));
            if !known {
                return Err(Failure::not_found(
                    "not_found",
                    format!(
                        "{} is not a contents item of {}",
                        request.contents_reference, request.shipment_reference
                    ),
                ));
            }
            let record = labelled(ledger, &request.shipment_reference)?;
            count_retrieval(record, now);
            let items = store::all_contents(&record.details.contents);
            let item = items
                .iter()
                .find(|item| item.reference.as_deref() == Some(request.contents_reference.as_str()))
                .copied();
            Ok(vec![label(record, item, &request.format, &request.dpi)])
        });
        Ok(get_contents_labels::Response::Ok(result?))
    }

    async fn get_customs_documents(
        &self,
        request: get_customs_documents::Request,
        context: Context,
    ) -> Result<get_customs_documents::Response, Problem> {
        let result: Result<_, Failure> = context.principal.with(|ledger| {
            let record = labelled(ledger, &request.shipment_reference)?;
            Ok(customs_kinds(record)
                .iter()
                .map(|kind| customs_document(record, kind))
                .collect::<Vec<_>>())
        });
        let documents = result?;
        Ok({
            if documents.is_empty() {
                get_customs_documents::Response::NoContent
            } else {
                get_customs_documents::Response::Ok(documents)
            }
        })
    }

    async fn get_customs_document(
        &self,
        request: get_customs_document::Request,
        context: Context,
    ) -> Result<get_customs_document::Response, Problem> {
        let result: Result<_, Failure> = context.principal.with(|ledger| {
            let record = labelled(ledger, &request.shipment_reference)?;
            Ok(customs_kinds(record)
                .contains(&request.document_type)
                .then(|| customs_document(record, &request.document_type)))
        });
        Ok(match result? {
            Some(document) => get_customs_document::Response::Ok(document),
            None => get_customs_document::Response::NoContent,
        })
    }
}
