//! Sending a call: credentials, the retry loop, and keeping credentials out of errors.

use bytes::Bytes;
use http::{Method, StatusCode};
use http::header::{HeaderMap, HeaderName, HeaderValue};

use super::call::{Call, Security};
use super::config::{Config, Credential, Placement, REDACTED, Secret};
use super::error::Error;
use super::retry::{is_retryable_status, retry_after};
use crate::runtime::params::encode_component;
use crate::runtime::validation::Validate;

/// An answer as received: status, headers and the whole body.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// The configured HTTP client that sends [`Call`]s.
#[derive(Debug)]
pub struct Transport {
    config: Config,
    http: reqwest::Client,
}

impl Transport {
    /// A transport for `config`, sending through `http` or, when `None`, a new client that
    /// accepts gzip and does not follow redirects: a redirect is an answer like any other
    /// (declared or [`Error::UndeclaredStatus`]), and following one to another host would
    /// carry the API key there.
    pub fn new(config: Config, http: Option<reqwest::Client>) -> Result<Self, Error> {
        reqwest::Url::parse(&config.base_url).map_err(|error| {
            Error::build(format!(
                "the base URL `{}` does not parse: {error}",
                config.base_url
            ))
        })?;
        let http = match http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .gzip(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|error| {
                    Error::build(format!(
                        "the HTTP client cannot be set up: {}",
                        error.without_url()
                    ))
                })?,
        };
        Ok(Self { config, http })
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Checks `request` against the API's constraints, unless that is switched off.
    pub fn validate<R: Validate>(&self, request: &R) -> Result<(), Error> {
        if self.config.validate_requests {
            request.validate().map_err(Error::Invalid)?;
        }
        Ok(())
    }

    /// Adds credentials, sends `call` with retries and reads the whole answer.
    pub async fn send(&self, call: Call) -> Result<RawResponse, Error> {
        let Call {
            method,
            path,
            mut query,
            mut headers,
            mut cookies,
            body,
            security,
        } = call;
        let mut sensitive_cookie = false;
        for credential in self.credentials_for(security) {
            let secret = credential.value.expose();
            match credential.placement {
                Placement::Header(name) => {
                    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        Error::build(format!("`{name}` is not a valid header name"))
                    })?;
                    let mut value = HeaderValue::from_str(secret).map_err(|_| {
                        Error::build(format!(
                            "the credential for `{}` is not valid in an HTTP header",
                            credential.scheme
                        ))
                    })?;
                    value.set_sensitive(true);
                    headers.insert(name, value);
                }
                Placement::Query(name) => query.push(format!(
                    "{}={}",
                    encode_component(name),
                    encode_component(secret)
                )),
                Placement::Cookie(name) => {
                    sensitive_cookie = true;
                    cookies.push(format!(
                        "{}={}",
                        encode_component(name),
                        encode_component(secret)
                    ));
                }
            }
        }
        if !cookies.is_empty() {
            let mut value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| Error::build("a cookie is not valid in an HTTP header"))?;
            value.set_sensitive(sensitive_cookie);
            headers.insert(http::header::COOKIE, value);
        }
        let user_agent = HeaderValue::from_str(&self.config.user_agent)
            .map_err(|_| Error::build("the user agent is not valid in an HTTP header"))?;
        headers.insert(http::header::USER_AGENT, user_agent);
        let mut url = format!("{}{path}", self.config.base_url.trim_end_matches('/'));
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query.join("&"));
        }
        // The URL may hold a query credential, so it is never part of an error.
        let url = reqwest::Url::parse(&url)
            .map_err(|error| Error::build(format!("the request URL does not parse: {error}")))?;
        self.execute(method, url, headers, body).await
    }

    /// The credentials of the first alternative of `security` that is fully configured.
    fn credentials_for(&self, security: Security) -> Vec<&Credential> {
        for alternative in security {
            let found: Option<Vec<&Credential>> = alternative
                .iter()
                .map(|scheme| self.config.credential(scheme))
                .collect();
            if let Some(found) = found {
                return found;
            }
        }
        Vec::new()
    }

    /// The retry loop.
    async fn execute(
        &self,
        method: Method,
        url: reqwest::Url,
        headers: HeaderMap,
        body: Option<Bytes>,
    ) -> Result<RawResponse, Error> {
        let policy = &self.config.retry;
        let retries_allowed = policy.allows(&method);
        let max_attempts = policy.max_attempts.max(1);
        let mut attempt = 1;
        loop {
            let mut request = reqwest::Request::new(method.clone(), url.clone());
            *request.headers_mut() = headers.clone();
            *request.body_mut() = body.clone().map(reqwest::Body::from);
            *request.timeout_mut() = Some(self.config.timeout);
            let may_retry = retries_allowed && attempt < max_attempts;
            match self.http.execute(request).await {
                Err(error) => {
                    if may_retry && error.is_connect() {
                        tokio::time::sleep(policy.backoff(attempt)).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(Error::transport(error));
                }
                Ok(response) => {
                    let status = response.status();
                    if may_retry && is_retryable_status(status) {
                        let wait = match retry_after(response.headers()) {
                            Some(wait) if wait <= policy.max_retry_after => Some(wait),
                            Some(_) => None,
                            None => Some(policy.backoff(attempt)),
                        };
                        if let Some(wait) = wait {
                            drop(response);
                            tokio::time::sleep(wait).await;
                            attempt += 1;
                            continue;
                        }
                    }
                    let headers = response.headers().clone();
                    let body = response.bytes().await.map_err(Error::transport)?;
                    return Ok(RawResponse {
                        status,
                        headers,
                        body,
                    });
                }
            }
        }
    }

    /// Runs `decode` on `raw` and makes sure no credential shows in an error it returns.
    pub fn finish<T>(
        &self,
        raw: &RawResponse,
        decode: fn(&RawResponse) -> Result<T, Error>,
    ) -> Result<T, Error> {
        decode(raw).map_err(|error| self.scrub(error))
    }

    /// Removes every credential from an error about an answer.
    pub fn scrub(&self, error: Error) -> Error {
        let secrets: Vec<&str> = self
            .config
            .credentials
            .iter()
            .flat_map(|credential| {
                std::iter::once(credential.value.expose())
                    .chain(credential.scrub.iter().map(Secret::expose))
            })
            .filter(|secret| !secret.is_empty())
            .collect();
        match error {
            Error::UndeclaredStatus {
                status,
                mut headers,
                body,
            } => {
                for credential in &self.config.credentials {
                    if let Placement::Header(name) = credential.placement {
                        headers.remove(name);
                    }
                }
                for name in [
                    http::header::AUTHORIZATION,
                    http::header::PROXY_AUTHORIZATION,
                    http::header::COOKIE,
                    http::header::SET_COOKIE,
                ] {
                    headers.remove(name);
                }
                remove_leaking(&mut headers, &secrets);
                Error::UndeclaredStatus {
                    status,
                    headers,
                    body: redact_bytes(body, &secrets),
                }
            }
            Error::Decode {
                status,
                excerpt,
                path,
                message,
            } => Error::Decode {
                status,
                excerpt: redact_text(excerpt, &secrets),
                path: redact_text(path, &secrets),
                message: redact_text(message, &secrets),
            },
            other => other,
        }
    }
}

/// Drops the headers whose value contains a secret.
fn remove_leaking(headers: &mut HeaderMap, secrets: &[&str]) {
    let leaking: Vec<HeaderName> = headers
        .iter()
        .filter(|(_, value)| {
            secrets
                .iter()
                .any(|secret| contains(value.as_bytes(), secret.as_bytes()))
        })
        .map(|(name, _)| name.clone())
        .collect();
    for name in leaking {
        headers.remove(name);
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

fn redact_text(text: String, secrets: &[&str]) -> String {
    secrets
        .iter()
        .fold(text, |text, secret| text.replace(secret, REDACTED))
}

fn redact_bytes(body: Bytes, secrets: &[&str]) -> Bytes {
    if !secrets
        .iter()
        .any(|secret| contains(&body, secret.as_bytes()))
    {
        return body;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut rest: &[u8] = &body;
    'scan: while !rest.is_empty() {
        for secret in secrets {
            if rest.starts_with(secret.as_bytes()) {
                out.extend_from_slice(REDACTED.as_bytes());
                rest = &rest[secret.len()..];
                continue 'scan;
            }
        }
        out.push(rest[0]);
        rest = &rest[1..];
    }
    Bytes::from(out)
}
