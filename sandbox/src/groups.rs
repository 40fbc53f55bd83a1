//! The `Shipment groups` tag, as the "Creating Shipment Groups" page describes it.
//!
//! A group holds 1 to 10,000 shipments that are `allocated` or `manifested`, share one
//! origin (address or shipping location) and one carrier service, and belong to no other
//! group that is not closed. Creating a group with some unusable references still creates
//! it: the answer is then 207 and `errors` lists each refused reference with a code
//! (`invalid_reference_format`, `shipment_not_found`, `duplicate_references`,
//! `invalid_shipment_state`, `shipment_in_open_group`, `origin_mismatch`,
//! `carrier_service_mismatch`). A `custom_reference` is unique among groups that are not
//! closed; `version` counts its uses. Groups go `open` -> `locked` -> `closed` (unlock goes
//! back); steps out of order answer 409, steps already taken 304.

use std::collections::HashSet;

use sorted_pro::operations::{
    add_shipment_to_group, add_shipment_to_group_version, close_shipment_group,
    create_shipment_group, edit_shipment_group, get_shipment_group, get_shipment_group_version,
    list_shipment_group_versions, lock_shipment_group, remove_shipment_from_group,
    remove_shipment_from_group_version, unlock_shipment_group,
};
use sorted_pro::server::{Problem, RequestContext, ShipmentGroupsApi};
use sorted_pro::types::{ErrorDetail, ResourceResult, ShipmentGroupState, ShipmentState};

use crate::clock::Timestamp;
use crate::failure::{Failure, Status, detail};
use crate::references::{self, is_reference};
use crate::store::{self, GroupRecord, Ledger};
use crate::{Principal, Sandbox, views};

type Context = RequestContext<Principal>;

/// The origin and carrier service every member of a group shares.
type Anchor = Option<(String, String)>;

/// The origin and service of a shipment, if it has a service.
fn anchor_of(ledger: &Ledger, reference: &str) -> Anchor {
    let record = ledger.shipments.get(reference)?;
    let service = record.allocation.as_ref()?.service.reference.to_owned();
    Some((store::origin_key(&record.details), service))
}

/// The anchor of a group's current members.
fn group_anchor(ledger: &Ledger, group: &GroupRecord) -> Anchor {
    group
        .shipments
        .iter()
        .find_map(|reference| anchor_of(ledger, reference))
}

/// Why the shipment cannot join the group `group` (or a new group when `None`).
fn admit(
    ledger: &Ledger,
    reference: &str,
    group: Option<&str>,
    anchor: &mut Anchor,
    property: &str,
) -> Result<(), ErrorDetail> {
    if !is_reference(reference) {
        return Err(detail(
            property,
            "invalid_reference_format",
            format!("{reference} is not a valid shipment reference"),
        ));
    }
    let Some(record) = ledger.shipments.get(reference) else {
        return Err(detail(
            property,
            "shipment_not_found",
            format!("{reference} could not be found"),
        ));
    };
    if !matches!(
        record.state,
        ShipmentState::Allocated | ShipmentState::Manifested
    ) {
        return Err(detail(
            property,
            "invalid_shipment_state",
            format!(
                "{reference} is {}; only allocated or manifested shipments can be grouped",
                record.state
            ),
        ));
    }
    if let Some(other) = ledger.open_membership.get(reference)
        && Some(other.as_str()) != group
    {
        return Err(detail(
            property,
            "shipment_in_open_group",
            format!("{reference} already belongs to shipment group {other}, which is not closed"),
        ));
    }
    let Some((origin, service)) = anchor_of(ledger, reference) else {
        return Err(detail(
            property,
            "invalid_shipment_state",
            format!("{reference} has no carrier service"),
        ));
    };
    match anchor {
        None => *anchor = Some((origin, service)),
        Some((group_origin, group_service)) => {
            if *group_origin != origin {
                return Err(detail(
                    property,
                    "origin_mismatch",
                    format!("{reference} leaves from another origin than the group's shipments"),
                ));
            }
            if *group_service != service {
                return Err(detail(
                    property,
                    "carrier_service_mismatch",
                    format!(
                        "{reference} uses {service}; the group's shipments use {group_service}"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A `ResourceResult` for a group.
fn group_result(
    group: &GroupRecord,
    message: String,
    errors: Vec<ErrorDetail>,
    links: &views::Links,
) -> ResourceResult {
    let mut result = ResourceResult::new(group.reference.clone())
        .with_message(message)
        .with_links(vec![links.group(&group.reference)]);
    result.custom_reference = group.custom_reference.clone();
    result.version = group.version;
    result.errors = (!errors.is_empty()).then_some(errors);
    result
}

/// The group to change, or 404.
fn group_mut<'a>(ledger: &'a mut Ledger, reference: &str) -> Result<&'a mut GroupRecord, Failure> {
    ledger
        .groups
        .get_mut(reference)
        .ok_or_else(|| Failure::not_found("not_found", format!("{reference} could not be found")))
}

/// Refuses changes to the membership of a group that is not open.
fn ensure_open(group: &GroupRecord) -> Result<(), Failure> {
    match group.state {
        ShipmentGroupState::Open => Ok(()),
        ShipmentGroupState::Locked => Err(Failure::conflict(format!(
            "{} is locked; unlock it to change its shipments",
            group.reference
        ))),
        _ => Err(Failure::conflict(format!(
            "{} is closed and can no longer change",
            group.reference
        ))),
    }
}

/// A successful answer or 304.
enum Outcome {
    Changed(ResourceResult),
    Unchanged,
}

/// Adds one shipment to a group: 304 when it is a member already.
fn add_one(
    ledger: &mut Ledger,
    group_reference: &str,
    shipment: &str,
    now: Timestamp,
    links: &views::Links,
) -> Result<Outcome, Failure> {
    let group = ledger.group(group_reference)?;
    ledger.shipment(shipment)?;
    if group.shipments.iter().any(|member| member == shipment) {
        return Ok(Outcome::Unchanged);
    }
    ensure_open(group)?;
    let mut anchor = group_anchor(ledger, group);
    admit(
        ledger,
        shipment,
        Some(group_reference),
        &mut anchor,
        "shipment_reference",
    )
    .map_err(|problem| Failure {
        status: Status::Conflict,
        details: vec![problem],
    })?;
    ledger
        .open_membership
        .insert(shipment.to_owned(), group_reference.to_owned());
    let group = group_mut(ledger, group_reference)?;
    group.shipments.push(shipment.to_owned());
    group.updated = now;
    Ok(Outcome::Changed(group_result(
        group,
        format!("{shipment} was added to {group_reference}"),
        Vec::new(),
        links,
    )))
}

/// Removes one shipment from a group: 304 when it is not a member.
fn remove_one(
    ledger: &mut Ledger,
    group_reference: &str,
    shipment: &str,
    now: Timestamp,
    links: &views::Links,
) -> Result<Outcome, Failure> {
    let group = ledger.group(group_reference)?;
    if !group.shipments.iter().any(|member| member == shipment) {
        ledger.shipment(shipment)?;
        return Ok(Outcome::Unchanged);
    }
    ensure_open(group)?;
    ledger.open_membership.remove(shipment);
    let group = group_mut(ledger, group_reference)?;
    group.shipments.retain(|member| member != shipment);
    group.updated = now;
    Ok(Outcome::Changed(group_result(
        group,
        format!("{shipment} was removed from {group_reference}"),
        Vec::new(),
        links,
    )))
}

/// Moves a group to `target`; 409 when it is there already or the step is out of order.
fn transition(
    ledger: &mut Ledger,
    reference: &str,
    target: ShipmentGroupState,
    now: Timestamp,
    links: &views::Links,
) -> Result<ResourceResult, Failure> {
    let group = ledger.group(reference)?;
    let from = group.state.clone();
    if from == target {
        return Err(Failure::conflict(format!(
            "{reference} is already {target}"
        )));
    }
    let allowed = matches!(
        (&from, &target),
        (ShipmentGroupState::Open, ShipmentGroupState::Locked)
            | (ShipmentGroupState::Locked, ShipmentGroupState::Open)
            | (ShipmentGroupState::Locked, ShipmentGroupState::Closed)
    );
    if !allowed {
        let message = match (&from, &target) {
            (ShipmentGroupState::Open, ShipmentGroupState::Closed) => {
                format!("{reference} is open; lock it before closing it")
            }
            _ => format!("{reference} is {from} and cannot become {target}"),
        };
        return Err(Failure::conflict(message));
    }
    if target == ShipmentGroupState::Closed {
        let members = group.shipments.clone();
        for member in members {
            if ledger.open_membership.get(&member).map(String::as_str) == Some(reference) {
                ledger.open_membership.remove(&member);
            }
        }
    }
    let group = group_mut(ledger, reference)?;
    group.state = target.clone();
    group.updated = now;
    match target {
        ShipmentGroupState::Locked => group.locked = Some(now),
        ShipmentGroupState::Closed => group.closed = Some(now),
        _ => {}
    }
    Ok(group_result(
        group,
        format!("{reference} is now {target}"),
        Vec::new(),
        links,
    ))
}

/// Answers an [`Outcome`] with the operation's 200 or 304.
macro_rules! outcome {
    ($operation:ident, $outcome:expr) => {
        match $outcome {
            Outcome::Changed(result) => $operation::Response::Ok(result),
            Outcome::Unchanged => $operation::Response::NotModified,
        }
    };
}

impl ShipmentGroupsApi for Sandbox {
    async fn create_shipment_group(
        &self,
        request: create_shipment_group::Request,
        context: Context,
    ) -> Result<create_shipment_group::Response, Problem> {
        let now = self.clock.now();
        let body = request.body;
        let result = context.principal.with(|ledger| {
            if let Some(custom) = &body.custom_reference
                && let Some(open) = ledger.groups.values().find(|group| {
                    group.custom_reference.as_ref() == Some(custom)
                        && group.state != ShipmentGroupState::Closed
                })
            {
                return Err(Failure::bad_request(
                    "custom_reference",
                    "non_unique_reference",
                    format!(
                        "{custom} is used by shipment group {}, which is not closed",
                        open.reference
                    ),
                ));
            }
            let mut accepted = Vec::new();
            let mut errors = Vec::new();
            let mut seen = HashSet::new();
            let mut anchor = None;
            for reference in &body.shipments {
                if !seen.insert(reference.as_str()) {
                    errors.push(detail(
                        "shipments",
                        "duplicate_references",
                        format!("{reference} is listed more than once"),
                    ));
                    continue;
                }
                match admit(ledger, reference, None, &mut anchor, "shipments") {
                    Ok(()) => accepted.push(reference.clone()),
                    Err(problem) => errors.push(problem),
                }
            }
            if accepted.is_empty() {
                let status = if errors
                    .iter()
                    .all(|error| error.code == "shipment_not_found")
                {
                    Status::NotFound
                } else {
                    Status::BadRequest
                };
                return Err(Failure {
                    status,
                    details: errors,
                });
            }
            let reference = ledger.next_reference(references::GROUP);
            let version = body.custom_reference.as_ref().map(|custom| {
                let uses = ledger
                    .groups
                    .values()
                    .filter(|group| group.custom_reference.as_ref() == Some(custom))
                    .count();
                uses as i64 + 1
            });
            for shipment in &accepted {
                ledger
                    .open_membership
                    .insert(shipment.clone(), reference.clone());
            }
            let group = GroupRecord {
                reference: reference.clone(),
                custom_reference: body.custom_reference.clone(),
                version,
                state: ShipmentGroupState::Open,
                shipments: accepted,
                created: now,
                updated: now,
                locked: None,
                closed: None,
            };
            let message = if errors.is_empty() {
                format!("Created shipment group {reference}")
            } else {
                format!("Created shipment group {reference}; some shipments were left out")
            };
            let result = group_result(&group, message, errors, &self.links);
            ledger.groups.insert(reference, group);
            Ok(result)
        });
        let result = result?;
        Ok({
            if result.errors.is_some() {
                create_shipment_group::Response::MultiStatus(result)
            } else {
                create_shipment_group::Response::Created(result)
            }
        })
    }

    async fn edit_shipment_group(
        &self,
        request: edit_shipment_group::Request,
        context: Context,
    ) -> Result<edit_shipment_group::Response, Problem> {
        let now = self.clock.now();
        let body = request.body;
        let result: Result<_, Failure> = context.principal.with(|ledger| {
            let group = ledger.group(&body.reference)?;
            ensure_open(group)?;
            let mut members = group.shipments.clone();
            let mut errors = Vec::new();
            for reference in body.remove_shipments.iter().flatten() {
                if !is_reference(reference) {
                    errors.push(detail(
                        "remove_shipments",
                        "invalid_reference_format",
                        format!("{reference} is not a valid shipment reference"),
                    ));
                } else if !ledger.shipments.contains_key(reference) {
                    errors.push(detail(
                        "remove_shipments",
                        "shipment_not_found",
                        format!("{reference} could not be found"),
                    ));
                } else if members.contains(reference) {
                    members.retain(|member| member != reference);
                    ledger.open_membership.remove(reference);
                }
            }
            let mut anchor = members
                .iter()
                .find_map(|reference| anchor_of(ledger, reference));
            for reference in body.add_shipments.iter().flatten() {
                if members.contains(reference) {
                    continue;
                }
                match admit(
                    ledger,
                    reference,
                    Some(&body.reference),
                    &mut anchor,
                    "add_shipments",
                ) {
                    Ok(()) => {
                        members.push(reference.clone());
                        ledger
                            .open_membership
                            .insert(reference.clone(), body.reference.clone());
                    }
                    Err(problem) => errors.push(problem),
                }
            }
            let group = group_mut(ledger, &body.reference)?;
            group.shipments = members;
            group.updated = now;
            let message = if errors.is_empty() {
                format!("Shipment group {} was updated", group.reference)
            } else {
                format!(
                    "Shipment group {} was updated; some changes were refused",
                    group.reference
                )
            };
            Ok(group_result(group, message, errors, &self.links))
        });
        let result = result?;
        Ok({
            if result.errors.is_some() {
                edit_shipment_group::Response::MultiStatus(result)
            } else {
                edit_shipment_group::Response::Ok(result)
            }
        })
    }

    async fn get_shipment_group(
        &self,
        request: get_shipment_group::Request,
        context: Context,
    ) -> Result<get_shipment_group::Response, Problem> {
        let result = context.principal.with(|ledger| {
            ledger
                .group(&request.shipment_group_reference)
                .map(views::group)
        });
        Ok(get_shipment_group::Response::Ok(result?))
    }

    async fn list_shipment_group_versions(
        &self,
        request: list_shipment_group_versions::Request,
        context: Context,
    ) -> Result<list_shipment_group_versions::Response, Problem> {
        let custom = request.custom_reference;
        let result = context.principal.with(|ledger| {
            let mut groups: Vec<&GroupRecord> = ledger
                .groups
                .values()
                .filter(|group| group.custom_reference.as_ref() == Some(&custom))
                .collect();
            groups.sort_by_key(|group| group.version);
            if groups.is_empty() {
                return Err(Failure::not_found(
                    "not_found",
                    format!("No shipment group has used the custom reference {custom}"),
                ));
            }
            Ok(groups
                .into_iter()
                .map(|group| views::group_summary(group, &self.links))
                .collect())
        });
        Ok(list_shipment_group_versions::Response::Ok(result?))
    }

    async fn get_shipment_group_version(
        &self,
        request: get_shipment_group_version::Request,
        context: Context,
    ) -> Result<get_shipment_group_version::Response, Problem> {
        let result = context.principal.with(|ledger| {
            let reference = ledger.group_version(&request.custom_reference, &request.version)?;
            ledger.group(&reference).map(views::group)
        });
        Ok(get_shipment_group_version::Response::Ok(result?))
    }

    async fn add_shipment_to_group(
        &self,
        request: add_shipment_to_group::Request,
        context: Context,
    ) -> Result<add_shipment_to_group::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            add_one(
                ledger,
                &request.shipment_group_reference,
                &request.shipment_reference,
                now,
                &self.links,
            )
        });
        Ok(outcome!(add_shipment_to_group, result?))
    }

    async fn add_shipment_to_group_version(
        &self,
        request: add_shipment_to_group_version::Request,
        context: Context,
    ) -> Result<add_shipment_to_group_version::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            let group = ledger.group_version(&request.custom_reference, &request.version)?;
            add_one(
                ledger,
                &group,
                &request.shipment_reference,
                now,
                &self.links,
            )
        });
        Ok(outcome!(add_shipment_to_group_version, result?))
    }

    async fn remove_shipment_from_group(
        &self,
        request: remove_shipment_from_group::Request,
        context: Context,
    ) -> Result<remove_shipment_from_group::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            remove_one(
                ledger,
                &request.shipment_group_reference,
                &request.shipment_reference,
                now,
                &self.links,
            )
        });
        Ok(outcome!(remove_shipment_from_group, result?))
    }

    async fn remove_shipment_from_group_version(
        &self,
        request: remove_shipment_from_group_version::Request,
        context: Context,
    ) -> Result<remove_shipment_from_group_version::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            let group = ledger.group_version(&request.custom_reference, &request.version)?;
            remove_one(
                ledger,
                &group,
                &request.shipment_reference,
                now,
                &self.links,
            )
        });
        Ok(outcome!(remove_shipment_from_group_version, result?))
    }

    async fn lock_shipment_group(
        &self,
        request: lock_shipment_group::Request,
        context: Context,
    ) -> Result<lock_shipment_group::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            transition(
                ledger,
                &request.shipment_group_reference,
                ShipmentGroupState::Locked,
                now,
                &self.links,
            )
        });
        Ok(lock_shipment_group::Response::Ok(result?))
    }

    async fn unlock_shipment_group(
        &self,
        request: unlock_shipment_group::Request,
        context: Context,
    ) -> Result<unlock_shipment_group::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            transition(
                ledger,
                &request.shipment_group_reference,
                ShipmentGroupState::Open,
                now,
                &self.links,
            )
        });
        Ok(unlock_shipment_group::Response::Ok(result?))
    }

    async fn close_shipment_group(
        &self,
        request: close_shipment_group::Request,
        context: Context,
    ) -> Result<close_shipment_group::Response, Problem> {
        let now = self.clock.now();
        let result = context.principal.with(|ledger| {
            transition(
                ledger,
                &request.shipment_group_reference,
                ShipmentGroupState::Closed,
                now,
                &self.links,
            )
        });
        Ok(close_shipment_group::Response::Ok(result?))
    }
}
