//! End-to-end tests of issue 24 (reading polish) in a pseudo-terminal: sentences at "U.S."
//! down to the export, panes refitted on resize, the one jump rule, `G`, and the keys people
//! from less and vim press first. Assertions wait for a stable screen, never for a clock.

#![cfg(unix)]

mod common;

use common::pty::Reader;

fn title(screen: &str) -> String {
    screen.lines().next().unwrap_or("").to_string()
}

fn status(screen: &str) -> String {
    screen.lines().last().unwrap_or("").to_string()
}

/// `v` on "According to the U.S. State Department…" and the export: the quote holds the
/// whole sentence, and `:export` says the full path it wrote.
#[test]
fn a_sentence_with_us_in_it_is_one_sentence_down_to_the_export() {
    let home = tempfile::tempdir().unwrap();
    let mut r = Reader::start_in(80, 24, home.path());
    r.wait_ready();
    r.keys(":e 004_1f5dc5bcb4f5ddab#03\r");
    r.wait_for("the Right Web article", |s| s.contains("opened"));
    r.keys("/According to the U.S. State\r");
    r.wait_for("the match", |s| s.contains("for \"According"));
    r.keys("v");
    r.wait_for("selecting", |s| s.contains("SELECT"));
    r.keys("jj\r");
    r.wait_for("saved", |s| s.contains("highlighted in"));
    r.keys(":export out.md\r");
    let screen = r.wait_for("exported", |s| s.contains("exported to"));
    let out = home.path().join("out.md");
    let path = std::fs::canonicalize(&out).unwrap();
    assert!(
        status(&screen).contains('/'),
        "the full path: {}",
        status(&screen)
    );
    let md = std::fs::read_to_string(path).unwrap();
    assert!(
        md.contains("According to the U.S. State Department"),
        "{md}"
    );
    assert!(
        !md.lines().any(|l| l.trim_end().ends_with("the U.S.")),
        "a quote cut at U.S.:\n{md}"
    );
    assert_eq!(r.quit(), 0);
}

/// 160×48 with 4 panes, resized to 70×20: 1 pane, as a fresh start there; back: the 4 again.
#[test]
fn resizing_refits_the_panes_and_brings_them_back() {
    let mut r = Reader::start(160, 48);
    let first = r.wait_ready();
    assert_eq!(title(&first).matches('│').count(), 3, "4 panes:\n{first}");
    r.resize(70, 20);
    let narrow = r.wait_for("one pane", |s| {
        s.lines().count() >= 20 && !title(s).contains('│') && s.contains("READ")
    });
    assert!(title(&narrow).starts_with("▸ "), "{narrow}");
    r.resize(40, 10);
    r.wait_for("one pane at 40x10", |s| {
        !title(s).contains('│') && s.contains("READ")
    });
    r.resize(160, 48);
    let back = r.wait_for("four panes again", |s| title(s).matches('│').count() == 3);
    assert_eq!(title(&back), title(&first));
    assert_eq!(r.quit(), 0);
}

/// A mark in the right pane's document, jumped to from the left pane: the right pane takes
/// the jump, the left one keeps its document; C-o gives the focus back.
#[test]
fn a_jump_goes_to_the_pane_that_shows_the_document() {
    let mut r = Reader::start(80, 24);
    let first = r.wait_ready();
    let left_title = title(&first).split('│').next().unwrap().to_string();
    r.keys("\t}}");
    r.wait_for("focus on the right", |s| title(s).contains("│▸ "));
    r.keys("ma");
    r.wait_for("mark set", |s| s.contains("mark 'a set"));
    r.keys("\x1b[Z"); // S-Tab
    r.wait_for("focus on the left", |s| title(s).starts_with("▸ "));
    r.keys("'a");
    let jumped = r.wait_for("at mark a", |s| s.contains("mark 'a"));
    assert!(title(&jumped).contains("│▸ "), "the right pane:\n{jumped}");
    assert_eq!(
        title(&jumped)
            .split('│')
            .next()
            .unwrap()
            .trim_start_matches("▸ ")
            .trim_start(),
        left_title.trim_start_matches("▸ ").trim_start(),
        "the left pane keeps its document"
    );
    r.keys("\x0f"); // C-o
    r.wait_for("focus back on the left", |s| title(s).starts_with("▸ "));
    assert_eq!(r.quit(), 0);
}

/// `G` shows the last screenful: the bottom text row is not blank.
#[test]
fn g_shows_the_last_screenful() {
    let mut r = Reader::start(80, 24);
    r.wait_ready();
    r.keys("G");
    let screen = r.wait_for("at the end", |s| s.contains("100%"));
    let rows = r.rows();
    let left: Vec<String> = rows
        .iter()
        .map(|l| l.split('│').next().unwrap_or("").trim().to_string())
        .collect();
    let blank_tail = left[1..23]
        .iter()
        .rev()
        .take_while(|l| l.is_empty())
        .count();
    assert!(
        blank_tail <= 1,
        "{blank_tail} blank rows at the end:\n{screen}"
    );
    assert_eq!(r.quit(), 0);
}

/// C-f pages, C-w l / C-w h move between panes, `:N%` goes there, an unbound key says so,
/// the search prompt names N, and Esc closes what is open.
#[test]
fn keys_from_less_and_vim() {
    let mut r = Reader::start(80, 24);
    let first = r.wait_ready();
    r.keys("\x06"); // C-f
    let paged = r.wait_for("a page down", |s| s != first);
    assert_ne!(paged.lines().nth(1), first.lines().nth(1));
    r.keys("\x17l"); // C-w l
    r.wait_for("focus on the right", |s| title(s).contains("│▸ "));
    r.keys("\x17h"); // C-w h
    r.wait_for("focus on the left", |s| title(s).starts_with("▸ "));
    r.keys("~");
    r.wait_for("the unbound key", |s| {
        status(s).contains("no key ~ — ? for help")
    });
    r.keys("/");
    r.wait_for("the search prompt", |s| status(s).contains("N backward"));
    r.keys("\x1b");
    r.wait_for("search closed", |s| s.contains("READ"));
    r.keys(":50%\r");
    r.wait_for("half way", |s| status(s).contains("50%"));
    r.keys("O");
    r.wait_for("the outline", |s| s.contains("Outline"));
    r.keys("\x1b");
    r.wait_for("outline closed", |s| {
        !s.contains("Outline") && s.contains("READ")
    });
    assert_eq!(r.quit(), 0);
}
