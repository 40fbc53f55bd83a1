//! The cost of the generated server layer, and of validation.
//!
//! 1. `route`: `POST /shipment_groups` through the generated router against a hand-written
//!    axum handler that does the same work on the same route: check the API key and the
//!    version header, check `Content-Type`, read and decode the JSON body, validate it,
//!    call the same implementation, and answer JSON with `x-api-version`. Measured twice:
//!    `full` with the generated router's default layers and the equivalent tower-http
//!    layers around the hand-written handler (request id, panic catching, gzip both ways),
//!    and `bare` with compression off in the generated router and no layers at all around
//!    the hand-written handler.
//! 2. `validate`: decoding a 10,000-reference create-group body and validating it, against
//!    plain `serde_json` decoding of the same bytes.
//!
//! Run with `cargo bench -p sorted-pro --bench server`. After criterion's figures, a
//! summary prints requests per second and the ratios the project targets (at least 95% of
//! the hand-written throughput; validation at most 20% on top of parsing).

use std::hint::black_box;
use std::time::{Duration, Instant};

use axum::body::Body;
use bytes::Bytes;
use criterion::{Criterion, Throughput};
use sorted_pro::operations as ops;
use sorted_pro::runtime::validation::Validate as _;
use sorted_pro::server::{
    AuthError, Authenticator, Credentials, Problem, RequestContext, ShipmentGroupsApi,
};
use sorted_pro::types;
use tower::ServiceExt as _;

const API_KEY: &str = "bench-key";

/// The implementation both routes call: a fixed answer, so that the figures show the
/// layer around it.
#[derive(Debug, Clone)]
struct Fast {
    created: types::ResourceResult,
}

impl Fast {
    fn new() -> Self {
        let created = serde_json::from_value(serde_json::json!({
            "reference": "sg_00679577652026749527919113790001",
            "custom_reference": "Example123",
            "version": 1
        }))
        .ok();
        match created {
            Some(created) => Self { created },
            None => panic!("the bench's fixed answer does not decode"),
        }
    }

    /// What creating a group answers.
    fn create_group(&self, request: &types::CreateShipmentGroupRequest) -> types::ResourceResult {
        let mut created = self.created.clone();
        created.custom_reference = request.custom_reference.clone();
        created
    }
}

impl Authenticator for Fast {
    type Principal = ();

    async fn authenticate(&self, credentials: &Credentials) -> Result<(), AuthError> {
        match credentials.api_key.as_deref() {
            Some(API_KEY) => Ok(()),
            _ => Err(AuthError::new()),
        }
    }
}

impl ShipmentGroupsApi for Fast {
    async fn create_shipment_group(
        &self,
        request: ops::create_shipment_group::Request,
        _context: RequestContext<()>,
    ) -> Result<ops::create_shipment_group::Response, Problem> {
        Ok(ops::create_shipment_group::Response::Created(
            self.create_group(&request.body),
        ))
    }
}

/// The hand-written handler: the same checks, decoding, validation and answer as the
/// generated one, with plain error bodies.
async fn hand_written(
    axum::extract::State(fast): axum::extract::State<Fast>,
    headers: http::HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let refuse = |status: http::StatusCode, code: &str| {
        let body = serde_json::json!({"code": code, "message": code});
        (status, [("x-api-version", "1.1")], axum::Json(body)).into_response()
    };
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    match text("x-api-key") {
        None => return refuse(http::StatusCode::UNAUTHORIZED, "missing_api_key_header"),
        Some(key) if key != API_KEY => {
            return refuse(http::StatusCode::UNAUTHORIZED, "invalid_api_key");
        }
        Some(_) => {}
    }
    if text("x-api-version") != Some("1.1") {
        return refuse(http::StatusCode::BAD_REQUEST, "version_header_error");
    }
    let json = text("content-type").is_some_and(|value| {
        value
            .split(';')
            .next()
            .is_some_and(|media| media.trim() == "application/json")
    });
    if !json {
        return refuse(
            http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        );
    }
    let Ok(request) = serde_json::from_slice::<types::CreateShipmentGroupRequest>(&body) else {
        return refuse(http::StatusCode::BAD_REQUEST, "validation_error");
    };
    if request.validate().is_err() {
        return refuse(http::StatusCode::BAD_REQUEST, "validation_error");
    }
    let created = fast.create_group(&request);
    (
        http::StatusCode::CREATED,
        [("x-api-version", "1.1")],
        axum::Json(created),
    )
        .into_response()
}

fn hand_written_router(layers: bool) -> axum::Router {
    let router = axum::Router::new()
        .route("/shipment_groups", axum::routing::post(hand_written))
        .with_state(Fast::new());
    if !layers {
        return router;
    }
    router
        .layer(tower_http::decompression::RequestDecompressionLayer::new())
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(
            tower_http::request_id::MakeRequestUuid,
        ))
}

fn generated_router(layers: bool) -> axum::Router {
    let config = sorted_pro::server::config()
        .with_compression(layers)
        .with_request_decompression(layers);
    sorted_pro::server::RouterBuilder::new(Fast::new())
        .with_config(config)
        .shipment_groups_api()
        .build()
}

/// The body both routes get: a group of three shipments.
fn small_body() -> Bytes {
    Bytes::from_static(
        br#"{"custom_reference":"Example123","shipments":["sp_00013464648910021776641789788160","sp_00013464648910021776641789784435","sp_00013464648910021776641789790773"]}"#,
    )
}

fn create_group_request(body: &Bytes) -> http::Request<Body> {
    http::Request::builder()
        .method("POST")
        .uri("/shipment_groups")
        .header("x-api-key", API_KEY)
        .header("x-api-version", "1.1")
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(Body::from(body.clone()))
        .unwrap_or_default()
}

/// Sends `count` requests one after another and returns the time taken.
async fn run(router: &axum::Router, body: &Bytes, count: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..count {
        let response = match router.clone().oneshot(create_group_request(body)).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        assert_eq!(response.status(), http::StatusCode::CREATED);
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await;
        black_box(bytes.ok());
    }
    start.elapsed()
}

fn runtime() -> tokio::runtime::Runtime {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => panic!("no tokio runtime: {error}"),
    }
}

fn bench_routes(criterion: &mut Criterion) {
    let runtime = runtime();
    let body = small_body();
    for (name, layers) in [("full", true), ("bare", false)] {
        let mut group = criterion.benchmark_group(format!("route/{name}"));
        group.throughput(Throughput::Elements(1));
        let generated = generated_router(layers);
        let hand = hand_written_router(layers);
        group.bench_function("generated", |bencher| {
            bencher.iter_custom(|count| runtime.block_on(run(&generated, &body, count)));
        });
        group.bench_function("hand_written", |bencher| {
            bencher.iter_custom(|count| runtime.block_on(run(&hand, &body, count)));
        });
        group.finish();
    }
}

/// A create-group body with 10,000 references.
fn large_body() -> Vec<u8> {
    let shipments: Vec<String> = (0..10_000).map(|n| format!("sp_{n:032}")).collect();
    let body = serde_json::json!({"custom_reference": "Example123", "shipments": shipments});
    body.to_string().into_bytes()
}

/// What the generated handler does with a body: decode it and validate the request.
fn parse_and_validate(bytes: &[u8]) -> bool {
    let decoded =
        sorted_pro::runtime::server::decode_json_body::<types::CreateShipmentGroupRequest>(bytes);
    match decoded {
        Ok(body) => {
            let request = ops::create_shipment_group::Request::new(body);
            request.validate().is_ok()
        }
        Err(_) => false,
    }
}

fn parse_only(bytes: &[u8]) -> bool {
    serde_json::from_slice::<types::CreateShipmentGroupRequest>(bytes).is_ok()
}

fn bench_validation(criterion: &mut Criterion) {
    let bytes = large_body();
    assert!(parse_and_validate(&bytes));
    let mut group = criterion.benchmark_group("validate/10000_references");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("serde_json", |bencher| {
        bencher.iter(|| parse_only(black_box(&bytes)));
    });
    group.bench_function("parse_and_validate", |bencher| {
        bencher.iter(|| parse_and_validate(black_box(&bytes)));
    });
    group.finish();
}

/// The best of `rounds` timings of `work`, in seconds per call.
fn best(rounds: usize, calls: u64, mut work: impl FnMut(u64) -> Duration) -> f64 {
    (0..rounds)
        .map(|_| work(calls).as_secs_f64() / calls as f64)
        .fold(f64::INFINITY, f64::min)
}

/// Prints the figures the project targets, from interleaved runs of each pair.
fn summary() {
    let runtime = runtime();
    let body = small_body();
    println!();
    println!("summary (best of 7 rounds, interleaved):");
    for (name, layers) in [("full", true), ("bare", false)] {
        let generated = generated_router(layers);
        let hand = hand_written_router(layers);
        let mut generated_times = Vec::new();
        let mut hand_times = Vec::new();
        for _ in 0..7 {
            generated_times.push(best(1, 20_000, |count| {
                runtime.block_on(run(&generated, &body, count))
            }));
            hand_times.push(best(1, 20_000, |count| {
                runtime.block_on(run(&hand, &body, count))
            }));
        }
        let generated = generated_times
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min);
        let hand = hand_times.iter().copied().fold(f64::INFINITY, f64::min);
        println!(
            "  route/{name}: generated {:.0} req/s ({:.2} us), hand-written {:.0} req/s ({:.2} us): generated at {:.1}% of hand-written",
            1.0 / generated,
            generated * 1e6,
            1.0 / hand,
            hand * 1e6,
            100.0 * hand / generated
        );
    }
    let bytes = large_body();
    let time = |work: fn(&[u8]) -> bool| {
        best(7, 50, |count| {
            let start = Instant::now();
            for _ in 0..count {
                black_box(work(black_box(&bytes)));
            }
            start.elapsed()
        })
    };
    let parse = time(parse_only);
    let validated = time(parse_and_validate);
    println!(
        "  validate/10000_references ({} bytes): serde_json {:.3} ms, parse and validate {:.3} ms: validation adds {:.1}%",
        bytes.len(),
        parse * 1e3,
        validated * 1e3,
        100.0 * (validated - parse) / parse
    );
}

fn main() {
    let mut criterion = Criterion::default()
        .configure_from_args()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    bench_routes(&mut criterion);
    bench_validation(&mut criterion);
    criterion.final_summary();
    summary();
}
