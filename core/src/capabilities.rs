//! The capabilities a vault holds, in one list. Each declares in its own
//! folder what it owns ([`Capability`]): its tables and schema steps, what a
//! backup counts, the functions its triggers call, its entries in the search
//! index. The vault opens its database with this list; the store, the
//! backup and the search index read the declarations from there.

use crate::store::Capability;
use crate::{groups, journal, library, meeting, research, sealed, search, settings};

/// Every capability, in the order their functions are registered and their
/// schema steps and rebuilds run.
pub const ALL: &[&Capability] = &[
    &settings::CAPABILITY,
    &library::CAPABILITY,
    &groups::CAPABILITY,
    &meeting::CAPABILITY,
    &journal::CAPABILITY,
    &search::CAPABILITY,
    &sealed::CAPABILITY,
    &research::CAPABILITY,
];
