//! The only code that touches the terminal, input events, the clock and the filesystem.
