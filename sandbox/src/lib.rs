//! A local, in-memory Sorted PRO v2 sandbox built on the generated server traits.
//!
//! [`app`] returns the axum router of `sorted_pro::server` around [`Sandbox`], which
//! implements every trait of the API with its documented business rules: the shipment
//! state machine, cross-field validation, allocation and quotes against a small built-in
//! catalogue, labels and documents as real PDF and ZPL files, paperless documents,
//! manifests, shipment groups, collection notes and tracking. Each API key is its own
//! account and sees only what it created, optionally starting with demo objects named by
//! the spec's examples. Nothing is stored on disk.
//!
//! One module per tag implements that tag's trait (`shipments`, `paperless`,
//! `allocation`, `quotes`, `labels`, `manifests`, `groups`, `collection_notes`,
//! `tracking`); `store` holds the accounts, `rules` the cross-field checks, `catalogue` the
//! carriers and prices, `documents` the PDF and ZPL writers, `failure` the error answers
//! and `views` the models built from stored records.

use std::collections::HashMap;
use std::sync::Arc;

use sorted_pro::server::{AuthError, Authenticator, Credentials};

mod allocation;
pub mod catalogue;
pub mod clock;
mod collection_notes;
mod demo;
pub mod documents;
mod failure;
mod groups;
mod labels;
mod manifests;
mod paperless;
mod quotes;
pub mod references;
mod rules;
mod shipments;
mod store;
mod tracking;
mod views;

pub use clock::Clock;

/// The API key the sandbox accepts when it is given none.
pub const DEMO_API_KEY: &str = "sandbox-demo-key";

/// How a sandbox is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The API keys it accepts; each is an account of its own.
    pub api_keys: Vec<String>,
    /// The base URL that `_links` point at.
    pub base_url: String,
    /// Where timestamps come from.
    pub clock: Clock,
    /// Whether each account starts with the demo objects (see the `demo` module).
    pub demo_data: bool,
}

impl Config {
    /// A sandbox for `api_keys` (the demo key when empty), linking to `base_url`, on the
    /// real clock, with empty accounts.
    pub fn new(api_keys: Vec<String>, base_url: impl Into<String>) -> Self {
        Self {
            api_keys,
            base_url: base_url.into(),
            clock: Clock::system(),
            demo_data: false,
        }
    }

    /// The same, with or without the demo objects in every account.
    #[must_use]
    pub fn with_demo_data(mut self, demo_data: bool) -> Self {
        self.demo_data = demo_data;
        self
    }

    /// The same, with timestamps from `clock`.
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The keys the sandbox will accept: those given, else the demo key.
    pub fn effective_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for key in &self.api_keys {
            let key = key.trim();
            if !key.is_empty() && !keys.iter().any(|known| known == key) {
                keys.push(key.to_owned());
            }
        }
        if keys.is_empty() {
            keys.push(DEMO_API_KEY.to_owned());
        }
        keys
    }
}

/// The implementation of every PRO server trait.
#[derive(Debug)]
pub struct Sandbox {
    accounts: HashMap<String, Arc<store::Account>>,
    clock: Clock,
    links: views::Links,
}

/// Who is calling: the account of the request's API key.
pub type Principal = Arc<store::Account>;

impl Sandbox {
    /// A sandbox with one empty account per key of `config`.
    pub fn new(config: &Config) -> Self {
        let links = views::Links::new(&config.base_url);
        let now = config.clock.now();
        let accounts = config
            .effective_keys()
            .into_iter()
            .zip(1..)
            .map(|(key, number)| {
                let account = store::Account::new(number);
                if config.demo_data {
                    account.with(|ledger| demo::seed(ledger, now, &links));
                }
                (key, Arc::new(account))
            })
            .collect();
        Self {
            accounts,
            clock: config.clock.clone(),
            links,
        }
    }
}

impl Authenticator for Sandbox {
    type Principal = Principal;

    async fn authenticate(&self, credentials: &Credentials) -> Result<Principal, AuthError> {
        credentials
            .api_key
            .as_deref()
            .and_then(|key| self.accounts.get(key))
            .cloned()
            .ok_or_else(|| AuthError::with_message("The API key is not known to this sandbox"))
    }
}

/// The sandbox's router: every operation of the spec, served by a new [`Sandbox`].
pub fn app(config: Config) -> axum::Router {
    sorted_pro::server::router(Sandbox::new(&config))
}
