//! End-to-end tests: the real binary in a pseudo-terminal (portable-pty), its output parsed
//! by a terminal emulator (vt100). Assertions wait for a stable screen (two identical
//! snapshots ~100 ms apart) under a generous overall timeout; no fixed sleeps are asserted on.

#![cfg(unix)]

mod common;

use common::pty::{process_answering, without_status, Reader, Term};

/// The lines of the left pane (columns before the first `│`).
fn left_pane(rows: &[String]) -> Vec<String> {
    rows.iter()
        .map(|r| r.split('│').next().unwrap_or("").to_string())
        .collect()
}

fn right_pane(rows: &[String]) -> Vec<String> {
    rows.iter()
        .map(|r| r.split_once('│').map_or("", |x| x.1).to_string())
        .collect()
}

#[test]
fn start_shows_two_pane_titles_and_q_exits_cleanly() {
    let mut r = Reader::start(80, 24);
    let screen = r.wait_for("two pane titles", |s| {
        let first = s.lines().next().unwrap_or("");
        first.contains("Iranian oppositionists") && first.contains("Khodabandeh")
    });
    let first = screen.lines().next().unwrap();
    assert!(first.starts_with("▸ "), "focused pane marked: {first:?}");
    assert_eq!(first.matches('│').count(), 1, "two panes: {first:?}");
    assert_eq!(r.quit(), 0);
}

#[test]
fn align_moves_the_other_pane_to_the_matching_passage() {
    let mut r = Reader::start(80, 24);
    r.wait_ready();
    let before = right_pane(&r.rows());
    // Read into the first document (to the passage on the 2003 invasion), then align.
    r.keys("}}}}}}");
    r.wait_for("cursor moved", |s| s.contains("▌"));
    r.keys("a");
    let screen = r.wait_for("align result", |s| {
        let title = s.lines().next().unwrap_or("");
        title.contains('≈') || title.contains("no good match")
    });
    let title = screen.lines().next().unwrap().to_string();
    let after = right_pane(&r.rows());
    if title.contains('≈') {
        assert_ne!(before, after, "the other pane moved");
        assert!(
            after.iter().any(|l| l.trim_start().starts_with('»')),
            "the matching passage is marked:\n{screen}"
        );
    } else {
        let n = after.len() - 1; // the status line differs
        assert_eq!(before[1..n], after[1..n], "no good match: the pane stays");
    }
    assert!(
        screen.contains("aligned"),
        "status says what happened:\n{screen}"
    );
    assert_eq!(r.quit(), 0);
}

/// `]a` brings the next candidate into the other pane and says its rank; `[a` goes back to
/// what `a` showed.
#[test]
fn next_candidate_shows_the_second_best_and_back() {
    let mut r = Reader::start(80, 24);
    r.wait_ready();
    r.keys("}}}}}}");
    r.wait_for("cursor moved", |s| s.contains("▌"));
    r.keys("a");
    let aligned = r.wait_for("align result", |s| s.contains("aligned"));
    let first_title = aligned.lines().next().unwrap().to_string();
    let first = right_pane(&r.rows());
    r.keys("]a");
    let screen = r.wait_for("the next candidate", |s| s.contains("candidate"));
    let title = screen.lines().next().unwrap().to_string();
    let status = screen.lines().last().unwrap_or("").to_string();
    assert!(
        title.contains('≈') && title != first_title,
        "the title gives the candidate's score:\n{screen}"
    );
    assert!(status.contains("of 5 in 1 of 1 pane "), "{status:?}");
    if first_title.contains('≈') {
        assert!(title.contains("#2 ≈"), "the second best says so: {title:?}");
    } else {
        assert!(title.contains("weak"), "the weak best says so: {title:?}");
    }
    assert!(
        right_pane(&r.rows())
            .iter()
            .any(|l| l.trim_start().starts_with('»')),
        "the candidate is marked:\n{screen}"
    );
    r.keys("[a");
    if first_title.contains('≈') {
        r.wait_for("back to the best", |s| {
            s.lines().next() == Some(first_title.as_str())
        });
        let trimmed = |rows: &[String]| -> Vec<String> {
            rows.iter().map(|l| l.trim_end().to_string()).collect()
        };
        let n = first.len() - 1; // the status line differs
        assert_eq!(
            trimmed(&right_pane(&r.rows())[1..n]),
            trimmed(&first[1..n]),
            "the same screen as after a"
        );
    }
    assert_eq!(r.quit(), 0);
}

#[test]
fn resize_keeps_the_cursor_passage_in_view() {
    let mut r = Reader::start(80, 24);
    r.wait_ready();
    r.keys("}}}}}");
    let screen = r.wait_for("cursor passage", |s| s.contains("▌"));
    // The first words of the cursor passage.
    let rows = left_pane(&r.rows());
    let first = rows
        .iter()
        .find(|l| l.starts_with('▌'))
        .unwrap_or_else(|| panic!("no cursor bar:\n{screen}"));
    let words: Vec<String> = first
        .trim_start_matches('▌')
        .split_whitespace()
        .take(2)
        .map(str::to_string)
        .collect();
    assert!(!words.is_empty());
    for (cols, rows) in [(50, 12), (120, 40), (80, 24)] {
        r.resize(cols, rows);
        let screen = r.wait_for("reflowed screen", |s| {
            s.lines()
                .last()
                .is_some_and(|l| l.contains("READ") || l.contains("%"))
        });
        let cursor_lines: Vec<String> = left_pane(&r.rows())
            .into_iter()
            .filter(|l| l.starts_with('▌'))
            .collect();
        assert!(
            !cursor_lines.is_empty(),
            "cursor passage visible at {cols}x{rows}:\n{screen}"
        );
        let joined = cursor_lines.join(" ");
        assert!(
            joined.contains(&words[0]),
            "same passage at {cols}x{rows} ({words:?}):\n{screen}"
        );
    }
    assert_eq!(r.quit(), 0);
}

#[test]
fn overlays_open_and_close_in_a_real_terminal() {
    let mut r = Reader::start(80, 24);
    r.wait_ready();
    r.keys("?");
    r.wait_for("help", |s| s.contains("Help — keys"));
    r.keys("\x1b");
    r.wait_for("help closed", |s| !s.contains("Help — keys"));
    r.keys("o");
    r.wait_for("picker", |s| s.contains("Open in pane"));
    r.keys("\x1b");
    r.wait_for("picker closed", |s| !s.contains("Open in pane"));
    assert_eq!(r.quit(), 0);
}

#[test]
fn a_bad_keymap_file_is_reported_in_one_line_and_defaults_work() {
    let mut r = Reader::start_with(80, 24, |home| {
        let dir = home.join("config").join("synoptic");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("keymap.toml"), "[normal]\n\"j\" = \"fly\"\n").unwrap();
    });
    let screen = r.wait_for("keymap error", |s| s.contains("using default keys"));
    let status = screen.lines().last().unwrap_or("").to_string();
    assert!(status.contains("keymap.toml: unknown command"), "{status}");
    r.keys("jjj");
    r.wait_for("default j scrolls", |s| {
        !s.lines()
            .nth(1)
            .unwrap_or("")
            .contains("Iranian oppositionists")
    });
    assert_eq!(r.quit(), 0);
}

#[test]
fn a_highlight_and_a_mark_survive_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let mut r = Reader::start_in(80, 24, home.path());
    r.wait_ready();
    // Highlight the second passage's first two sentences in green, mark it `a`.
    r.keys("}");
    r.wait_for("cursor on the second passage", |s| s.contains("▌"));
    r.keys("vj2");
    r.wait_for("selecting", |s| {
        s.contains("SELECT") && s.contains("2 green")
    });
    r.keys("\r");
    r.wait_for("saved highlight", |s| s.contains("highlighted in green"));
    r.keys("ma");
    r.wait_for("mark set", |s| s.contains("mark 'a set"));
    // Saved at once, before quitting.
    let file = home.path().join("data").join("seeds.json");
    let saved = std::fs::read_to_string(&file).expect("notes saved at once");
    assert!(saved.contains("\"mark\": \"a\""), "{saved}");
    r.keys("G");
    let at_end = r.wait_for("at the end", |s| s.contains("100%"));
    assert_eq!(r.quit(), 0);

    // The session comes back: the same panes at the same places.
    let mut r = Reader::start_in(80, 24, home.path());
    r.wait_for("the restored session", |s| {
        s.contains("READ")
            && !s.contains("indexing…")
            && without_status(s) == without_status(&at_end)
    });
    r.keys("'a");
    let screen = r.wait_for("back at mark a", |s| s.contains("mark 'a"));
    let rows = left_pane(&r.rows());
    let second_col = |l: &String| l.chars().nth(1).unwrap_or(' ');
    let mark_row = rows
        .iter()
        .position(|l| second_col(l) == 'a')
        .unwrap_or_else(|| panic!("mark letter in the gutter:\n{screen}"));
    let bar_rows: Vec<usize> = (0..rows.len())
        .filter(|&i| second_col(&rows[i]) == '┃')
        .collect();
    assert!(
        !bar_rows.is_empty() && bar_rows[0] == mark_row + 1,
        "highlight gutter marks below the mark letter:\n{screen}"
    );
    // The highlighted text (after the 3-column gutter) is drawn on green.
    assert_eq!(r.bg(mark_row as u16, 3), vt100::Color::Idx(2), "{screen}");
    assert_eq!(r.quit(), 0);
}

#[test]
fn a_footnote_jump_and_back_returns_to_the_same_screen() {
    let mut r = Reader::start(80, 24);
    r.wait_ready();
    // Document 000 has glued markers (`year.1`): select the first one.
    r.keys("]f");
    let before = r.wait_for("a marker selected", |s| s.contains("footnote [1]"));
    r.keys("\r");
    let note = r.wait_for("the note", |s| s.contains("note 1 —"));
    assert_ne!(without_status(&before), without_status(&note));
    assert!(note.contains("Mojahed Journal"), "{note}");
    r.keys("\x0f"); // C-o
    r.wait_for("the same screen as before the jump", |s| {
        without_status(s) == without_status(&before)
    });
    // A-o (Esc o in one write) goes forward again; Backspace back.
    r.keys("\x1bo");
    r.wait_for("the note again", |s| {
        s.contains("Mojahed Journal") && !s.contains("OPEN")
    });
    r.keys("\x7f");
    r.wait_for("back again", |s| {
        without_status(s) == without_status(&before)
    });
    assert_eq!(r.quit(), 0);
}

#[test]
fn fresh_ignores_the_saved_session() {
    let home = tempfile::tempdir().unwrap();
    let mut r = Reader::start_in(80, 24, home.path());
    let start = r.wait_ready();
    r.keys("G");
    r.wait_for("at the end", |s| s.contains("100%"));
    assert_eq!(r.quit(), 0);
    let mut r = Reader::start_in_with_args(80, 24, home.path(), &["--fresh"]);
    r.wait_for("the start screen", |s| {
        s.contains("READ")
            && !s.contains("indexing…")
            && without_status(s) == without_status(&start)
    });
    assert_eq!(r.quit(), 0);
}

/// Scrolls the focused pane line by line (`n` down, then `back` up); returns the bytes each
/// step wrote and the screen it ends on.
fn scroll_lines(r: &mut Reader, n: usize, back: usize) -> (Vec<usize>, String) {
    let mut costs = Vec::new();
    let mut screen = r.wait_for("a stable screen", |_| true);
    for key in std::iter::repeat_n("j", n).chain(std::iter::repeat_n("k", back)) {
        let before = r.bytes_written();
        r.keys(key);
        screen = r.wait_for("the pane to move", |s| s != screen);
        costs.push(r.bytes_written() - before);
    }
    (costs, screen)
}

/// What a person sees of a screen above the status line (a blank written and a blank never
/// written look the same).
fn visible(screen: &str) -> Vec<String> {
    without_status(screen)
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// The screen drawn from scratch in the same state: the terminal made narrower and back
/// (the reader clears it and writes every cell; the view is kept across the resize).
fn redrawn_screen(r: &mut Reader, cols: u16, rows: u16) -> String {
    let before = r.screen();
    r.resize(cols - 30, rows);
    r.wait_for("the narrow screen", |s| s != before);
    r.resize(cols, rows);
    r.wait_for("the screen redrawn", |s| s.contains("READ"))
}

/// One pane zoomed (`z`), or two stacked (`s`): panes as wide as the terminal, which any
/// terminal scrolls by itself.
#[test]
fn a_pane_as_wide_as_the_terminal_scrolls_by_the_terminal_and_shows_the_right_text() {
    for layout in ["z", "s"] {
        let home = tempfile::tempdir().unwrap();
        let mut r = Reader::start_in_with_args(100, 30, home.path(), &["--margins", "off"]);
        let first = r.wait_ready();
        r.keys(layout);
        r.wait_for("the new layout", |s| s != first);
        let (costs, scrolled) = scroll_lines(&mut r, 25, 7);
        let fresh = redrawn_screen(&mut r, 100, 30);
        assert_eq!(r.quit(), 0);
        // A scroll writes the new line (≤ 100 columns), the scroll itself and the status
        // changes; redrawing the pane would be ~2,500 bytes.
        let mut sorted = costs.clone();
        sorted.sort();
        let median = sorted[sorted.len() / 2];
        assert!(
            median < 250,
            "{layout}: median {median} B per line; all: {costs:?}"
        );
        assert_eq!(visible(&scrolled), visible(&fresh), "{layout}");
    }
}

#[test]
fn side_by_side_panes_without_margins_are_redrawn_and_show_the_right_text() {
    let home = tempfile::tempdir().unwrap();
    let mut r = Reader::start_in_with_args(100, 30, home.path(), &["--margins", "off"]);
    r.wait_ready();
    let (costs, scrolled) = scroll_lines(&mut r, 20, 5);
    let fresh = redrawn_screen(&mut r, 100, 30);
    assert_eq!(r.quit(), 0);
    // No margins: the pane's rows are rewritten, never scrolled by the terminal (which
    // would move the other pane's rows too).
    assert!(costs.iter().all(|&c| c > 300), "{costs:?}");
    assert_eq!(visible(&scrolled), visible(&fresh));
}

/// Over SSH nothing in the environment tells what the terminal can do: the reader asks it
/// (its answer to the margins probe), and scrolls side-by-side panes in margins only when it
/// has them.
#[test]
fn the_reader_asks_the_terminal_for_margins_and_scrolls_in_them_only_when_it_has_them() {
    for margins in [true, false] {
        let home = tempfile::tempdir().unwrap();
        let term = Term {
            margins,
            log: true,
            ..Term::default()
        };
        let mut r = Reader::spawn_in(term, 100, 30, home.path(), &[], &[], &[]);
        let first = r.wait_ready();
        let before = r.log.lock().unwrap().len();
        r.keys("j");
        r.wait_for("the pane to move", |s| s != first);
        let scroll = r.log.lock().unwrap()[before..].to_vec();
        assert_eq!(r.quit(), 0);
        let in_margins = scroll.windows(6).any(|w| w == b"\x1b[?69h");
        assert_eq!(in_margins, margins, "{}", String::from_utf8_lossy(&scroll));
        if margins {
            assert!(scroll.len() < 300, "{} B", scroll.len());
        } else {
            assert!(scroll.len() > 1000, "{} B", scroll.len());
        }
    }
}

/// The harness answers the margins probe the same whether the probe and its cursor request
/// come in one read or two (they are two writes; a read that split them once made the test
/// above fail one run in three).
#[test]
fn the_harness_answers_the_margins_probe_however_the_reads_fall() {
    let probe: &[u8] = b"\x1b[?69h\x1b[1;3s\x1b[1;1H    \x1b[6n";
    for cut in 0..=probe.len() {
        let mut parser = vt100::Parser::new(24, 80, 0);
        let (mut carry, mut recent) = (Vec::new(), Vec::new());
        let mut replies =
            process_answering(&mut parser, &mut carry, &mut recent, &probe[..cut], true);
        replies.extend(process_answering(
            &mut parser,
            &mut carry,
            &mut recent,
            &probe[cut..],
            true,
        ));
        assert_eq!(replies, vec![b"\x1b[2;2R".to_vec()], "cut at {cut}");
    }
    let mut parser = vt100::Parser::new(24, 80, 0);
    let replies = process_answering(&mut parser, &mut Vec::new(), &mut Vec::new(), probe, false);
    assert_eq!(replies, vec![b"\x1b[1;5R".to_vec()]);
}
