//! Pieces shared by the pages.

pub mod confirm_dialog;
pub mod disconnect_dialog;
pub mod layout;
pub mod provider_form;
pub mod provider_table;
pub mod signing_keys;
pub mod status;
pub mod token_inspector;
