//! Sorted references: a two-letter prefix, an underscore and 32 digits.
//!
//! The digits are the account's number (4 digits) followed by a counter that the account
//! increments for every object it creates (28 digits). References are therefore
//! deterministic: the same calls in the same order give the same references, and two
//! accounts never hand out the same one.

/// Prefix of shipments.
pub const SHIPMENT: &str = "sp";
/// Prefix of contents items.
pub const CONTENTS: &str = "sc";
/// Prefix of shipment groups.
pub const GROUP: &str = "sg";
/// Prefix of manifests.
pub const MANIFEST: &str = "ma";
/// Prefix of quotes.
pub const QUOTE: &str = "qu";
/// Prefix of quote results.
pub const QUOTE_RESULT: &str = "qr";
/// Prefix of tracking events.
pub const TRACKING_EVENT: &str = "tr";
/// Prefix of paperless documents (the spec's example uses it too).
pub const PAPERLESS: &str = "pd";

/// Whether `text` has the form of a Sorted reference (`xx_` and 32 digits).
pub fn is_reference(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 35
        && bytes[..2].iter().all(u8::is_ascii_lowercase)
        && bytes[2] == b'_'
        && bytes[3..].iter().all(u8::is_ascii_digit)
}

/// Hands out the references of one account.
#[derive(Debug, Clone)]
pub struct ReferenceMaker {
    account: u32,
    counter: u64,
}

impl ReferenceMaker {
    /// The maker of account number `account` (taken modulo 10,000).
    pub fn new(account: u32) -> Self {
        Self {
            account: account % 10_000,
            counter: 0,
        }
    }

    /// `reference` (a prefix and 32 digits) with this account's number as its first four
    /// digits.
    pub fn claim(&self, reference: &str) -> String {
        let prefix = reference.get(..3).unwrap_or_default();
        let rest = reference.get(7..).unwrap_or_default();
        format!("{prefix}{:04}{rest}", self.account)
    }

    /// The next reference with `prefix`.
    pub fn next(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}_{:04}{:028}", self.account, self.counter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_have_the_documented_form() {
        let mut maker = ReferenceMaker::new(7);
        let first = maker.next(SHIPMENT);
        assert_eq!(first, "sp_00070000000000000000000000000001");
        assert!(is_reference(&first));
        assert!(is_reference(&maker.next(GROUP)));
        assert!(!is_reference("shp_000134646476641789784435"));
        assert!(!is_reference("SP_00013464648910021776641789788160"));
        assert!(!is_reference("sp_0001346464891002177664178978816x"));
        assert_eq!(
            maker.claim("sg_00019577652026749527919113790001"),
            "sg_00079577652026749527919113790001"
        );
    }
}
