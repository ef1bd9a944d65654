//! Rendering of `&App` with ratatui (pure: reads the app state, never changes it).
