//! The generated crate's client example (`generated/examples/sandbox_walkthrough.rs`),
//! README's walk-through, run against a sandbox on loopback, so that CI runs it.

mod support;

#[allow(dead_code)]
#[path = "../../generated/examples/sandbox_walkthrough.rs"]
mod sandbox_walkthrough;

#[tokio::test]
async fn the_client_example_walks_through_the_sandbox() {
    let served = support::serve().await;
    if let Err(error) = sandbox_walkthrough::walk_through(&served.base_url, support::KEY).await {
        panic!("the walk-through failed: {error}");
    }
}
