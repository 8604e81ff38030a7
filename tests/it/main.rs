//! One integration-test binary; each module guards one area of behaviour.

mod cli;
mod failing_build;
mod fixture_site;
mod incremental;
mod real_content;
mod sip_content;
mod support;
