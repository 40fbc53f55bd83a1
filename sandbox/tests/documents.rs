//! Labels, customs documents and paperless documents: real PDF and ZPL files once a
//! shipment is allocated, and the 202, 221, 200 and 410 life of a paperless document.

mod support;

use serde_json::json;
use sorted_pro::operations as ops;
use sorted_pro::types::{self, DocumentType, Dpi, LabelFormat, PaperlessDocumentState};
use support::{address, codes, create, create_allocated, decode, get, ok, parcel, parcel_json};

/// Checks that `file` is a whole PDF: header, trailer, and an xref whose offsets point at
/// the objects they name.
fn assert_pdf(file: &[u8]) {
    assert!(file.starts_with(b"%PDF-"), "no PDF header");
    assert!(file.ends_with(b"%%EOF"), "no end-of-file marker");
    let tail = String::from_utf8_lossy(&file[file.len().saturating_sub(40)..]).into_owned();
    let start: usize = tail
        .rsplit("startxref\n")
        .next()
        .and_then(|rest| rest.lines().next())
        .and_then(|line| line.parse().ok())
        .unwrap_or_else(|| panic!("no startxref in {tail:?}"));
    let table = String::from_utf8_lossy(&file[start..]).into_owned();
    assert!(
        table.starts_with("xref\n0 "),
        "startxref does not point at the xref table"
    );
    for (index, entry) in table
        .lines()
        .skip(3)
        .take_while(|line| line.ends_with(" n "))
        .enumerate()
    {
        let offset: usize = entry[..10].parse().unwrap_or(usize::MAX);
        let object = format!("{} 0 obj", index + 1);
        assert!(
            file[offset..].starts_with(object.as_bytes()),
            "object {} misplaced",
            index + 1
        );
    }
}

#[tokio::test]
async fn labels_exist_once_allocated_as_pdf_and_zpl() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let unallocated = create(&client, parcel()).await;
    let early = ok(client
        .get_label(&ops::get_label::Request::new(
            unallocated,
            LabelFormat::Pdf,
            Dpi::V203,
        ))
        .await);
    assert!(
        matches!(early, ops::get_label::Response::NotFound(_)),
        "{early:?}"
    );

    let reference = create_allocated(&client, parcel()).await;
    let answer = ok(client
        .get_label(&ops::get_label::Request::new(
            reference.clone(),
            LabelFormat::Pdf,
            Dpi::V203,
        ))
        .await);
    let ops::get_label::Response::Ok(label) = answer else {
        panic!("expected 200, got {answer:?}");
    };
    assert_eq!(label.content_type, "application/pdf");
    assert_eq!(label.document_type, DocumentType::Label);
    assert_eq!(label.dpi, Some(Dpi::V203));
    assert_pdf(&label.file);
    let text = String::from_utf8_lossy(&label.file).into_owned();
    assert!(text.contains(&format!("(Shipment: {reference}) Tj")));
    assert!(text.contains("(Royal Post Tracked 48) Tj"));

    let answer = ok(client
        .get_label(&ops::get_label::Request::new(
            reference.clone(),
            LabelFormat::Zpl,
            Dpi::V300,
        ))
        .await);
    let ops::get_label::Response::Ok(zpl) = answer else {
        panic!("expected 200, got {answer:?}");
    };
    let text = String::from_utf8_lossy(&zpl.file).into_owned();
    assert!(
        text.starts_with("^XA") && text.trim_end().ends_with("^XZ"),
        "{text}"
    );
    assert!(text.contains("^PW1200"), "4 inches at 300 dpi");

    let shipment = get(&client, &reference).await;
    let details = shipment
        .label_details
        .unwrap_or_else(|| panic!("no label details"));
    assert_eq!(details.retrieval_count, Some(2));
    assert!(details.date_first_retrieved.is_some());
}

#[tokio::test]
async fn each_contents_item_has_its_own_label() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let reference = create_allocated(&client, parcel()).await;
    let item = get(&client, &reference).await.contents[0]
        .reference
        .clone()
        .unwrap_or_default();
    let answer = ok(client
        .get_contents_labels(&ops::get_contents_labels::Request::new(
            reference.clone(),
            item.clone(),
            LabelFormat::Pdf,
            Dpi::V600,
        ))
        .await);
    let ops::get_contents_labels::Response::Ok(labels) = answer else {
        panic!("expected 200, got {answer:?}");
    };
    assert_eq!(labels.len(), 1);
    assert_pdf(&labels[0].file);
    assert!(String::from_utf8_lossy(&labels[0].file).contains(&item));

    let unknown = ok(client
        .get_contents_labels(&ops::get_contents_labels::Request::new(
            reference,
            support::UNKNOWN.to_owned(),
            LabelFormat::Pdf,
            Dpi::V203,
        ))
        .await);
    assert!(matches!(
        unknown,
        ops::get_contents_labels::Response::NotFound(_)
    ));
}

#[tokio::test]
async fn international_shipments_get_customs_documents_and_domestic_ones_none() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let domestic = create_allocated(&client, parcel()).await;
    let none = ok(client
        .get_customs_documents(&ops::get_customs_documents::Request::new(domestic))
        .await);
    assert_eq!(none, ops::get_customs_documents::Response::NoContent);

    let mut body = parcel_json();
    body["addresses"][1] = address("destination", "1 Rue de Rivoli", "FR");
    let international = create_allocated(&client, decode(body)).await;
    let answer = ok(client
        .get_customs_documents(&ops::get_customs_documents::Request::new(
            international.clone(),
        ))
        .await);
    let ops::get_customs_documents::Response::Ok(documents) = answer else {
        panic!("expected 200, got {answer:?}");
    };
    let kinds: Vec<_> = documents
        .iter()
        .map(|document| document.document_type.clone())
        .collect();
    assert_eq!(kinds, [DocumentType::Cn22, DocumentType::CommercialInvoice]);
    for document in &documents {
        assert_pdf(&document.file);
    }
    let cn23 = ok(client
        .get_customs_document(&ops::get_customs_document::Request::new(
            international,
            types::CustomsDocumentType::Cn23,
        ))
        .await);
    assert_eq!(cn23, ops::get_customs_document::Response::NoContent);
}

fn document() -> types::PaperlessDocument {
    decode(json!({
        "document_type": "commercial_invoice",
        "file_format": "pdf",
        "usage": "electronic_trade",
        "file_content": "JVBERi0xLjQKJSVFT0Y="
    }))
}

#[tokio::test]
async fn paperless_documents_are_processing_then_ready_then_gone() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let shipment = create(&client, parcel()).await;
    let added = ok(client
        .add_paperless_document(&ops::add_paperless_document::Request::new(
            shipment.clone(),
            document(),
        ))
        .await);
    let ops::add_paperless_document::Response::Accepted(result) = added else {
        panic!("expected 202, got {added:?}");
    };
    let reference = result.reference;

    let read = || {
        let client = client.clone();
        let reference = reference.clone();
        async move {
            ok(client
                .get_paperless_document(&ops::get_paperless_document::Request::new(reference))
                .await)
        }
    };
    let first = read().await;
    let ops::get_paperless_document::Response::Status221(processing) = first else {
        panic!("expected 221, got {first:?}");
    };
    assert_eq!(
        processing.document_state,
        Some(PaperlessDocumentState::Processing)
    );
    let second = read().await;
    let ops::get_paperless_document::Response::Ok(ready) = second else {
        panic!("expected 200, got {second:?}");
    };
    assert_eq!(ready.document_state, Some(PaperlessDocumentState::Ready));
    assert_eq!(ready.file_format, document().file_format);
    // The file is write-only: never sent back.
    assert_eq!(processing.file_content, None);
    assert_eq!(ready.file_content, None);
    let listed = get(&client, &shipment)
        .await
        .paperless_documents
        .unwrap_or_default();
    assert_eq!(listed.len(), 1);

    let removed = ok(client
        .delete_paperless_document(&ops::delete_paperless_document::Request::new(
            reference.clone(),
        ))
        .await);
    assert!(
        matches!(
            removed,
            ops::delete_paperless_document::Response::Accepted(_)
        ),
        "{removed:?}"
    );
    let gone = read().await;
    let ops::get_paperless_document::Response::Gone(error) = gone else {
        panic!("expected 410, got {gone:?}");
    };
    assert_eq!(codes(&error), ["resource_removed"]);
}

#[tokio::test]
async fn paperless_documents_are_attached_only_before_allocation() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let allocated = create_allocated(&client, parcel()).await;
    let refused = ok(client
        .add_paperless_document(&ops::add_paperless_document::Request::new(
            allocated,
            document(),
        ))
        .await);
    assert!(
        matches!(refused, ops::add_paperless_document::Response::Conflict(_)),
        "{refused:?}"
    );
    let missing = ok(client
        .add_paperless_document(&ops::add_paperless_document::Request::new(
            support::UNKNOWN.to_owned(),
            document(),
        ))
        .await);
    assert!(matches!(
        missing,
        ops::add_paperless_document::Response::NotFound(_)
    ));
}
