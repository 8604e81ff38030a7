//! One integration-test binary; each module guards one area of behaviour.

mod broken_sites;
mod browser;
mod cli;
mod complexity;
mod failing_build;
mod fixture_site;
mod flows;
mod fuzz;
mod incremental;
mod reader;
mod real_content;
mod serve;
mod sip_content;
mod support;
mod template_check;
mod tools;
mod translations;
mod validator;
mod xss;
