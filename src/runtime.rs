//! The only code that touches the terminal, input events, the clock, signals and the
//! filesystem (the user's keymap file, the annotations store, exports).
//!
//! [`run`] builds the alignment index on a background thread (the first screen does not wait
//! for it), owns the terminal and runs the event loop: read a burst of events, apply them all
//! to the [`App`], draw once if anything changed. [`Screen`] turns each frame into the
//! fewest bytes (the terminal scrolls panes that moved; only changed cells are written), and
//! the output goes through one buffer written once per frame. Whether the terminal has
//! left/right margins is asked of it once at start ([`Margins`]). The terminal is
//! restored on quit, on error, on panic (before the panic message is printed) and on
//! SIGTERM / SIGHUP / SIGINT.
//!
//! Annotations: the store is loaded at start (a problem goes to the status line and the reader
//! keeps working). The app asks for a save ([`Effect::SaveAnnotations`]) right after every confirmed
//! highlight, note, bookmark or deletion; the session (panes, positions, follow mode) is saved
//! every [`SESSION_SAVE_EVERY`] while it changes, and everything is saved on quit, on
//! SIGTERM / SIGHUP / SIGINT and, when possible, on a panic. A failed save (disk full, a
//! read-only data directory) is reported in the status line and tried again every
//! [`RETRY_FAILED_SAVE_EVERY`]; nothing is dropped meanwhile. The merged state the store
//! returns is given back to the app, so another instance's additions appear.

use crate::align::AlignIndex;
use crate::annotations::store::Store;
use crate::annotations::Session;
use crate::app::{update, Action, App, Effect, Key, Lookup, Mouse, MouseKind};
use crate::corpus::Corpus;
use crate::screen::{Margins, Screen, ScrollRegion};
use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
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

/// The index thread: the matches first ([`Action::MatchesReady`]), then the topics
/// ([`Action::TopicsReady`]), formed while the reader already asks for matches.
fn build_index(corpus: &Corpus, tx: &mpsc::Sender<Action>) {
    let index = Arc::new(AlignIndex::build_without_topics(corpus));
    release_freed_memory();
    let _ = tx.send(Action::MatchesReady(Arc::clone(&index)));
    let topics = index.form_topics();
    // the reader's copy is then the only one: it takes the topics in without a copy
    drop(index);
    release_freed_memory();
    let _ = tx.send(Action::TopicsReady(topics));
}

/// Runs the full-screen reader on `corpus` until the user quits.
pub fn run(corpus: Corpus, options: RunOptions) -> io::Result<()> {
    let no_color = options.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));

    // The index builds in the background; the first screen shows the text at once.
    let (tx, rx) = mpsc::channel();
    // Loading leaves its scratch memory in this thread's arena, which the index thread
    // cannot reuse: hand it back first (bible-9: ~20 MB off the build's peak).
    release_freed_memory();
    let corpus = Arc::new(corpus);
    let for_index = Arc::clone(&corpus);
    std::thread::Builder::new()
        .name("synoptic-index".into())
        .spawn(move || build_index(&for_index, &tx))?;

    let mut app = App::indexing(corpus, width, height);
    app.no_color = no_color;
    app.annotations.id_prefix = format!("{:x}", std::process::id());
    update(&mut app, Action::Tick(now_ms()));
    let mut keeper = Keeper {
        store: None,
        saved_session: None,
        last_save: Instant::now(),
    };
    let mut problem = None;
    if let Some(dir) = &options.data_dir {
        let mut store = Store::new(dir, &options.corpus_key);
        let loaded = store.load();
        problem = loaded.problem;
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

    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }

    let _guard = TerminalGuard::enter(!options.no_mouse)?;
    let margins =
        options
            .margins
            .unwrap_or_else(|| match Margins::detect(|k| std::env::var(k).ok()) {
                Margins::On => Margins::On,
                Margins::Off => probe_margins(),
            });
    // Frames go to a duplicate of the stdout descriptor: `io::stdout()` is line-buffered,
    // which would split every frame holding a line feed (scrolls do) into two writes.
    let terminal_out = {
        use std::os::fd::AsFd;
        std::fs::File::from(io::stdout().as_fd().try_clone_to_owned()?)
    };
    let mut screen = Screen::new(
        BufWriter::with_capacity(1 << 16, terminal_out),
        Rect::new(0, 0, width, height),
        margins,
    );
    screen.clear()?;
    // Save what can be saved even when the loop panics (the panic hook has restored the
    // terminal by then).
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(
            &mut screen,
            &mut app,
            &rx,
            &stop,
            !options.no_mouse,
            &mut keeper,
        )
    }));
    keeper.save(&mut app);
    match result {
        Ok(r) => r,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Asks the terminal itself whether it has left/right margins (over SSH the environment
/// does not tell): with margins on the first three columns, a fourth character written from
/// the first column wraps to the second row; without them it lands in the fifth column. One
/// round trip before the first frame (crossterm gives up on the cursor report after 2 s);
/// the screen is cleared right after.
fn probe_margins() -> Margins {
    let mut out = io::stdout();
    if out.write_all(b"\x1b[?69h\x1b[1;3s\x1b[1;1H    ").is_err() || out.flush().is_err() {
        return Margins::Off;
    }
    let at = cursor::position();
    let _ = out.write_all(b"\x1b[?69l\x1b[1;1H");
    let _ = out.flush();
    if at.ok() == Some((1, 1)) {
        Margins::On
    } else {
        Margins::Off
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
        Effect::Export { path, text } => {
            let message = match crate::annotations::store::write_atomic(&path, text.as_bytes()) {
                Ok(()) => format!("annotations exported to {}", path.display()),
                Err(e) => format!("cannot export to {}: {e}", path.display()),
            };
            update(app, Action::Message(message));
        }
    }
    false
}

fn event_loop<W: Write>(
    screen: &mut Screen<W>,
    app: &mut App,
    index: &mpsc::Receiver<Action>,
    stop: &AtomicBool,
    mouse: bool,
    keeper: &mut Keeper,
) -> io::Result<()> {
    let mut drawn = None;
    let panic_key = std::env::var(PANIC_ON_KEY_ENV)
        .ok()
        .and_then(|v| v.chars().next());
    let mut panic_armed = false;
    let mut input = InputWait::new();
    // Start crossterm's reader now, so that it sees every SIGWINCH from here on.
    let _ = event::poll(Duration::ZERO);
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        update(app, Action::Tick(now_ms()));
        keeper.save_session_if_changed(app);
        if app.index.is_building() || app.index.topics_building() {
            match index.try_recv() {
                Ok(action) => {
                    update(app, action);
                }
                Err(mpsc::TryRecvError::Disconnected) => {
                    update(app, Action::IndexFailed);
                }
                Err(mpsc::TryRecvError::Empty) => {}
            }
        }
        if drawn != Some(app.revision) || panic_armed {
            if panic_armed {
                panic!("injected panic while drawing ({PANIC_ON_KEY_ENV})");
            }
            let (w, h) = crossterm::terminal::size().unwrap_or((app.width, app.height));
            let size = Rect::new(0, 0, w, h);
            screen.draw(size, &scroll_regions(app), |frame| {
                (&*app).render(size, frame)
            })?;
            drawn = Some(app.revision);
        }
        let timeout = Duration::from_millis(if app.index.is_building() {
            30
        } else if app.flashing() {
            100
        } else {
            250
        });
        // Events crossterm has already read (while waiting for the cursor report of the
        // margins probe) are not announced by stdin again.
        if !event::poll(Duration::ZERO)? {
            match input.wait(timeout) {
                Wait::HungUp => return Ok(()),
                Wait::Nothing => continue,
                Wait::Ready => {}
                Wait::Resized => {
                    // Asked directly rather than trusting that crossterm saw the signal too.
                    if let Ok((w, h)) = crossterm::terminal::size() {
                        if (w, h) != (app.width, app.height) {
                            update(app, Action::Resize(w, h));
                        }
                    }
                }
            }
            if !event::poll(Duration::ZERO)? {
                continue;
            }
        }
        // Apply a whole burst of events (key repeat, pasted text, wheel) before drawing once.
        loop {
            let event = event::read()?;
            let actions = match to_action(event.clone(), mouse) {
                Some(Action::Key(Key::Alt(c))) if takes_alt(app, c) => {
                    vec![Action::Key(Key::Alt(c))]
                }
                _ => to_actions(event, mouse),
            };
            for action in actions {
                if let (Some(p), Action::Key(Key::Char(c))) = (panic_key, &action) {
                    panic_armed |= *c == p;
                }
                for effect in update(app, action) {
                    if apply(app, effect, keeper) {
                        return Ok(());
                    }
                }
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wait {
    /// Input, or a resize, may be there: ask crossterm.
    Ready,
    /// The terminal was resized (SIGWINCH).
    Resized,
    /// The timeout passed.
    Nothing,
    /// The terminal has gone away: the pseudo-terminal's other side closed (a killed terminal
    /// emulator or multiplexer, an SSH link dropped without a SIGHUP reaching us).
    HungUp,
}

/// Waits for terminal input or a resize without entering crossterm, whose reader loops
/// forever on a hung-up terminal (reads return end-of-file again and again): the reader must
/// save and exit instead of spinning on a dead terminal.
struct InputWait {
    /// Woken by SIGWINCH (crossterm turns it into a resize event).
    #[cfg(unix)]
    winch: Option<std::os::unix::net::UnixStream>,
    /// Whether standard input is the terminal (else crossterm reads /dev/tty: let it wait).
    #[cfg(unix)]
    stdin_tty: bool,
}

impl InputWait {
    #[cfg(unix)]
    fn new() -> InputWait {
        use std::os::unix::net::UnixStream;
        let winch = UnixStream::pair().ok().and_then(|(read, write)| {
            read.set_nonblocking(true).ok()?;
            signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, write).ok()?;
            Some(read)
        });
        // SAFETY: isatty only inspects the descriptor.
        let stdin_tty = unsafe { libc::isatty(libc::STDIN_FILENO) } == 1;
        InputWait { winch, stdin_tty }
    }

    #[cfg(not(unix))]
    fn new() -> InputWait {
        InputWait {}
    }

    #[cfg(unix)]
    fn wait(&mut self, timeout: Duration) -> Wait {
        use std::io::Read;
        use std::os::fd::AsRawFd;
        if !self.stdin_tty {
            return match event::poll(timeout) {
                Ok(true) => Wait::Ready,
                _ => Wait::Nothing,
            };
        }
        let mut fds = [
            libc::pollfd {
                fd: libc::STDIN_FILENO,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: self.winch.as_ref().map_or(-1, |w| w.as_raw_fd()),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let ms = timeout.as_millis().min(i32::MAX as u128) as libc::c_int;
        // SAFETY: two valid pollfds (a negative fd is ignored by poll); poll writes `revents`.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
        if n < 0 {
            // Interrupted by a signal (a resize, a SIGTERM the loop will see): look again.
            return Wait::Ready;
        }
        if fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Wait::HungUp;
        }
        if fds[1].revents & libc::POLLIN != 0 {
            if let Some(w) = &mut self.winch {
                let mut buf = [0u8; 64];
                while matches!(w.read(&mut buf), Ok(k) if k > 0) {}
            }
            return Wait::Resized;
        }
        if n == 0 {
            Wait::Nothing
        } else {
            Wait::Ready
        }
    }

    #[cfg(not(unix))]
    fn wait(&mut self, timeout: Duration) -> Wait {
        match event::poll(timeout) {
            Ok(true) => Wait::Ready,
            _ => Wait::Nothing,
        }
    }
}

/// Translates a terminal event into app actions.
///
/// An `Alt-x` is almost always `Esc` followed quickly by `x` (a slow link, a script, a fast
/// typist), so it is read as those two keys — except a bound Alt-key in normal mode (the event
/// loop checks that first: `A-o` is jump forward, as most terminals send Tab for `C-i`).
pub fn to_actions(event: Event, mouse: bool) -> Vec<Action> {
    match to_action(event, mouse) {
        Some(Action::Key(Key::Alt(c))) => vec![Action::Key(Key::Esc), Action::Key(Key::Char(c))],
        Some(action) => vec![action],
        None => Vec::new(),
    }
}

/// Translates a terminal event into an app action.
pub fn to_action(event: Event, mouse: bool) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => to_key(k).map(Action::Key),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Mouse(m) if mouse => to_mouse(m).map(Action::Mouse),
        _ => None,
    }
}

fn to_key(k: KeyEvent) -> Option<Key> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    Some(match k.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) if alt => Key::Alt(c),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Tab if k.modifiers.contains(KeyModifiers::SHIFT) => Key::BackTab,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        _ => return None,
    })
}

fn to_mouse(m: MouseEvent) -> Option<Mouse> {
    let kind = match m.kind {
        MouseEventKind::ScrollDown => MouseKind::ScrollDown,
        MouseEventKind::ScrollUp => MouseKind::ScrollUp,
        MouseEventKind::Down(MouseButton::Left) => MouseKind::Click,
        _ => return None,
    };
    Some(Mouse {
        kind,
        column: m.column,
        row: m.row,
    })
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
        execute!(out, EnterAlternateScreen, cursor::Hide)?;
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
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_translate() {
        let k = |code, m| to_key(KeyEvent::new(code, m));
        assert_eq!(
            k(KeyCode::Char('d'), KeyModifiers::CONTROL),
            Some(Key::Ctrl('d'))
        );
        assert_eq!(
            k(KeyCode::Char('G'), KeyModifiers::SHIFT),
            Some(Key::Char('G'))
        );
        assert_eq!(k(KeyCode::BackTab, KeyModifiers::SHIFT), Some(Key::BackTab));
        assert_eq!(k(KeyCode::Tab, KeyModifiers::SHIFT), Some(Key::BackTab));
        assert_eq!(k(KeyCode::F(1), KeyModifiers::NONE), None);
    }

    #[test]
    fn alt_key_is_esc_then_key() {
        let alt = Event::Key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::ALT));
        let keys: Vec<_> = to_actions(alt, true)
            .into_iter()
            .map(|a| match a {
                Action::Key(k) => k,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(keys, [Key::Esc, Key::Char('/')]);
    }

    #[test]
    fn mouse_is_ignored_when_off() {
        let m = Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 1,
            row: 2,
            modifiers: KeyModifiers::NONE,
        });
        assert!(to_action(m.clone(), false).is_none());
        assert!(matches!(to_action(m, true), Some(Action::Mouse(_))));
    }

    #[test]
    fn missing_explicit_keymap_is_one_line() {
        let e = read_keymap(Some(std::path::Path::new("/nonexistent/keymap.toml"))).unwrap_err();
        assert!(!e.contains('\n') && e.contains("default keys"));
    }
}
