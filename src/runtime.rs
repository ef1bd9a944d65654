//! The only code that touches the terminal, input events, the clock, signals and the
//! filesystem (the user's keymap file, the annotations store, exports).
//!
//! [`run_staged`] draws the first screen from the documents it shows ([`staged`]), then, on a
//! background thread started after that first frame, loads the rest of the corpus and builds
//! the alignment index, then the claims and their conflicts; it owns the terminal and runs the event
//! loop: read a burst of events, apply them all to the [`App`], draw once if anything
//! changed. [`Screen`] turns each frame into the
//! fewest bytes (the terminal scrolls panes that moved; only changed cells are written), and
//! the output goes through one buffer written once per frame. Whether the terminal has
//! left/right margins is asked of it once, after the first frame ([`MarginsProbe`]). The terminal is
//! restored on quit, on error, on panic (before the panic message is printed) and on
//! SIGTERM / SIGHUP / SIGINT / SIGQUIT, and when the terminal itself goes away.
//!
//! Input is read here, not by crossterm: all that is pending each turn (a 100 KB paste
//! included), parsed by [`crate::input`]; a bracketed paste is text for a prompt, never keys.
//!
//! Annotations: the store is loaded at start (a problem goes to the status line and the reader
//! keeps working). The app asks for a save ([`Effect::SaveAnnotations`]) right after every confirmed
//! highlight, note, bookmark or deletion; the session (panes, positions, follow mode) is saved
//! every [`SESSION_SAVE_EVERY`] while it changes, and everything is saved on quit, on
//! SIGTERM / SIGHUP / SIGINT / SIGQUIT and, when possible, on a panic. A failed save (disk full, a
//! read-only data directory) is reported in the status line and tried again every
//! [`RETRY_FAILED_SAVE_EVERY`]; nothing is dropped meanwhile. The merged state the store
//! returns is given back to the app, so another instance's additions appear. What the last
//! save on exit could not write goes to a recovery file, named on stderr once the terminal is
//! restored.

use crate::align::AlignIndex;
use crate::annotations::store::Store;
use crate::annotations::Session;
use crate::app::{update, Action, App, Effect, Key, Lookup};
use crate::claims::Claims;
use crate::corpus::Corpus;
use crate::input::{Input, InputParser};
use crate::screen::{Margins, MarginsProbe, Screen, ScrollRegion};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub mod staged;
pub use staged::{first_stage, Staged, EVENT_LOG_ENV};

/// How often a changed session is saved while reading.
pub const SESSION_SAVE_EVERY: Duration = Duration::from_secs(5);

/// How soon a failed save (disk full, read-only data directory) is tried again.
pub const RETRY_FAILED_SAVE_EVERY: Duration = Duration::from_secs(2);

/// Fault injection for the robustness tests: when this environment variable holds a
/// character, typing that character makes the next frame's rendering panic (a panic "anywhere
/// in the UI": the terminal must come back, the message be printed and the annotations saved).
pub const PANIC_ON_KEY_ENV: &str = "SYNOPTIC_PANIC_ON_KEY";

/// How the reader runs.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Don't capture the mouse (the terminal's own selection keeps working).
    pub no_mouse: bool,
    /// Whether side-by-side panes scroll with the terminal's left/right margins; `None`:
    /// found from the environment ([`Margins::detect`]) or else by asking the terminal.
    pub margins: Option<Margins>,
    /// No colours: styles use bold / underline / reverse only. The `NO_COLOR` environment
    /// variable (non-empty) has the same effect.
    pub no_color: bool,
    /// A keymap file to use instead of `<config dir>/synoptic/keymap.toml`.
    pub keymap_path: Option<PathBuf>,
    /// Where notes are kept ([`crate::annotations::store::data_dir`]); `None` keeps nothing.
    pub data_dir: Option<PathBuf>,
    /// The corpus's key in the store ([`crate::annotations::store::corpus_key`] of the CLI paths).
    pub corpus_key: String,
    /// Don't restore the saved session.
    pub fresh: bool,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// The annotations store of a running reader.
struct Keeper {
    store: Option<Store>,
    /// The session last saved (without its time), to save only when it changed.
    saved_session: Option<Session>,
    last_save: Instant,
    /// Warnings of the files loaded after the first screen, printed on exit.
    late_warnings: Vec<String>,
}

fn session_key(s: &Session) -> Session {
    Session {
        updated: 0,
        ..s.clone()
    }
}

impl Keeper {
    /// Saves the app's annotations with the current session and hands the merged state back.
    fn save(&mut self, app: &mut App) {
        let Some(store) = &self.store else {
            return;
        };
        app.capture_session();
        let result = store.save(&app.annotations.data);
        self.last_save = Instant::now();
        if result.is_ok() {
            self.saved_session = app.annotations.data.session.as_ref().map(session_key);
        }
        update(
            app,
            Action::AnnotationsSaved(result.map(Box::new).map_err(|e| e.to_string())),
        );
    }

    /// The whole corpus came in: the annotations of its documents kept under other corpora
    /// are taken in as at start ([`Store::adopt_for`]).
    fn corpus_loaded(&mut self, app: &mut App, warnings: Vec<String>) {
        self.late_warnings.extend(warnings);
        let Some(store) = &mut self.store else {
            return;
        };
        let adopted = store.adopt_for(&mut app.annotations.data, &app.corpus);
        app.reindex_annotations();
        if adopted > 0 && app.status.is_none() {
            app.status = Some(format!(
                "{adopted} annotations of these documents found in other corpora's files"
            ));
        }
    }

    /// Writes annotations the last save could not write to a recovery file; says where.
    fn recover(&self, app: &App) -> Option<String> {
        let store = self.store.as_ref()?;
        let what = app.unsaved_work()?;
        let why = app.annotations.save_error.clone().unwrap_or_default();
        Some(match store.write_recovery(&app.annotations.data, &why) {
            Ok(path) => format!(
                "{what} could not be saved ({why}); they are in {} (`synoptic export --from {0}` reads it)",
                path.display()
            ),
            Err(e) => format!("{what} could not be saved ({why}), nor kept in a recovery file: {e}"),
        })
    }

    /// Saves the session if it changed and the last save is a while ago; tries a failed save
    /// again (what could not be written stays in memory until it can).
    fn save_session_if_changed(&mut self, app: &mut App) {
        if self.store.is_none() {
            return;
        }
        if app.annotations.save_error.is_some() {
            if self.last_save.elapsed() >= RETRY_FAILED_SAVE_EVERY {
                self.save(app);
            }
            return;
        }
        if self.last_save.elapsed() < SESSION_SAVE_EVERY {
            return;
        }
        if app.panes.is_empty() {
            return;
        }
        let now = session_key(&app.session_snapshot());
        if self.saved_session.as_ref() != Some(&now) {
            self.save(app);
        } else {
            self.last_save = Instant::now();
        }
    }
}

/// The index thread: the matches first ([`Action::MatchesReady`]), then the disagreements
/// ([`Action::ClaimsReady`]) and the topics ([`Action::TopicsReady`]), formed while the
/// reader already asks for matches.
fn build_index(corpus: &Corpus, tx: &mpsc::Sender<Action>) {
    let index = Arc::new(AlignIndex::build_without_topics(corpus));
    release_freed_memory();
    let _ = tx.send(Action::MatchesReady(Arc::clone(&index)));
    let topics = index.form_topics();
    // The disagreements (`D`, the `≠` mark) need the topics; they are sent before the topics,
    // which end the build (the loop stops listening then).
    let mut topic_of = vec![None; index.passages.len()];
    for t in &topics {
        for &p in &t.passages {
            topic_of[p] = Some(t.id);
        }
    }
    let claims = Claims::build_with_topics(corpus, &index, &topic_of);
    let _ = tx.send(Action::ClaimsReady(Box::new(claims)));
    // the reader's copy is then the only one: it takes the topics in without a copy
    drop(index);
    release_freed_memory();
    let _ = tx.send(Action::TopicsReady(topics));
}

/// Runs the full-screen reader on `corpus` until the user quits.
pub fn run(corpus: Corpus, options: RunOptions) -> io::Result<()> {
    let staged = Staged::whole(corpus, options.data_dir.as_ref(), &options.corpus_key);
    run_staged(staged, options)
}

/// The background work, started after the first frame: the rest of the corpus (when the first
/// screen was drawn from part of it), then the alignment index on the whole corpus.
fn background(
    rest: Option<staged::Rest>,
    first: Arc<Corpus>,
    tx: mpsc::Sender<Action>,
) -> Box<dyn FnOnce()> {
    Box::new(move || {
        let spawned = std::thread::Builder::new()
            .name("synoptic-index".into())
            .spawn(move || {
                let corpus = match rest {
                    Some(rest) => {
                        drop(first);
                        let (corpus, late) = rest.finish(&tx);
                        let corpus = Arc::new(corpus);
                        let _ = tx.send(Action::CorpusLoaded(Arc::clone(&corpus), late));
                        // the parsing's scratch memory, before the build
                        release_freed_memory();
                        corpus
                    }
                    None => first,
                };
                build_index(&corpus, &tx);
            });
        // without the thread the channel closes: the reader goes on without an index
        drop(spawned);
    })
}

/// Runs the reader on a corpus loaded in stages ([`first_stage`]): the first screen from the
/// documents loaded so far, the rest loaded in the background.
pub fn run_staged(staged: Staged, options: RunOptions) -> io::Result<()> {
    let no_color = options.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));

    // The rest of the corpus and the index load in the background; the first screen shows the
    // text at once.
    let (tx, rx) = mpsc::channel();
    // Loading leaves its scratch memory in this thread's arena, which the index thread
    // cannot reuse: hand it back first (bible-9: ~20 MB off the build's peak).
    release_freed_memory();
    let corpus = Arc::new(staged.corpus);
    let loading = staged.rest.as_ref().map(|r| crate::app::Loading {
        done: r.done(),
        total: r.total(),
    });
    let start = background(staged.rest, Arc::clone(&corpus), tx);

    let mut app = App::indexing(corpus, width, height);
    app.loading = loading;
    app.no_color = no_color;
    app.defer_searches = true;
    app.palette = crate::ui::theme::Palette::from_env(
        std::env::var("TERM").ok().as_deref(),
        std::env::var("COLORTERM").ok().as_deref(),
    );
    app.annotations.id_prefix = format!("{:x}", std::process::id());
    update(&mut app, Action::Tick(now_ms()));
    let mut keeper = Keeper {
        store: None,
        saved_session: None,
        last_save: Instant::now(),
        late_warnings: Vec::new(),
    };
    let mut problem = None;
    if let Some((mut store, mut loaded)) = staged.store {
        let adopted = store.adopt_for(&mut loaded.state, &app.corpus);
        problem = loaded.problem.or_else(|| {
            (adopted > 0).then(|| {
                format!("{adopted} annotations of these documents found in other corpora's files")
            })
        });
        app.load_annotations(loaded.state, !options.fresh);
        keeper.saved_session = app.annotations.data.session.as_ref().map(session_key);
        keeper.store = Some(store);
    }
    match read_keymap(options.keymap_path.as_deref()) {
        Ok(Some((path, source))) => app.load_keymap(Some((&path, &source))),
        Ok(None) => {}
        Err(message) => app.status = Some(message),
    }
    if let Some(p) = problem {
        app.status = Some(p);
    }
    terminal_session(app, &options, &rx, keeper, start)
}

/// Takes the terminal, runs the event loop, saves and gives the terminal back.
fn terminal_session(
    mut app: App,
    options: &RunOptions,
    rx: &mpsc::Receiver<Action>,
    mut keeper: Keeper,
    start: Box<dyn FnOnce()>,
) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }

    let _guard = TerminalGuard::enter(!options.no_mouse)?;
    // Known, else asked of the terminal after the first frame (over SSH the environment
    // does not tell).
    let margins = options
        .margins
        .unwrap_or_else(|| Margins::detect(|k| std::env::var(k).ok()));
    let ask_margins = options.margins.is_none() && margins == Margins::Off;
    // Frames go to a duplicate of the stdout descriptor: `io::stdout()` is line-buffered,
    // which would split every frame holding a line feed (scrolls do) into two writes.
    let terminal_out = {
        use std::os::fd::AsFd;
        std::fs::File::from(io::stdout().as_fd().try_clone_to_owned()?)
    };
    let mut screen = Screen::new(
        BufWriter::with_capacity(1 << 16, terminal_out),
        Rect::new(0, 0, app.width, app.height),
        margins,
    );
    screen.clear()?;
    // Save what can be saved even when the loop panics (the panic hook has restored the
    // terminal by then).
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(
            &mut screen,
            &mut app,
            rx,
            &stop,
            &mut keeper,
            (ask_margins, start),
        )
    }));
    keeper.save(&mut app);
    // Annotations that could not be saved go to a recovery file, named once the terminal is back.
    let recovery = keeper.recover(&app);
    drop(_guard);
    if let Some(message) = recovery {
        eprintln!("synoptic: {}", crate::escape::for_terminal(&message));
    }
    for warning in &keeper.late_warnings {
        eprintln!(
            "synoptic: warning: {}",
            crate::escape::for_terminal(warning)
        );
    }
    match result {
        Ok(r) => r,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// The screen regions whose content scrolls: each pane's text rows with its gutter.
pub fn scroll_regions(app: &App) -> Vec<ScrollRegion> {
    app.geometry()
        .iter()
        .map(|g| ScrollRegion {
            area: Rect::new(
                g.gutter,
                g.text.y,
                g.area.right().saturating_sub(g.gutter),
                g.text.height,
            ),
            marks: g.text.x - g.gutter,
        })
        .collect()
}

/// Whether an Alt-key goes to the app as such: only when it is bound and nothing is being
/// typed (otherwise it is Esc followed by the key).
fn takes_alt(app: &App, c: char) -> bool {
    app.overlay.is_none()
        && app.pending.is_empty()
        && matches!(app.keymap.lookup(&[Key::Alt(c)]), Lookup::Command(_))
}

/// Carries out an effect; true when the reader must quit.
fn apply(app: &mut App, effect: Effect, keeper: &mut Keeper) -> bool {
    match effect {
        Effect::Quit => return true,
        Effect::SaveAnnotations => keeper.save(app),
        Effect::Export { path, text, what } => {
            let message = match crate::annotations::store::write_atomic(&path, text.as_bytes()) {
                Ok(()) => format!(
                    "{what} exported to {}",
                    std::path::absolute(&path).unwrap_or(path.clone()).display()
                ),
                Err(e) => format!("cannot export to {}: {e}", path.display()),
            };
            update(app, Action::Message(message));
        }
    }
    false
}

/// What the event loop keeps between turns.
struct LoopState {
    drawn: Option<u64>,
    panic_key: Option<char>,
    panic_armed: bool,
    /// The margins question, once asked after the first frame (`None` before, or when the
    /// margins were known without asking).
    probe: Option<MarginsProbe>,
    ask_margins: bool,
    /// The background work, started once the first frame is drawn ([`background`]).
    after_first_frame: Option<Box<dyn FnOnce()>>,
}

fn event_loop<W: Write>(
    screen: &mut Screen<W>,
    app: &mut App,
    index: &mpsc::Receiver<Action>,
    stop: &AtomicBool,
    keeper: &mut Keeper,
    (ask_margins, start): (bool, Box<dyn FnOnce()>),
) -> io::Result<()> {
    let mut state = LoopState {
        after_first_frame: Some(start),
        drawn: None,
        panic_key: std::env::var(PANIC_ON_KEY_ENV)
            .ok()
            .and_then(|v| v.chars().next()),
        panic_armed: false,
        probe: None,
        ask_margins,
    };
    let mut input = TerminalInput::new();
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        update(app, Action::Tick(now_ms()));
        keeper.save_session_if_changed(app);
        // All the background has sent (progress comes in bursts), until the topics end it.
        while app.index.is_building() || app.index.topics_building() {
            match index.try_recv() {
                Ok(Action::CorpusLoaded(corpus, warnings)) => {
                    update(app, Action::CorpusLoaded(corpus, warnings.clone()));
                    keeper.corpus_loaded(app, warnings);
                }
                Ok(action) => {
                    update(app, action);
                }
                Err(mpsc::TryRecvError::Disconnected) => {
                    update(app, Action::IndexFailed);
                }
                Err(mpsc::TryRecvError::Empty) => break,
            }
        }
        // At most one incremental search per frame, however many keys came.
        app.settle();
        sync_size(app, crossterm::terminal::size().ok());
        if let Some(probe) = &mut state.probe {
            probe.give_up_at(Instant::now());
        }
        if state.drawn != Some(app.revision) || state.panic_armed {
            if state.panic_armed {
                panic!("injected panic while drawing ({PANIC_ON_KEY_ENV})");
            }
            draw_frame(screen, app)?;
            staged::event("frame");
            state.drawn = Some(app.revision);
            if let Some(start) = state.after_first_frame.take() {
                start();
            }
            if std::mem::take(&mut state.ask_margins) {
                // After the first frame: the answer never delays it.
                screen.ask_margins()?;
                state.probe = Some(MarginsProbe::asked(Instant::now()));
                state.drawn = None;
            }
        }
        let mut timeout = Duration::from_millis(if app.index.is_building() {
            30
        } else if app.flashing() {
            100
        } else {
            250
        });
        if let Some(deadline) = state.probe.and_then(|p| p.deadline()) {
            timeout = timeout.min(deadline.saturating_duration_since(Instant::now()));
        }
        match input.wait(timeout) {
            Wait::HungUp => return Ok(()),
            // A resize is read from the terminal before the next frame (`draw_frame`).
            Wait::Nothing | Wait::Resized => {}
            Wait::Input(events) => {
                if apply_inputs(events, screen, app, keeper, &mut state) {
                    return Ok(());
                }
            }
        }
        if input.take_resized() {
            // The terminal may have cut or reflowed what it showed, even when the size is back
            // to the last frame's (a quick resize and back): the next frame writes everything.
            screen.clear()?;
            state.drawn = None;
        }
    }
}

/// Applies a burst of input (key repeat, pasted text, wheel) before the next frame; true when
/// the reader must quit.
fn apply_inputs<W: Write>(
    events: Vec<Input>,
    screen: &mut Screen<W>,
    app: &mut App,
    keeper: &mut Keeper,
    state: &mut LoopState,
) -> bool {
    for event in events {
        let action = match event {
            Input::Key(Key::Alt(c)) if !takes_alt(app, c) => {
                for k in [Key::Esc, Key::Char(c)] {
                    if apply_action(app, Action::Key(k), keeper, state) {
                        return true;
                    }
                }
                continue;
            }
            Input::Key(k) => Action::Key(k),
            // Reports come only while the mouse is captured.
            Input::Mouse(m) => Action::Mouse(m),
            Input::Paste(text) => Action::Paste(text),
            Input::CursorReport { row, col } => {
                if let Some(m) = state
                    .probe
                    .as_mut()
                    .and_then(|p| p.answer(row, col, Instant::now()))
                {
                    screen.set_margins(m);
                }
                continue;
            }
        };
        if apply_action(app, action, keeper, state) {
            return true;
        }
    }
    false
}

fn apply_action(app: &mut App, action: Action, keeper: &mut Keeper, state: &mut LoopState) -> bool {
    if let (Some(p), Action::Key(Key::Char(c))) = (state.panic_key, &action) {
        state.panic_armed |= *c == p;
    }
    for effect in update(app, action) {
        if apply(app, effect, keeper) {
            return true;
        }
    }
    false
}

/// Gives the app the terminal's size as it is now (`live`), when it changed.
fn sync_size(app: &mut App, live: Option<(u16, u16)>) {
    if let Some((w, h)) = live {
        if (w, h) != (app.width, app.height) {
            update(app, Action::Resize(w, h));
        }
    }
}

/// Draws one frame. The layout and the buffer come from one size, the app's (a resize is
/// given to the app first, [`sync_size`]): the buffer is never smaller than the layout.
fn draw_frame<W: Write>(screen: &mut Screen<W>, app: &App) -> io::Result<()> {
    let size = Rect::new(0, 0, app.width, app.height);
    screen.draw(size, &scroll_regions(app), |frame| {
        (&*app).render(size, frame)
    })
}

/// Hands freed memory back to the system. Loading and the index build leave scratch data
/// (raw files, per-document vocabularies, token lists) freed in glibc's per-thread arenas,
/// which keep it: on bible-9 the reader stayed at ~200 MB without this.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's own arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// What waiting for input found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Wait {
    /// What the terminal sent (all that was pending).
    Input(Vec<Input>),
    /// The terminal was resized (SIGWINCH).
    Resized,
    /// The timeout passed (or a signal came).
    Nothing,
    /// The terminal has gone away: the pseudo-terminal's other side closed (a killed terminal
    /// emulator or multiplexer, an SSH link dropped without a SIGHUP reaching us).
    HungUp,
}

/// Most bytes read before a frame is drawn (a huge paste is read over a few frames).
const READ_PER_FRAME: usize = 1 << 20;

/// Reads the terminal with poll(2) and read(2) itself. crossterm's reader is not used: it
/// reads at most 1,024 bytes per readiness event (the rest of a paste waited for the next
/// key) and loops forever on a hung-up terminal (reads return end-of-file again and again),
/// which it entered whenever the hang-up came while the reader was busy.
struct TerminalInput {
    /// Woken by SIGWINCH.
    winch: Option<std::os::unix::net::UnixStream>,
    /// A SIGWINCH came since [`TerminalInput::take_resized`] last looked (also when input
    /// came with it).
    resized: bool,
    parser: InputParser,
    buf: Vec<u8>,
}

impl TerminalInput {
    fn new() -> TerminalInput {
        use std::os::unix::net::UnixStream;
        let winch = UnixStream::pair().ok().and_then(|(read, write)| {
            read.set_nonblocking(true).ok()?;
            signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, write).ok()?;
            Some(read)
        });
        TerminalInput {
            winch,
            resized: false,
            parser: InputParser::new(),
            buf: vec![0; 1 << 16],
        }
    }

    /// Whether the terminal was resized since the last call.
    fn take_resized(&mut self) -> bool {
        std::mem::take(&mut self.resized)
    }

    /// Waits up to `timeout` for input, a resize or a hang-up; reads all the input pending.
    fn wait(&mut self, timeout: Duration) -> Wait {
        use std::io::Read;
        use std::os::fd::AsRawFd;
        let mut fds = [
            pollfd(libc::STDIN_FILENO),
            pollfd(self.winch.as_ref().map_or(-1, |w| w.as_raw_fd())),
        ];
        let ms = timeout.as_millis().min(i32::MAX as u128) as libc::c_int;
        // SAFETY: two valid pollfds (a negative fd is ignored by poll); poll writes `revents`.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
        if n <= 0 {
            // The timeout, or a signal (a SIGTERM the loop will see).
            return Wait::Nothing;
        }
        if fds[1].revents & libc::POLLIN != 0 {
            if let Some(w) = &mut self.winch {
                let mut buf = [0u8; 64];
                while matches!(w.read(&mut buf), Ok(k) if k > 0) {}
            }
            self.resized = true;
        }
        let hup = libc::POLLHUP | libc::POLLERR | libc::POLLNVAL;
        if fds[0].revents & (libc::POLLIN | hup) == 0 {
            return Wait::Resized;
        }
        let mut bytes = Vec::new();
        let more = loop {
            // SAFETY: reads into our own buffer, at most its length.
            let k = unsafe {
                libc::read(
                    libc::STDIN_FILENO,
                    self.buf.as_mut_ptr().cast(),
                    self.buf.len(),
                )
            };
            if k < 0 {
                let e = io::Error::last_os_error();
                if matches!(
                    e.kind(),
                    io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock
                ) {
                    break false;
                }
                return Wait::HungUp;
            }
            if k == 0 {
                // End of file on a terminal: it hung up.
                return Wait::HungUp;
            }
            bytes.extend_from_slice(&self.buf[..k as usize]);
            let mut p = pollfd(libc::STDIN_FILENO);
            // SAFETY: one valid pollfd.
            let ready = unsafe { libc::poll(&mut p, 1, 0) } > 0;
            if !ready || p.revents & libc::POLLIN == 0 {
                break false;
            }
            if bytes.len() >= READ_PER_FRAME {
                break true;
            }
        };
        Wait::Input(self.parser.feed(&bytes, more))
    }
}

fn pollfd(fd: libc::c_int) -> libc::pollfd {
    libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    }
}

/// The user's keymap file: `Ok(None)` when there is none, `Err` (one line) when it cannot
/// be read.
fn read_keymap(explicit: Option<&std::path::Path>) -> Result<Option<(String, String)>, String> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let Some(dirs) = directories::ProjectDirs::from("", "", "synoptic") else {
                return Ok(None);
            };
            let p = dirs.config_dir().join("keymap.toml");
            if !p.exists() {
                return Ok(None);
            }
            p
        }
    };
    match std::fs::read_to_string(&path) {
        // The status line is short: name the file, not its whole path.
        Ok(source) => Ok(Some((
            path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            source,
        ))),
        Err(e) => Err(format!("{}: {e} — using default keys", path.display())),
    }
}

/// Puts the terminal in reader mode; restores it when dropped and from the panic hook.
struct TerminalGuard {
    previous_hook: Arc<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync + 'static>,
}

impl TerminalGuard {
    fn enter(mouse: bool) -> io::Result<TerminalGuard> {
        let previous_hook: Arc<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync> =
            Arc::from(std::panic::take_hook());
        let hook = Arc::clone(&previous_hook);
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            hook(info);
        }));
        READER_MODE.store(true, Ordering::SeqCst);
        enable_raw_mode()?;
        let mut out = io::stdout();
        execute!(
            out,
            EnterAlternateScreen,
            cursor::Hide,
            EnableBracketedPaste
        )?;
        if mouse {
            execute!(out, EnableMouseCapture)?;
        }
        Ok(TerminalGuard { previous_hook })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
        // `set_hook` itself panics on a panicking thread (a double panic aborts the process
        // and loses the panic's exit status): the hook stays while unwinding, harmlessly.
        if !std::thread::panicking() {
            let previous = Arc::clone(&self.previous_hook);
            std::panic::set_hook(Box::new(move |info| previous(info)));
        }
    }
}

/// Whether the terminal is in reader mode, so that it is restored exactly once (leaving the
/// alternate screen twice moves the cursor back over what was printed in between, such as a
/// panic message).
static READER_MODE: AtomicBool = AtomicBool::new(false);

fn restore_terminal() {
    if !READER_MODE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    // Margins too, should a scroll have been cut short.
    let _ = out.write_all(b"\x1b[?69l\x1b[r");
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A resize seen between two events: the frame is drawn from the terminal's new size,
    /// layout and buffer alike (before, the layout kept the old size and `render_pane`
    /// indexed outside the smaller buffer).
    #[test]
    fn a_resize_between_events_draws_layout_and_buffer_from_one_size() {
        let mut app = App::indexing(crate::corpus::embedded_seeds(), 80, 24);
        let mut screen = Screen::new(Vec::new(), Rect::new(0, 0, 80, 24), Margins::Off);
        draw_frame(&mut screen, &app).unwrap();
        for (w, h) in [(20, 5), (1, 1), (7, 2), (80, 24)] {
            sync_size(&mut app, Some((w, h)));
            assert_eq!((app.width, app.height), (w, h));
            draw_frame(&mut screen, &app).unwrap();
        }
    }

    #[test]
    fn the_margins_probe_gives_up_after_its_patience() {
        let t0 = Instant::now();
        let mut p = MarginsProbe::asked(t0);
        assert!(!p.give_up_at(t0 + MarginsProbe::PATIENCE - Duration::from_millis(1)));
        assert!(p.waiting());
        assert!(p.give_up_at(t0 + MarginsProbe::PATIENCE));
        // A late answer is ignored.
        assert_eq!(p.answer(2, 2, t0 + Duration::from_secs(2)), None);
        let mut q = MarginsProbe::asked(t0);
        assert_eq!(q.answer(2, 2, t0), Some(Margins::On));
        let mut r = MarginsProbe::asked(t0);
        assert_eq!(r.answer(1, 5, t0), Some(Margins::Off));
    }

    #[test]
    fn missing_explicit_keymap_is_one_line() {
        let e = read_keymap(Some(std::path::Path::new("/nonexistent/keymap.toml"))).unwrap_err();
        assert!(!e.contains('\n') && e.contains("default keys"));
    }
}
