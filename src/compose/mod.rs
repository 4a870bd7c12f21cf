//! Compose: what a user types becomes the exact request, a snippet in their language, a decoded
//! token, and an explanation of what the send came to.

pub mod exchange;
pub mod request;
pub mod snippets;
pub mod token;
