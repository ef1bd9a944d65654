//! The synopsis export: topics (the engine's, merged with the reader's pins) × documents, each
//! cell quoting the first sentence of a passage with its citation.
