//! The binary's edge: parse arguments, load the corpus, run a command or the reader.
//! Errors become one line on stderr and exit status 2.

use anyhow::Context;
use clap::Parser;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use synoptic::corpus::{self, Corpus};

mod cli;
mod meter;
use cli::{Cli, Command};
use synoptic::progress::Stage;

/// [`load`], shown on `meter`.
fn load_shown(paths: &[PathBuf], follow: bool, meter: &meter::Meter) -> anyhow::Result<Corpus> {
    meter.tell(Stage::Load, 0, 0);
    let corpus = load(paths, follow)?;
    let n = corpus.documents.len();
    meter.tell(Stage::Load, n, n);
    Ok(corpus)
}

fn load(paths: &[PathBuf], follow: bool) -> anyhow::Result<Corpus> {
    if paths.is_empty() {
        Ok(corpus::embedded_seeds())
    } else {
        let options = corpus::LoadOptions {
            follow,
            ..corpus::LoadOptions::default()
        };
        Ok(corpus::load_with(paths, &options)?)
    }
}

/// Writes to stdout through a buffer, as it is produced. A closed pipe (`synoptic dump | head`)
/// is not an error worth a message.
fn stream(
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to stdout"),
    }
}

fn print(text: &str) -> anyhow::Result<()> {
    stream(|out| out.write_all(text.as_bytes()))
}

/// The annotations `export` writes: from a store or recovery file (`--from`), else the
/// corpus's store and the same documents' annotations kept under other corpora.
fn export_state(
    corpus: &Corpus,
    paths: &[PathBuf],
    from: Option<PathBuf>,
    data_dir: Option<PathBuf>,
) -> anyhow::Result<synoptic::annotations::Annotations> {
    use synoptic::annotations::store;
    if let Some(file) = from {
        return store::read_file(&file)
            .map_err(|why| anyhow::anyhow!("{}: cannot read annotations: {why}", file.display()));
    }
    let dir = store::data_dir(data_dir.as_deref());
    let mut store = store::Store::new(&dir, &store::corpus_key(paths));
    let loaded = store.load_for(corpus);
    if let Some(problem) = &loaded.problem {
        eprintln!(
            "synoptic: warning: {}",
            synoptic::escape::for_terminal(problem)
        );
    }
    Ok(loaded.state)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let follow = cli.follow;
    match cli.command {
        Some(Command::Dump { paths, json }) => {
            let meter = meter::Meter::stderr();
            let corpus = load_shown(&paths, follow, &meter)?;
            if json {
                let tell = |stage, done, total| meter.tell(stage, done, total);
                // streamed, one document at a time (issue 25: memory under 2× the corpus)
                stream(|out| {
                    corpus::dump::write_json(&corpus, out, &tell)?;
                    writeln!(out)
                })
            } else {
                meter.tell(Stage::Write, 0, 0);
                print(&corpus::dump::to_text(&corpus))
            }
        }
        Some(Command::Align { paths, top, json }) => {
            let meter = meter::Meter::stderr();
            let tell = |stage, done, total| meter.tell(stage, done, total);
            let corpus = load_shown(&paths, follow, &meter)?;
            let index = synoptic::align::AlignIndex::build_with_progress(&corpus, &tell);
            let top = top as usize;
            // Written as it is computed: on a large corpus the report runs to gigabytes.
            stream(|out| {
                if json {
                    synoptic::align::report::write_json_with_progress(
                        &corpus, &index, top, out, &tell,
                    )?;
                    writeln!(out)
                } else {
                    synoptic::align::report::write_text(&corpus, &index, top, out)
                }
            })
        }
        Some(Command::Conflicts { paths, json }) => {
            let meter = meter::Meter::stderr();
            let tell = |stage, done, total| meter.tell(stage, done, total);
            let corpus = load_shown(&paths, follow, &meter)?;
            let index = synoptic::align::AlignIndex::build_with_progress(&corpus, &tell);
            meter.tell(Stage::Claims, 0, 0);
            let claims = synoptic::claims::Claims::build(&corpus, &index);
            meter.tell(Stage::Write, 0, 0);
            stream(|out| {
                if json {
                    let report = synoptic::claims::report::to_report(&corpus, &claims);
                    serde_json::to_writer_pretty(&mut *out, &report)?;
                    writeln!(out)
                } else {
                    synoptic::claims::report::write_text(&corpus, &claims, out)
                }
            })
        }
        Some(Command::Export {
            paths,
            synopsis,
            format,
            out,
            from,
            data_dir,
        }) => {
            let meter = meter::Meter::stderr();
            let corpus = load_shown(&paths, follow, &meter)?;
            let state = export_state(&corpus, &paths, from, data_dir)?;
            // the index, the claims and the synopsis are made in one call
            meter.tell(Stage::Write, 0, 0);
            let text = synoptic::annotations::synopsis::export_text(
                &corpus,
                &state,
                synopsis,
                format == cli::ExportFormat::Json,
            );
            match out {
                Some(path) if path.as_os_str() != "-" => {
                    synoptic::annotations::store::write_atomic(&path, text.as_bytes())
                        .with_context(|| format!("{}: cannot write", path.display()))
                }
                _ => print(&text),
            }
        }
        None => {
            // The documents the first screen shows now, the rest in the background.
            let data_dir = synoptic::annotations::store::data_dir(cli.reader.data_dir.as_deref());
            let corpus_key = synoptic::annotations::store::corpus_key(&cli.reader.paths);
            let staged = if cli.reader.paths.is_empty() {
                synoptic::runtime::Staged::whole(
                    corpus::embedded_seeds(),
                    Some(&data_dir),
                    &corpus_key,
                )
            } else {
                let options = corpus::LoadOptions {
                    follow,
                    ..corpus::LoadOptions::default()
                };
                let plan = corpus::staged::plan(&cli.reader.paths, &options)?;
                let width = crossterm::terminal::size().map_or(80, |s| s.0);
                synoptic::runtime::first_stage(
                    plan,
                    width,
                    Some(&data_dir),
                    &corpus_key,
                    cli.reader.fresh,
                )?
            };
            {
                use std::io::IsTerminal;
                if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
                    anyhow::bail!(
                        "the reader needs a terminal on standard input and output; for scripts, \
                         use `synoptic dump`, `synoptic align` or `synoptic export`"
                    );
                }
            }
            for warning in &staged.corpus.warnings {
                eprintln!(
                    "synoptic: warning: {}",
                    synoptic::escape::for_terminal(&warning.to_string())
                );
            }
            let options = synoptic::runtime::RunOptions {
                no_mouse: cli.reader.no_mouse,
                margins: match cli.reader.margins {
                    cli::MarginsArg::Auto => None,
                    cli::MarginsArg::On => Some(synoptic::screen::Margins::On),
                    cli::MarginsArg::Off => Some(synoptic::screen::Margins::Off),
                },
                no_color: cli.reader.no_color,
                keymap_path: None,
                data_dir: Some(data_dir),
                corpus_key,
                fresh: cli.reader.fresh,
            };
            synoptic::runtime::run_staged(staged, options).context("terminal")
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let line = format!("{e:#}");
            let _ = writeln!(
                std::io::stderr(),
                "synoptic: {}",
                synoptic::escape::for_terminal(&line)
            );
            ExitCode::from(2)
        }
    }
}
