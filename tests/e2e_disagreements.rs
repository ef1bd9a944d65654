//! End-to-end: the disagreements in the real reader (portable-pty + vt100). `D` lists the
//! seeds' founding-year conflict, Enter puts its two passages side by side, and the lines
//! holding the values carry the `≠` gutter mark. Waits have generous timeouts; nothing is
//! timed.

#![cfg(unix)]

mod common;

use common::pty::Reader;

#[test]
fn d_lists_the_disagreements_and_enter_shows_them_side_by_side() {
    let mut r = Reader::start(80, 24);
    r.wait_ready();
    r.keys("D");
    let list = r.wait_for("the disagreements list", |s| {
        s.contains("Where the sources disagree") && s.contains("DISAGREE")
    });
    assert!(
        list.contains("1963") && list.contains("1965"),
        "the founding year, both values:\n{list}"
    );
    r.keys("\r");
    let screen = r.wait_for("the passages side by side", |s| {
        s.contains("side by side") && s.contains("READ")
    });
    let rows = r.rows();
    let marked: Vec<&String> = rows.iter().filter(|l| l.contains('≠')).collect();
    let left = marked
        .iter()
        .any(|l| l.split('│').next().unwrap_or("").contains('≠'));
    let right = marked
        .iter()
        .any(|l| l.split_once('│').is_some_and(|(_, r)| r.contains('≠')));
    assert!(left && right, "a ≠ in each pane:\n{screen}");
    let values: Vec<&str> = ["1963", "1965"]
        .into_iter()
        .filter(|v| marked.iter().any(|l| l.contains(v)))
        .collect();
    assert_eq!(values.len(), 2, "both values on marked lines:\n{screen}");
    assert_eq!(r.quit(), 0);
}
