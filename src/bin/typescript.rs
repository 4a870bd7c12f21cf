//! `mediaops-typescript`: prints the TypeScript declarations of the wasm boundary's values
//! (`mediaops::typescript::declarations`) to stdout; `cargo xtask build` runs it.

use std::process::ExitCode;

fn main() -> ExitCode {
    match mediaops::typescript::declarations() {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("mediaops-typescript: {message}");
            ExitCode::FAILURE
        }
    }
}
