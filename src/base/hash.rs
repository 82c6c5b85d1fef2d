//! SHA-256 content hashes, as lowercase hex, for the manifest and change detection.

use sha2::{Digest, Sha256};

/// An incremental SHA-256.
#[derive(Default)]
pub struct Hasher(Sha256);

impl Hasher {
    /// A fresh hasher.
    pub fn new() -> Self {
        Self(Sha256::new())
    }

    /// Feeds bytes, with their length first so that pieces cannot run into each other.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// The digest as hex.
    pub fn hex(self) -> String {
        hex(&self.0.finalize())
    }
}

/// SHA-256 of `bytes` as hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_digest() {
        assert_eq!(
            super::sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
