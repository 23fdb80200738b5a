//! Pieces shared by the pages.

pub mod confirm_dialog;
pub mod copy_button;
pub mod database_users;
pub mod disconnect_dialog;
pub mod field;
pub mod grants;
pub mod layout;
pub mod password_form;
pub mod provider_form;
pub mod provider_table;
pub mod rename_dialog;
pub mod setup;
pub mod signing_keys;
pub mod status;
pub mod token_inspector;
pub mod token_trial;
pub mod wizard;
