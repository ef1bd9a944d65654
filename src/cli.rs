//! Command-line interface: the reader (default), `dump`, `align`, `conflicts`, `export`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// A terminal reader for comparing sources side by side.
///
/// With no path, opens the bundled seed corpus. A path may be a folder of .txt, .md, .html, .epub and .pdf files
/// (subfolders included, an optional corpus.json manifest) or a list of files.
#[derive(Debug, Parser)]
#[command(name = "synoptic", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub reader: ReaderArgs,
    /// Follow symbolic links inside corpus folders (files named here are always read as given).
    #[arg(long, global = true)]
    pub follow: bool,
}

#[derive(Debug, Args, Default)]
pub struct ReaderArgs {
    /// Folders or files to read (default: the bundled seeds).
    pub paths: Vec<PathBuf>,
    /// Do not capture the mouse.
    #[arg(long)]
    pub no_mouse: bool,
    /// No colours: marks use bold, underline and reverse (also set by NO_COLOR).
    #[arg(long)]
    pub no_color: bool,
    /// Where highlights, bookmarks and sessions are kept (default: the platform data dir,
    /// or $SYNOPTIC_DATA_DIR).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Ignore the saved session (panes and positions) of this corpus.
    #[arg(long)]
    pub fresh: bool,
    /// Scroll side-by-side panes with the terminal's left/right margins (DECSLRM), so a
    /// scroll writes a line, not a pane: auto = on where the environment or the terminal's
    /// own answer to a probe says it has them.
    #[arg(long, value_enum, default_value_t = MarginsArg::Auto, value_name = "WHEN")]
    pub margins: MarginsArg,
}

/// `--margins`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MarginsArg {
    #[default]
    Auto,
    On,
    Off,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the document model: a summary, or JSON with --json.
    Dump {
        /// Folders or files (default: the bundled seeds).
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Align passages across documents: for each passage, its best matches in other documents.
    Align {
        /// Folders or files (default: the bundled seeds).
        paths: Vec<PathBuf>,
        /// How many matches per passage and document.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
        top: u32,
        #[arg(long)]
        json: bool,
    },
    /// Where the sources disagree: facts given with values that cannot both be true, most
    /// certain first.
    Conflicts {
        /// Folders or files (default: the bundled seeds).
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Export highlights (with notes) and bookmarks, grouped by document, with citations; or,
    /// with --synopsis, the topics × documents with a quote from each.
    Export {
        /// Folders or files of the corpus (default: the bundled seeds).
        paths: Vec<PathBuf>,
        /// The synopsis: topics (the engine's and the reader's pins) × documents, each cell
        /// the first sentence of a passage with its citation.
        #[arg(long)]
        synopsis: bool,
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
        /// Write to this file instead of stdout (`-`: stdout).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Read the annotations from this store or recovery file instead of the data dir.
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        /// Where the notes are kept (default: $SYNOPTIC_DATA_DIR or the platform data dir).
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Md,
    Json,
}
