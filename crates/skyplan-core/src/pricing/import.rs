//! Offer-file import: written later in this file.
