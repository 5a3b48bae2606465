//! The manual as pages of the portal.
