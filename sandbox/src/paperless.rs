//! The `Paperless documents` tag: attach trade documents to shipments that are not yet
//! allocated, read them back and remove them.
//!
//! An upload is accepted (202) and checked: the first read answers 221 with
//! `document_state` `processing`, later reads 200 with `ready`. A removed document
//! answers 410 with detail code `resource_removed`.

use sorted_pro::operations::{
    add_paperless_document, delete_paperless_document, get_paperless_document,
};
use sorted_pro::server::{PaperlessDocumentsApi, Problem, RequestContext};
use sorted_pro::types::PaperlessDocument;

use crate::failure::{Failure, Status, detail};
use crate::store::{self, PaperlessRecord, Stage};
use crate::{Principal, Sandbox, references, views};

type Context = RequestContext<Principal>;

/// The largest file accepted, once decoded: 5 MB.
const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// What a read found.
enum Read {
    Processing(PaperlessDocument),
    Ready(PaperlessDocument),
}

/// An upload needs a file of at most 5 MB.
fn check_upload(document: &PaperlessDocument) -> Result<(), Failure> {
    let mut problems = Vec::new();
    match &document.file_content {
        None => problems.push(detail(
            "file_content",
            "required_property_missing",
            "`file_content` is required",
        )),
        Some(file) if file.len() > MAX_FILE_BYTES => problems.push(detail(
            "file_content",
            "file_too_large",
            format!(
                "The file has {} bytes; at most {MAX_FILE_BYTES} are accepted",
                file.len()
            ),
        )),
        Some(_) => {}
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::invalid(problems))
    }
}

/// The document, or 404.
fn find<'a>(
    ledger: &'a mut store::Ledger,
    reference: &str,
) -> Result<&'a mut PaperlessRecord, Failure> {
    ledger
        .paperless
        .get_mut(reference)
        .ok_or_else(|| Failure::not_found("not_found", format!("{reference} could not be found")))
}

impl PaperlessDocumentsApi for Sandbox {
    async fn add_paperless_document(
        &self,
        request: add_paperless_document::Request,
        context: Context,
    ) -> Result<add_paperless_document::Response, Problem> {
        let shipment = request.reference;
        let mut document = request.body;
        let result = context.principal.with(|ledger| {
            let record = ledger.shipment(&shipment)?;
            if !store::can_allocate(&record.state) {
                return Err(Failure::conflict(format!(
                    "{shipment} is {}; documents can be attached only before allocation",
                    record.state
                )));
            }
            check_upload(&document)?;
            let reference = ledger.next_reference(references::PAPERLESS);
            document.document_reference = None;
            document.document_state = None;
            ledger.paperless.insert(
                reference.clone(),
                PaperlessRecord {
                    reference: reference.clone(),
                    shipment: shipment.clone(),
                    document,
                    stage: Stage::Processing,
                },
            );
            Ok(views::resource(
                &reference,
                format!("Document {reference} was received for {shipment} and is being checked"),
                vec![
                    self.links.paperless(&reference),
                    self.links.shipment(&shipment),
                ],
            ))
        });
        Ok(add_paperless_document::Response::Accepted(result?))
    }

    async fn get_paperless_document(
        &self,
        request: get_paperless_document::Request,
        context: Context,
    ) -> Result<get_paperless_document::Response, Problem> {
        let result = context.principal.with(|ledger| {
            let record = find(ledger, &request.reference)?;
            match record.stage {
                Stage::Removed => Err(Failure::new(
                    Status::Gone,
                    "resource_removed",
                    format!("{} was removed", record.reference),
                )),
                Stage::Processing => {
                    let view = views::paperless_view(record);
                    record.stage = Stage::Ready;
                    Ok(Read::Processing(view))
                }
                Stage::Ready => Ok(Read::Ready(views::paperless_view(record))),
            }
        });
        Ok(match result? {
            Read::Processing(document) => get_paperless_document::Response::Status221(document),
            Read::Ready(document) => get_paperless_document::Response::Ok(document),
        })
    }

    async fn delete_paperless_document(
        &self,
        request: delete_paperless_document::Request,
        context: Context,
    ) -> Result<delete_paperless_document::Response, Problem> {
        let reference = request.reference;
        let result = context.principal.with(|ledger| {
            let record = find(ledger, &reference)?;
            if record.stage == Stage::Removed {
                return Err(Failure::conflict(format!(
                    "{reference} was already removed"
                )));
            }
            let shipment = record.shipment.clone();
            let state = ledger.shipment(&shipment)?.state.clone();
            if !store::can_allocate(&state) {
                return Err(Failure::conflict(format!(
                    "{shipment} is {state}; documents can be removed only before allocation"
                )));
            }
            find(ledger, &reference)?.stage = Stage::Removed;
            Ok(views::resource(
                &reference,
                format!("Document {reference} was removed from {shipment}"),
                vec![self.links.shipment(&shipment)],
            ))
        });
        Ok(delete_paperless_document::Response::Accepted(result?))
    }
}
