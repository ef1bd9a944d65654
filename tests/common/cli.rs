//! The real binary run headless, as a script runs it: arguments in, its output back, with a
//! data directory of the tests' own.

#![allow(dead_code)] // each test file uses its own part of the harness

use std::process::{Command, Output};

/// Runs `synoptic args…` to the end.
pub fn synoptic(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synoptic"))
        .args(args)
        .env(
            "SYNOPTIC_DATA_DIR",
            std::env::temp_dir().join("synoptic-test-data"),
        )
        .output()
        .expect("the binary runs")
}
