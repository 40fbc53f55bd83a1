//! Where a change is: a readable location and the JSON pointer into the new spec.

use crate::pointer;

/// Where a change is: a prefix (`request body`, `query parameter take`) and a path of
/// properties below it (`addresses[].contact.email`), with the JSON pointer of the nearest
/// node of the new spec, when known.
#[derive(Debug, Clone, Default)]
pub(super) struct Place {
    pub(super) prefix: String,
    path: String,
    pub(super) pointer: Option<String>,
}

impl Place {
    pub(super) fn root() -> Self {
        Self::default()
    }

    pub(super) fn new(prefix: impl Into<String>) -> Self {
        Self {
            prefix: prefix.into(),
            ..Self::default()
        }
    }

    /// The same place, located at `pointer` (kept as it is when `None`).
    pub(super) fn at(&self, pointer: Option<String>) -> Self {
        Self {
            pointer: pointer.or_else(|| self.pointer.clone()),
            ..self.clone()
        }
    }

    /// A place below this one: `path` extended, `segments` appended to the pointer.
    pub(super) fn below(&self, path: String, segments: &[&str]) -> Self {
        let pointer = self
            .pointer
            .as_ref()
            .map(|pointer| pointer::join(pointer, segments));
        Self {
            prefix: self.prefix.clone(),
            path,
            pointer,
        }
    }

    pub(super) fn field(&self, name: &str) -> Self {
        let path = if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        };
        self.below(path, &["properties", name])
    }

    pub(super) fn items(&self) -> Self {
        self.below(format!("{}[]", self.path), &["items"])
    }

    pub(super) fn values(&self) -> Self {
        let path = if self.path.is_empty() {
            "*".to_owned()
        } else {
            format!("{}.*", self.path)
        };
        self.below(path, &["additionalProperties"])
    }

    pub(super) fn variant(&self, name: &str) -> Self {
        self.below(format!("{}({name})", self.path), &[])
    }

    pub(super) fn render(&self) -> String {
        match (self.prefix.is_empty(), self.path.is_empty()) {
            (_, true) => self.prefix.clone(),
            (true, false) => self.path.clone(),
            (false, false) => format!("{}: {}", self.prefix, self.path),
        }
    }
}

/// `pointer` with one more segment.
pub(super) fn pointer_to(pointer: Option<&String>, segments: &[&str]) -> Option<String> {
    Place::root()
        .at(pointer.cloned())
        .below(String::new(), segments)
        .pointer
}
