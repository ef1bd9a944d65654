//! The reader's state and the actions that change it (pure: no terminal, no clock).
