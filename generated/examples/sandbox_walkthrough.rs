//! README's sandbox walk-through with the generated client: create two parcels, allocate
//! them, fetch a label, group the parcels for collection, lock the group and read the
//! tracking of each.
//!
//! Start the sandbox (`cargo run -p sandbox`), then
//! `cargo run -p sorted-pro --example sandbox_walkthrough`. `SANDBOX_URL` and
//! `SANDBOX_API_KEY` change the defaults, `http://127.0.0.1:8080` and `sandbox-demo-key`.
//! The sandbox's tests run this walk-through against a sandbox of their own
//! (`sandbox/tests/walkthrough.rs`).
//!
//! Every call goes `client.operation(&request).await?.into_result()?`: the first `?` passes
//! on a failed call (no connection, an undeclared status), the second a declared failure
//! (`404` with the API's error body, say), both with their cause in their text.

use sorted_pro::client::Client;
use sorted_pro::operations::{
    allocate_shipment, create_shipment, create_shipment_group, get_label, get_shipment_group,
    get_tracking_events, lock_shipment_group,
};
use sorted_pro::types::{
    Address, AddressType, Contact, ContactDetails, CreateShipmentGroupRequest,
    CreateShipmentRequest, DimensionUnit, Dimensions, Direction, Dpi, LabelFormat, MonetaryValue,
    ShipmentContents, ShipmentType, Weight, WeightUnit,
};

/// What a failed step gives back.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let base_url =
        std::env::var("SANDBOX_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".to_owned());
    let api_key =
        std::env::var("SANDBOX_API_KEY").unwrap_or_else(|_| "sandbox-demo-key".to_owned());
    match walk_through(&base_url, &api_key).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // `Display` says what went wrong: the status and the API's error, or the cause.
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The walk-through against the sandbox at `base_url`, as the account of `api_key`.
pub async fn walk_through(base_url: &str, api_key: &str) -> Result<(), BoxError> {
    let client = Client::builder()
        .base_url(base_url)
        .api_key(api_key)
        .build()?;

    // Create two parcels from Bristol to Manchester; the API names each.
    let mut references = Vec::new();
    for order in ["ORDER-1", "ORDER-2"] {
        let request = create_shipment::Request::new(parcel(order));
        let created = client.create_shipment(&request).await?.into_result()?;
        println!("created {} for {order}", created.reference);
        references.push(created.reference);
    }

    // Allocate each to the cheapest service that carries it. The API answers 200 when it
    // allocated at once and 202 when it queued the work: `into_body` takes either.
    for reference in &references {
        let request = allocate_shipment::Request::new(reference);
        let allocated = client
            .allocate_shipment(&request)
            .await?
            .into_result()?
            .into_body();
        let service = allocated
            .carrier
            .and_then(|carrier| carrier.service_name)
            .unwrap_or_default();
        println!("allocated {reference} to {service}");
    }

    // The first parcel's label, as a PDF at 203 dpi.
    let request = get_label::Request::new(&references[0], LabelFormat::Pdf, Dpi::V203);
    let label = client.get_label(&request).await?.into_result()?;
    println!(
        "label: {} bytes of {}",
        label.file.0.len(),
        label.content_type
    );

    // Group the parcels for one collection. A 207 names the references the group turned
    // away; the others are in it.
    let members = CreateShipmentGroupRequest::new(references);
    let request = create_shipment_group::Request::new(members);
    let group = match client
        .create_shipment_group(&request)
        .await?
        .into_result()?
    {
        create_shipment_group::Success::Created(group) => group,
        create_shipment_group::Success::MultiStatus(group) => {
            for refused in group.errors.iter().flatten() {
                println!("not grouped: {refused}");
            }
            group
        }
    };
    println!("grouped as {}", group.reference);

    // Lock the group: its shipments are ready for collection.
    let request = lock_shipment_group::Request::new(&group.reference);
    let locked = client.lock_shipment_group(&request).await?.into_result()?;
    println!("locked {}", locked.reference);

    // Read the group back and follow each of its shipments.
    let request = get_shipment_group::Request::new(&group.reference);
    let stored = client.get_shipment_group(&request).await?.into_result()?;
    for reference in stored.shipments.iter().flatten() {
        let request = get_tracking_events::Request::new(reference);
        let tracking = client.get_tracking_events(&request).await?.into_result()?;
        let carrier = tracking.carrier.name.unwrap_or_default();
        let events = tracking.events.map_or(0, |events| events.len());
        println!("{reference}: with {carrier}, {events} tracking events so far");
    }
    Ok(())
}

/// A 2.4 kg lamp from Bristol to Manchester, under the client's order reference `order`.
fn parcel(order: &str) -> CreateShipmentRequest {
    let lamp = ShipmentContents::new(MonetaryValue::new(49.99, "GBP"))
        .with_description("Ceramic table lamp")
        .with_quantity(1)
        .with_weight(Weight::new(2.4, WeightUnit::Kg))
        .with_dimensions(Dimensions::new(45.0, 30.0, DimensionUnit::Cm).with_width(30.0))
        .with_country_of_origin("GB");
    let origin = Address::new(AddressType::Origin)
        .with_address_line1("Unit 4, Quay Business Park")
        .with_locality("Bristol")
        .with_postal_code("BS1 6XN")
        .with_country_iso_code("GB")
        .with_contact(person("Priya", "Shah", "priya@example.com"));
    let destination = Address::new(AddressType::Destination)
        .with_address_line1("27 Elm Grove")
        .with_locality("Manchester")
        .with_postal_code("M14 5JS")
        .with_country_iso_code("GB")
        .with_contact(person("Tom", "Reilly", "tom@example.com"));
    CreateShipmentRequest::new(
        ShipmentType::OnDemand,
        Direction::Outbound,
        vec![lamp],
        vec![origin, destination],
    )
    .with_custom_reference(order)
}

fn person(first_name: &str, last_name: &str, email: &str) -> Contact {
    Contact::new(first_name, last_name, ContactDetails::new(email))
}
