//! Key material: the data key that encrypts the database, the recovery key,
//! Argon2id derivation and XChaCha20-Poly1305 wrapping.
//!
//! Every secret lives in a buffer that is wiped when dropped. See
//! `docs/vault-format.md` for the exact construction.

use crate::error::{Error, Result};
use crate::limits::PASSPHRASE_MIN_CHARS;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, Zeroizing};

pub const KEY_LEN: usize = 32;
pub const SALT_LEN: usize = 16;
pub const NONCE_LEN: usize = 24;
pub const RECOVERY_KEY_LEN: usize = 20;

pub const MAX_PASSPHRASE_CHARS: usize = 1024;

/// How a slot's key-encryption key is derived, as the key file and backups
/// both write it (`docs/vault-format.md` §4, `docs/backup-format.md` §4):
/// Argon2id version 19, its cost, and its salt in base64.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kdf {
    /// Always "argon2id" in version 1.
    pub algorithm: String,
    /// Argon2 version number: 19 (0x13).
    pub version: u32,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    pub salt: String,
}

impl Kdf {
    pub(crate) fn argon2id(salt: &[u8], params: KdfParams) -> Kdf {
        use base64::Engine;
        Kdf {
            algorithm: "argon2id".into(),
            version: 0x13,
            memory_kib: params.memory_kib,
            iterations: params.iterations,
            parallelism: params.parallelism,
            salt: base64::engine::general_purpose::STANDARD.encode(salt),
        }
    }

    pub(crate) fn params(&self) -> KdfParams {
        KdfParams { memory_kib: self.memory_kib, iterations: self.iterations, parallelism: self.parallelism }
    }
}

/// A key wrapped for a slot, as both formats write it: the AEAD's name,
/// the nonce and the wrapped key, in base64.
pub(crate) struct Wrapped {
    pub aead: String,
    pub nonce: String,
    pub wrapped_key: String,
}

/// The AEAD every slot uses in version 1.
pub(crate) const AEAD: &str = "xchacha20poly1305";

/// Wraps `key` under `kek` for a slot (a fresh nonce, `aad` bound in).
pub(crate) fn wrap_for_slot(kek: &SecretKey, key: &SecretKey, aad: &[u8]) -> Result<Wrapped> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let (nonce, sealed) = wrap(kek, key, aad)?;
    Ok(Wrapped { aead: AEAD.into(), nonce: b64.encode(nonce), wrapped_key: b64.encode(sealed) })
}

/// Whether a slot names the algorithms version 1 writes.
pub(crate) fn known_algorithms(kdf: &Kdf, aead: &str) -> bool {
    aead == AEAD && kdf.algorithm == "argon2id" && kdf.version == 0x13
}

/// Argon2id cost parameters, stored in the key file beside each wrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// What new vaults use: 128 MiB, 4 passes, 1 lane. Measured ≈ 0.3 s per
    /// derivation on the 2-core build machine, so about half a second on a
    /// modest laptop; above the design's floor of 64 MiB and 3 passes.
    pub const RECOMMENDED: KdfParams = KdfParams { memory_kib: 128 * 1024, iterations: 4, parallelism: 1 };

    /// The most memory a key file may ask for: 1 GiB.
    pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;
    /// The most passes a key file may ask for (with little memory).
    pub const MAX_ITERATIONS: u32 = 64;
    /// The most lanes a key file may ask for. enza-core computes lanes one
    /// after another, so lanes do not change the time, only the layout.
    pub const MAX_PARALLELISM: u32 = 16;
    /// Budget for memory × passes, in KiB·passes: 1 GiB·pass, twice
    /// `RECOMMENDED` (e.g. 1 GiB × 1, 256 MiB × 4, 128 MiB × 8). Argon2's time
    /// grows with it, so the worst file anyone can hand us costs a few
    /// recommended unlocks (figures in `docs/vault-format.md` §3.4) and at
    /// most 1 GiB.
    pub const MAX_WORK_KIB_PASSES: u64 = 1024 * 1024;

    /// Cheap parameters so tests can create many vaults quickly.
    #[cfg(feature = "insecure-fast-kdf")]
    pub const INSECURE_FAST: KdfParams = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };

    /// Whether these parameters lie within the bounds every key file must
    /// respect (`docs/vault-format.md` §3.4): 1 ..= 16 lanes, 8 KiB per lane
    /// up to 1 GiB, 1 ..= 64 passes, memory × passes ≤ 1 GiB·pass.
    pub fn within_bounds(&self) -> bool {
        let KdfParams { memory_kib, iterations, parallelism } = *self;
        (1..=Self::MAX_PARALLELISM).contains(&parallelism)
            && (8 * parallelism..=Self::MAX_MEMORY_KIB).contains(&memory_kib)
            && (1..=Self::MAX_ITERATIONS).contains(&iterations)
            && u64::from(memory_kib) * u64::from(iterations) <= Self::MAX_WORK_KIB_PASSES
    }

    pub(crate) fn check_readable(&self) -> Result<()> {
        if self.within_bounds() {
            Ok(())
        } else {
            Err(Error::KeyFileDamaged("KDF parameters out of range".into()))
        }
    }
}

/// A 256-bit symmetric key (the data key or a key-encryption key).
pub struct SecretKey(Zeroizing<[u8; KEY_LEN]>);

impl SecretKey {
    pub fn random() -> Result<Self> {
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        fill_random(k.as_mut())?;
        Ok(SecretKey(k))
    }

    pub(crate) fn from_slice(bytes: &[u8]) -> Option<Self> {
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        if bytes.len() != KEY_LEN {
            return None;
        }
        k.copy_from_slice(bytes);
        Some(SecretKey(k))
    }

    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The whole statement that keys an SQLCipher connection:
    /// `PRAGMA key = "x'<64 lowercase hex digits>'";`. Built in one buffer of
    /// exactly the right capacity, so no unwiped copy of the key is left
    /// behind by a reallocation; the buffer is wiped when dropped.
    pub fn pragma_key_statement(&self) -> Zeroizing<String> {
        const HEAD: &str = "PRAGMA key = \"x'";
        const TAIL: &str = "'\";";
        let mut s = Zeroizing::new(String::new());
        s.reserve_exact(HEAD.len() + 2 * KEY_LEN + TAIL.len());
        s.push_str(HEAD);
        self.push_hex(&mut s);
        s.push_str(TAIL);
        s
    }

    /// The key as SQLCipher's raw-key text, `x'<64 lowercase hex digits>'`,
    /// for `ATTACH … KEY ?` (bound as a parameter, never spliced into SQL).
    /// One exact buffer, wiped when dropped.
    pub(crate) fn raw_key_literal(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::new());
        s.reserve_exact(3 + 2 * KEY_LEN);
        s.push_str("x'");
        self.push_hex(&mut s);
        s.push('\'');
        s
    }

    /// A subkey for one purpose: BLAKE2b-256 in keyed mode (RFC 7693), with
    /// this key as the BLAKE2 key and `label` as the message.
    pub(crate) fn subkey(&self, label: &[u8]) -> SecretKey {
        use blake2::digest::{consts::U32, Mac};
        let mut mac = <blake2::Blake2bMac<U32> as Mac>::new_from_slice(self.as_bytes()).expect("32-byte BLAKE2 key");
        mac.update(label);
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        let mut out = mac.finalize().into_bytes();
        k.copy_from_slice(&out);
        zeroize::Zeroize::zeroize(out.as_mut_slice());
        SecretKey(k)
    }

    /// Appends the key as lowercase hex; `s` must already have room for it.
    fn push_hex(&self, s: &mut String) {
        debug_assert!(s.capacity() - s.len() >= 2 * KEY_LEN);
        for b in self.0.iter() {
            s.push(hex_digit(b >> 4));
            s.push(hex_digit(b & 0xf));
        }
    }
}

fn hex_digit(n: u8) -> char {
    char::from_digit(n as u32, 16).expect("nibble")
}

pub(crate) fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::getrandom(buf).map_err(|e| Error::Io(std::io::Error::other(e.to_string())))
}

/// Checks a new passphrase and returns the bytes the KDF takes: the UTF-8
/// encoding of its Unicode NFC form, so the same words typed through another
/// input method or system give the same key.
pub(crate) fn passphrase_bytes(passphrase: &str) -> Result<Zeroizing<Vec<u8>>> {
    // Room for NFC's largest growth (3×) up front: a String that grows
    // leaves its earlier, unwiped buffers behind in freed memory.
    let mut normalized = Zeroizing::new(String::with_capacity(passphrase.len() * 3));
    normalized.extend(passphrase.nfc());
    let chars = normalized.chars().count();
    if chars > MAX_PASSPHRASE_CHARS {
        return Err(Error::PassphraseTooLong { max: MAX_PASSPHRASE_CHARS });
    }
    Ok(Zeroizing::new(normalized.as_bytes().to_vec()))
}

/// Rejects passphrases too short to protect anything. Only applied when a
/// passphrase is set, never when one is tried.
pub(crate) fn check_new_passphrase(passphrase: &str) -> Result<()> {
    let chars = passphrase.nfc().count();
    if chars < PASSPHRASE_MIN_CHARS {
        return Err(Error::PassphraseTooShort { min: PASSPHRASE_MIN_CHARS });
    }
    if chars > MAX_PASSPHRASE_CHARS {
        return Err(Error::PassphraseTooLong { max: MAX_PASSPHRASE_CHARS });
    }
    Ok(())
}

/// Argon2id(secret, salt) → 32-byte key-encryption key.
///
/// The parameters are checked against the bounds first. Argon2's working
/// memory is reserved fallibly, so a machine that cannot spare it gets
/// `Error::NotEnoughMemory` instead of an abort, and it is wiped
/// afterwards: it is derived from the secret.
pub(crate) fn derive_kek(secret: &[u8], salt: &[u8], p: KdfParams) -> Result<SecretKey> {
    p.check_readable()?;
    let params = Params::new(p.memory_kib, p.iterations, p.parallelism, Some(KEY_LEN))
        .map_err(|_| Error::KeyFileDamaged("KDF parameters rejected".into()))?;
    let started = std::time::Instant::now();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let blocks_needed = params.block_count();
    let mut blocks: Zeroizing<Vec<Block>> = Zeroizing::new(Vec::new());
    if blocks.try_reserve_exact(blocks_needed).is_err() {
        tracing::warn!(memory_kib = p.memory_kib, "not enough memory for the key derivation");
        return Err(Error::NotEnoughMemory);
    }
    blocks.resize(blocks_needed, Block::default());
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into_with_memory(secret, salt, out.as_mut(), blocks.as_mut_slice())
        .map_err(|_| Error::KeyFileDamaged("KDF input rejected".into()))?;
    tracing::debug!(
        memory_kib = p.memory_kib,
        iterations = p.iterations,
        parallelism = p.parallelism,
        ms = started.elapsed().as_millis() as u64,
        "key derived"
    );
    Ok(SecretKey(out))
}

/// XChaCha20-Poly1305 seal of the data key. Returns (nonce, ciphertext‖tag).
pub(crate) fn wrap(kek: &SecretKey, data_key: &SecretKey, aad: &[u8]) -> Result<([u8; NONCE_LEN], Vec<u8>)> {
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;
    let cipher = XChaCha20Poly1305::new(Key::from_slice(kek.as_bytes()));
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: data_key.as_bytes(), aad })
        .map_err(|_| Error::Io(std::io::Error::other("encryption failed")))?;
    Ok((nonce, sealed))
}

/// XChaCha20-Poly1305 seal of any short plaintext with a given nonce.
pub(crate) fn seal_with(key: &SecretKey, nonce: &[u8; NONCE_LEN], msg: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
    let cipher = XChaCha20Poly1305::new(Key::from_slice(key.as_bytes()));
    cipher
        .encrypt(XNonce::from_slice(nonce), Payload { msg, aad })
        .map_err(|_| Error::Io(std::io::Error::other("encryption failed")))
}

/// Opens [`seal_with`]; `None` when the key is wrong or anything was altered.
pub(crate) fn open_with(key: &SecretKey, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if nonce.len() != NONCE_LEN {
        return None;
    }
    let cipher = XChaCha20Poly1305::new(Key::from_slice(key.as_bytes()));
    cipher.decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad }).ok().map(Zeroizing::new)
}

/// Opens a wrap; `None` when the key is wrong or anything was altered.
pub(crate) fn unwrap(kek: &SecretKey, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Option<SecretKey> {
    if nonce.len() != NONCE_LEN {
        return None;
    }
    let cipher = XChaCha20Poly1305::new(Key::from_slice(kek.as_bytes()));
    let plain = Zeroizing::new(cipher.decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad }).ok()?);
    SecretKey::from_slice(&plain)
}

/// The recovery key: 160 random bits shown once as 8 groups of 4 characters
/// from Crockford's base32 alphabet (no I, L, O or U to misread).
pub struct RecoveryKey(Zeroizing<[u8; RECOVERY_KEY_LEN]>);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl RecoveryKey {
    pub fn random() -> Result<Self> {
        let mut k = Zeroizing::new([0u8; RECOVERY_KEY_LEN]);
        fill_random(k.as_mut())?;
        Ok(RecoveryKey(k))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    /// Parses what a person typed: case, spaces and hyphens do not matter,
    /// and O, I and L are read as 0, 1 and 1.
    pub fn parse(typed: &str) -> Result<Self> {
        let mut acc: u64 = 0;
        let mut bits = 0;
        let mut out = Zeroizing::new([0u8; RECOVERY_KEY_LEN]);
        let mut n = 0;
        for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let v = CROCKFORD.iter().position(|&a| a as char == c).ok_or(Error::MalformedRecoveryKey)?;
            acc = (acc << 5) | v as u64;
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                if n == RECOVERY_KEY_LEN {
                    return Err(Error::MalformedRecoveryKey);
                }
                out[n] = (acc >> bits) as u8;
                n += 1;
            }
        }
        acc.zeroize();
        if n != RECOVERY_KEY_LEN || bits != 0 {
            return Err(Error::MalformedRecoveryKey);
        }
        Ok(RecoveryKey(out))
    }

    /// `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`
    pub fn display(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(39));
        let mut acc: u64 = 0;
        let mut bits = 0;
        let mut written = 0;
        for &b in self.0.iter() {
            acc = (acc << 8) | b as u64;
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                if written > 0 && written % 4 == 0 {
                    s.push('-');
                }
                s.push(CROCKFORD[((acc >> bits) & 31) as usize] as char);
                written += 1;
            }
        }
        acc.zeroize();
        s
    }
}

/// Lower-case hexadecimal, two digits a byte.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random tag of 16 hex digits, for a temporary file's name.
pub(crate) fn random_hex() -> Result<String> {
    let mut b = [0u8; 8];
    fill_random(&mut b)?;
    Ok(hex(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_key_round_trips_through_its_display() {
        let k = RecoveryKey::random().unwrap();
        let shown = k.display();
        assert_eq!(shown.len(), 39);
        assert_eq!(RecoveryKey::parse(&shown).unwrap().as_bytes(), k.as_bytes());
        let sloppy = shown.to_lowercase().replace('-', " ");
        assert_eq!(RecoveryKey::parse(&sloppy).unwrap().as_bytes(), k.as_bytes());
    }

    #[test]
    fn recovery_key_rejects_wrong_length_and_letters() {
        assert!(RecoveryKey::parse("ABCD").is_err());
        assert!(RecoveryKey::parse(&"A".repeat(33)).is_err());
        assert!(RecoveryKey::parse(&format!("{}U", "A".repeat(31))).is_err());
    }

    #[test]
    fn misreadable_letters_are_forgiven() {
        let k = RecoveryKey::parse(&"0".repeat(32)).unwrap();
        assert_eq!(RecoveryKey::parse(&"o".repeat(32)).unwrap().as_bytes(), k.as_bytes());
    }

    #[test]
    fn passphrase_is_nfc_normalized() {
        // "が" as one code point and as "か" + combining dakuten.
        let composed = passphrase_bytes("がんばろう12345").unwrap();
        let decomposed = passphrase_bytes("か\u{3099}んばろう12345").unwrap();
        assert_eq!(*composed, *decomposed);
    }

    #[test]
    fn short_passphrases_are_refused_when_set() {
        assert!(matches!(check_new_passphrase("1234567"), Err(Error::PassphraseTooShort { .. })));
        assert!(check_new_passphrase("ひだまりのえんざ").is_ok());
    }

    #[test]
    fn tampered_wrap_does_not_open() {
        let kek = SecretKey::random().unwrap();
        let dk = SecretKey::random().unwrap();
        let (nonce, mut sealed) = wrap(&kek, &dk, b"aad").unwrap();
        assert!(unwrap(&kek, &nonce, &sealed, b"aad").is_some());
        assert!(unwrap(&kek, &nonce, &sealed, b"other").is_none());
        sealed[0] ^= 1;
        assert!(unwrap(&kek, &nonce, &sealed, b"aad").is_none());
    }

    #[test]
    fn pragma_key_statement_is_the_documented_statement_in_one_exact_buffer() {
        let bytes: Vec<u8> = (0u8..32).collect();
        let k = SecretKey::from_slice(&bytes).unwrap();
        let stmt = k.pragma_key_statement();
        assert_eq!(*stmt, "PRAGMA key = \"x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'\";");
        // Filled to exactly the capacity reserved up front: it never grew, so
        // no reallocation left a copy of the key in freed memory.
        assert_eq!(stmt.len(), stmt.capacity());
    }

    #[test]
    fn kdf_bounds_keep_the_parameters_in_use_and_refuse_the_rest() {
        let ok = |m, t, p| KdfParams { memory_kib: m, iterations: t, parallelism: p }.within_bounds();
        assert!(KdfParams::RECOMMENDED.within_bounds());
        assert!(KdfParams::INSECURE_FAST.within_bounds());
        assert!(ok(64 * 1024, 3, 1), "the test vector of docs/vault-format.md");
        assert!(ok(1024 * 1024, 1, 1) && ok(256 * 1024, 4, 4) && ok(128 * 1024, 8, 1) && ok(8, 64, 1));
        assert!(ok(8, 1, 1) && ok(128, 1, 16));
        assert!(!ok(4 * 1024 * 1024, 64, 1), "the tampered file of the issue");
        assert!(!ok(1024 * 1024 + 1, 1, 1), "more than 1 GiB");
        assert!(!ok(1024 * 1024, 2, 1), "over the memory × passes budget");
        assert!(!ok(128 * 1024, 9, 1), "over the memory × passes budget");
        assert!(!ok(8, 65, 1) && !ok(8, 0, 1) && !ok(7, 1, 1) && !ok(0, 1, 1));
        assert!(!ok(128, 1, 17) && !ok(128, 1, 0) && !ok(15, 1, 2), "lanes, and 8 KiB per lane");
        assert!(!ok(u32::MAX, u32::MAX, u32::MAX));
    }

    #[test]
    fn out_of_bounds_parameters_never_reach_argon2() {
        let huge = KdfParams { memory_kib: 4 * 1024 * 1024, iterations: 64, parallelism: 1 };
        let t = std::time::Instant::now();
        assert!(matches!(derive_kek(b"secret", &[0; 16], huge), Err(Error::KeyFileDamaged(_))));
        // A second is far beyond a bounds check, far short of 4 GiB × 64 passes.
        assert!(t.elapsed() < std::time::Duration::from_secs(1));
    }
}
