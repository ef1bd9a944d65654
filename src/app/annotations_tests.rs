//! Key-string tests of footnotes, the jump list, highlights, marks, bookmarks and sessions.

use super::highlights::sentences;
use super::*;
use crate::annotations::anchor::Anchor;
use crate::annotations::{DocRef, Highlight};
use crate::corpus::{parse_files, SourceFile};

const FILLER: &str = "Filler words that only make the document long enough to scroll through \
    in a pane of an ordinary terminal, so that the notes are far below the text.";

/// A footnoted document (markers [1]–[4], note [3] an ibid, note [1] cited twice) followed
/// by the three-author test corpus.
fn footnoted() -> Corpus {
    let mut text = String::from("Footnoted history\n\nBy Dana Writer\n\n");
    text.push_str(
        "The first paragraph cites a source.[1] It has a second sentence. And a third one here.\n\n",
    );
    text.push_str(
        "The second paragraph cites another source.[2] Then more text follows. It cites again.[3]\n\n",
    );
    text.push_str("A third paragraph cites the first source again.[1] It closes the text.\n\n");
    for _ in 0..12 {
        text.push_str(FILLER);
        text.push_str("\n\n");
    }
    text.push_str("A last paragraph cites a fourth source.[4]\n\n");
    text.push_str("Notes\n\n[1] Smith, A history of things, p. 4.\n\n[2] Jones, Another book entirely.\n\n[3] Ibid., p. 5.\n\n[4] Brown, Collected papers, p. 9.\n");
    let mut c = parse_files(
        vec![SourceFile {
            path: "fn.txt".into(),
            relative: "fn.txt".into(),
            bytes: text.into_bytes(),
        }],
        None,
    );
    c.documents.extend(super::tests::corpus().documents);
    c
}

fn app() -> App {
    let c = footnoted();
    let index = AlignIndex::build(&c);
    let mut a = App::new(c, index, 80, 24);
    a.annotations.id_prefix = "a".into();
    update(&mut a, Action::Tick(1_700_000_000_000));
    a
}

fn top_offset(a: &App, i: usize) -> usize {
    a.panes[i].layout.offset_of(a.panes[i].scroll)
}

fn doc0(a: &App) -> &Document {
    &a.corpus.documents[a.panes[0].doc]
}

#[test]
fn the_test_document_has_markers_notes_and_an_ibid() {
    let a = app();
    let d = &a.corpus.documents[0];
    assert_eq!(d.markers.len(), 5);
    assert_eq!(d.notes.len(), 4);
    assert_eq!(d.notes[2].ibid_of, Some(1));
    assert_eq!(d.markers_citing(0).count(), 2);
}

#[test]
fn next_footnote_selects_markers_in_order_and_stops_at_the_end() {
    let mut a = app();
    let offsets: Vec<usize> = doc0(&a).markers.iter().map(|m| m.offset).collect();
    let order: Vec<usize> = (0..offsets.len()).collect();
    let mut seen = Vec::new();
    for _ in 0..offsets.len() {
        a.feed("]f");
        seen.push(a.panes[0].marker.unwrap());
        // The selected marker is on screen.
        assert!(a.offset_visible(0, offsets[*seen.last().unwrap()]));
    }
    assert_eq!(seen, order);
    a.feed("]f");
    assert_eq!(a.panes[0].marker, Some(4), "stays on the last");
    assert!(a
        .status
        .as_deref()
        .unwrap()
        .contains("no footnote marker below"));
    a.feed("[f[f");
    assert_eq!(a.panes[0].marker, Some(2));
    // A document without markers says so.
    a.feed("<Tab>]f");
    assert!(a.status.as_deref().unwrap().contains("no footnote markers"));
}

#[test]
fn footnote_jump_and_back_return_to_the_same_top_line() {
    let mut a = app();
    a.feed("jj]f]f");
    let before_scroll = a.panes[0].scroll;
    let before_top = top_offset(&a, 0);
    let before_cursor = a.panes[0].cursor;
    assert_eq!(a.panes[0].marker, Some(1));
    a.feed("<Enter>");
    // At note [2], flashed, the note block under the cursor.
    let d = doc0(&a);
    let note_block = d.notes[1].block;
    assert_eq!(a.cursor_block(0), Some(note_block));
    assert_eq!(
        a.panes[0].flash.as_ref().map(|(r, _)| r.clone()),
        Some(d.blocks[note_block].range.clone())
    );
    assert!(a.panes[0].scroll > before_scroll + 10);
    // A key ends the flash; C-o goes back to the same top line, cursor and marker.
    a.feed("<C-o>");
    assert!(a.panes[0].flash.is_none());
    assert_eq!(a.panes[0].scroll, before_scroll);
    assert_eq!(top_offset(&a, 0), before_top);
    assert_eq!(a.panes[0].cursor, before_cursor);
    assert_eq!(a.panes[0].marker, Some(1));
    // Forward again with C-i (or A-o), back with Backspace.
    a.feed("<C-i>");
    assert_eq!(a.cursor_block(0), Some(note_block));
    a.feed("<BS>");
    assert_eq!(a.panes[0].scroll, before_scroll);
    a.feed("<A-o>");
    assert_eq!(a.cursor_block(0), Some(note_block));
    // Enter on a note goes back to the marker citing it.
    a.feed("<Enter>");
    assert_eq!(a.panes[0].marker, Some(1));
    let m = doc0(&a).markers[1].offset;
    assert!(a.offset_visible(0, m));
}

#[test]
fn the_flash_ends_after_a_tick() {
    let mut a = app();
    a.feed("]f<Enter>");
    assert!(a.flashing());
    let now = a.now_ms;
    update(&mut a, Action::Tick(now + FLASH_MS / 2));
    assert!(a.flashing());
    let r = a.revision;
    update(&mut a, Action::Tick(now + FLASH_MS));
    assert!(!a.flashing());
    assert!(a.revision > r, "redrawn without the flash");
}

#[test]
fn k_previews_the_note_with_its_ibid_and_lists_citing_markers() {
    let mut a = app();
    a.feed("]f]f]fK");
    let Some(Overlay::Footnote(FootnotePreview {
        note,
        citing,
        selected,
        ..
    })) = a.overlay.clone()
    else {
        panic!("note popup: {:?}", a.overlay)
    };
    assert_eq!(note, 2, "marker [3] cites note [3]");
    assert_eq!(doc0(&a).notes[note].ibid_of, Some(1), "an ibid of [2]");
    assert_eq!(citing, vec![2]);
    assert_eq!(selected, None);
    let scroll = a.panes[0].scroll;
    a.feed("<Esc>");
    assert!(a.overlay.is_none());
    assert_eq!(a.panes[0].scroll, scroll, "K does not move");
    // On a note, K lists the markers citing it; Enter jumps to the chosen one.
    a.feed("g]f<Enter>K");
    let Some(Overlay::Footnote(FootnotePreview {
        note,
        citing,
        selected,
        ..
    })) = a.overlay.clone()
    else {
        panic!("cited-by popup")
    };
    assert_eq!(note, 0);
    assert_eq!(citing, vec![0, 3], "[1] is cited twice");
    assert_eq!(selected, Some(0));
    a.feed("j<Enter>");
    assert!(a.overlay.is_none());
    assert_eq!(a.panes[0].marker, Some(3));
    assert!(a.offset_visible(0, doc0(&a).markers[3].offset));
    // Back through the jump list: the note, then where we started.
    a.feed("<C-o>");
    assert_eq!(a.cursor_block(0), Some(doc0(&a).notes[0].block));
}

#[test]
fn a_click_on_a_marker_follows_it() {
    let mut a = app();
    let m = doc0(&a).markers[0].clone();
    let line = a.panes[0].layout.line_of(m.offset);
    let l = &a.panes[0].layout.lines[line];
    let col = crate::wrap::str_width(&doc0(&a).text[l.range.start..m.offset]) as u16;
    let g = a.geometry()[0];
    let row = g.text.y + (line - a.panes[0].scroll) as u16;
    update(
        &mut a,
        Action::Mouse(Mouse {
            kind: MouseKind::Click,
            column: g.text.x + col,
            row,
        }),
    );
    assert_eq!(a.cursor_block(0), Some(doc0(&a).notes[0].block));
}

/// The sentence texts of a range.
fn text_of(a: &App, doc: usize, r: &Range<usize>) -> String {
    a.corpus.documents[doc].text[r.clone()].to_string()
}

#[test]
fn v_selects_by_sentence_colours_and_saves() {
    let mut a = app();
    // The cursor starts on the first paragraph.
    let b = a.cursor_block(0).unwrap();
    let sents = sentences(doc0(&a), b, a.abbreviations());
    assert_eq!(sents.len(), 3);
    assert!(
        text_of(&a, 0, &sents[0]).ends_with("source.[1]"),
        "a glued marker ends its sentence: {:?}",
        text_of(&a, 0, &sents[0])
    );
    a.feed("v");
    let Some(Overlay::Select(sel)) = a.overlay.clone() else {
        panic!("selecting")
    };
    assert_eq!(sel.range(), sents[0]);
    assert_eq!(a.mode(), "SELECT");
    a.feed("jj");
    let Some(Overlay::Select(sel)) = a.overlay.clone() else {
        panic!()
    };
    assert_eq!(sel.range(), sents[0].start..sents[2].end);
    a.feed("k3");
    let Some(Overlay::Select(sel)) = a.overlay.clone() else {
        panic!()
    };
    assert_eq!(sel.range(), sents[0].start..sents[1].end);
    assert_eq!(sel.color, 3);
    let effects = a.feed("<Enter>");
    assert!(effects.contains(&Effect::SaveAnnotations), "saved at once");
    assert!(a.overlay.is_none());
    assert_eq!(a.annotations.data.highlights.len(), 1);
    let h = &a.annotations.data.highlights[0];
    assert_eq!(h.color, 3);
    assert_eq!(
        h.anchor.quote,
        text_of(&a, 0, &(sents[0].start..sents[1].end))
    );
    assert!(h.anchor.quote.starts_with("The first paragraph"));
    assert!(h.anchor.quote.ends_with("second sentence."));
    assert_eq!(h.id, format!("{:x}-a-1", 1_700_000_000u64));
    assert_eq!(h.updated, 1_700_000_000);
    // Indexed for drawing.
    assert_eq!(a.annotations.located.by_doc[0].len(), 1);
    // Esc cancels a selection.
    a.feed("v2<Esc>");
    assert_eq!(a.annotations.data.highlights.len(), 1);
}

#[test]
fn a_selection_can_grow_backwards_and_into_the_next_paragraph() {
    let mut a = app();
    let b = a.cursor_block(0).unwrap();
    let next = sentences(doc0(&a), b + 1, a.abbreviations());
    a.feed("vjjj");
    let Some(Overlay::Select(sel)) = a.overlay.clone() else {
        panic!()
    };
    assert_eq!(
        sel.range().end,
        next[0].end,
        "crosses into the next paragraph"
    );
    a.feed("<Esc>}}v");
    let Some(Overlay::Select(start)) = a.overlay.clone() else {
        panic!()
    };
    a.feed("k");
    let Some(Overlay::Select(sel)) = a.overlay.clone() else {
        panic!()
    };
    assert!(sel.range().start < start.anchor.start);
    assert_eq!(sel.range().end, start.anchor.end);
}

#[test]
fn note_edit_delete_and_undo() {
    let mut a = app();
    a.feed("}v<Enter>");
    let id = a.annotations.data.highlights[0].id.clone();
    let effects = a.feed("cSee chapter 2<Enter>");
    assert!(effects.contains(&Effect::SaveAnnotations));
    assert_eq!(a.annotations.data.highlights[0].note, "See chapter 2");
    // Editing again starts from the note; Esc keeps it.
    a.feed("c<BS><BS>X<Esc>");
    assert_eq!(a.annotations.data.highlights[0].note, "See chapter 2");
    let effects = a.feed("d");
    assert!(effects.contains(&Effect::SaveAnnotations));
    assert!(a.annotations.data.highlights.is_empty());
    assert!(a.annotations.data.deleted.contains(&id));
    assert!(a.annotations.located.by_doc[0].is_empty());
    let effects = a.feed("u");
    assert!(effects.contains(&Effect::SaveAnnotations));
    assert_eq!(a.annotations.data.highlights.len(), 1);
    let back = &a.annotations.data.highlights[0];
    assert_eq!(back.note, "See chapter 2");
    assert_ne!(
        back.id, id,
        "a new id: the saved deletion cannot win a merge"
    );
    assert_eq!(a.annotations.located.by_doc[0].len(), 1);
    a.feed("u");
    assert!(a.status.as_deref().unwrap().contains("nothing to undo"));
}

#[test]
fn bracket_h_steps_through_highlights() {
    let mut a = app();
    a.feed("}v<Enter>}}v2<Enter>");
    assert_eq!(a.annotations.data.highlights.len(), 2);
    a.feed("[h");
    assert_eq!(
        a.panes[0].highlight.as_deref(),
        Some(a.annotations.data.highlights[0].id.as_str())
    );
    a.feed("]h");
    assert_eq!(
        a.panes[0].highlight.as_deref(),
        Some(a.annotations.data.highlights[1].id.as_str())
    );
    a.feed("[h");
    assert_eq!(
        a.panes[0].highlight.as_deref(),
        Some(a.annotations.data.highlights[0].id.as_str())
    );
    // `c` edits the selected highlight's note.
    a.feed("cfirst<Enter>");
    assert_eq!(a.annotations.data.highlights[0].note, "first");
}

#[test]
fn h_lists_highlights_of_all_documents_and_jumps() {
    let mut a = app();
    a.feed("}v<Enter><Tab>}}v4<Enter><S-Tab>");
    assert_eq!(a.annotations.data.highlights.len(), 2);
    // An orphan: its quote is in no document.
    let mut orphan = a.annotations.data.highlights[0].clone();
    orphan.id = "orphan".into();
    orphan.anchor.quote = "words that appear nowhere in this corpus at all".into();
    a.annotations.data.highlights.push(orphan);
    a.reindex_annotations();
    let rows = a.highlight_rows();
    assert_eq!(rows.len(), 3);
    assert!(a.annotations.located.highlights[*rows.last().unwrap()].is_orphan());
    a.feed("H");
    assert_eq!(a.mode(), "HIGHLIGHTS");
    a.feed("j<Enter>");
    assert!(a.overlay.is_none());
    let other = a.annotations.located.highlights[rows[1]].doc.unwrap();
    // The one jump rule: the pane that shows the document (the right one) takes the jump.
    assert_eq!(a.panes[1].doc, other);
    assert_eq!(a.focus, 1, "the pane showing the document");
    assert_eq!(a.panes[1].jumps.entries().len(), 1);
    assert_ne!(a.panes[0].doc, other, "the focused pane is not replaced");
    a.feed("<S-Tab>");
    // An orphan cannot be opened: the list stays with a message.
    a.feed("HG<Enter>");
    assert_eq!(a.mode(), "HIGHLIGHTS");
    assert!(a.status.as_deref().unwrap().contains("no longer"));
}

#[test]
fn marks_set_jump_and_quote_quote_returns() {
    let mut a = app();
    a.feed("}}");
    let marked_top = top_offset(&a, 0);
    let effects = a.feed("ma");
    assert!(effects.contains(&Effect::SaveAnnotations));
    assert_eq!(a.annotations.data.bookmarks.len(), 1);
    assert_eq!(a.annotations.data.bookmarks[0].mark, Some('a'));
    a.feed("G");
    let end_top = top_offset(&a, 0);
    a.feed("'a");
    assert_eq!(top_offset(&a, 0), marked_top);
    a.feed("''");
    assert_eq!(top_offset(&a, 0), end_top, "'' goes back");
    a.feed("''");
    assert_eq!(top_offset(&a, 0), marked_top, "and forth");
    // Setting the mark again moves it (one mark per letter).
    a.feed("jjjjma");
    assert_eq!(
        a.annotations
            .data
            .bookmarks
            .iter()
            .filter(|b| b.mark == Some('a'))
            .count(),
        1
    );
    // A mark in a document another pane shows: that pane takes the jump.
    a.feed("<Tab>}mb<S-Tab>'b");
    assert_eq!(a.focus, 1);
    assert_ne!(a.panes[0].doc, a.panes[1].doc);
    a.feed("'z");
    assert!(a.status.as_deref().unwrap().contains("not set"));
}

#[test]
fn named_bookmarks_are_listed_renamed_and_deleted() {
    let mut a = app();
    a.feed("}}");
    let top = top_offset(&a, 0);
    let effects = a.feed("MCamp section<Enter>");
    assert!(effects.contains(&Effect::SaveAnnotations));
    assert_eq!(
        a.annotations.data.bookmarks[0].name.as_deref(),
        Some("Camp section")
    );
    a.feed("ma");
    // Marks first, then named bookmarks.
    let rows = a.bookmark_rows();
    assert_eq!(a.annotations.data.bookmarks[rows[0]].mark, Some('a'));
    a.feed("GBj<Enter>");
    assert!(a.overlay.is_none());
    assert_eq!(top_offset(&a, 0), top);
    a.feed("Bjr<C-u>Renamed<Enter>");
    assert_eq!(a.mode(), "BOOKMARKS", "back to the list after renaming");
    a.feed("<Esc>");
    assert!(a
        .annotations
        .data
        .bookmarks
        .iter()
        .any(|b| b.name.as_deref() == Some("Renamed")));
    a.feed("Bd<Esc>");
    assert_eq!(a.annotations.data.bookmarks.len(), 1);
    assert!(
        a.annotations.data.bookmarks[0].mark.is_none(),
        "the mark was deleted"
    );
    a.feed("u");
    assert_eq!(a.annotations.data.bookmarks.len(), 2);
}

#[test]
fn session_round_trips_through_notes_state() {
    let mut a = app();
    a.feed("<C-d>jj<Tab>+o");
    a.feed("third<Enter>jjjf");
    let want: Vec<(usize, usize)> = (0..a.panes.len())
        .map(|i| (a.panes[i].doc, top_offset(&a, i)))
        .collect();
    assert_eq!(want.len(), 3);
    a.capture_session();
    let json = serde_json::to_string(&a.annotations.data).unwrap();
    let state: Annotations = serde_json::from_str(&json).unwrap();
    let mut b = app();
    b.load_annotations(state.clone(), true);
    let got: Vec<(usize, usize)> = (0..b.panes.len())
        .map(|i| (b.panes[i].doc, top_offset(&b, i)))
        .collect();
    assert_eq!(got, want);
    assert_eq!(b.focus, a.focus);
    assert!(b.alignment.follow);
    // --fresh: the saved session is ignored.
    let mut c = app();
    c.load_annotations(state, false);
    assert_eq!(c.panes.len(), 2);
    assert_eq!(top_offset(&c, 0), 0);
}

#[test]
fn export_writes_markdown_through_an_effect() {
    let mut a = app();
    a.feed("v<Enter>cA note<Enter>");
    let effects = a.feed(":export<Enter>");
    let Some(Effect::Export { path, text, .. }) = effects.first() else {
        panic!("{effects:?}")
    };
    assert_eq!(path, &std::path::PathBuf::from("synoptic-notes.md"));
    assert!(text.contains("The first paragraph cites a source"));
    assert!(text.contains("A note"));
    let effects = a.feed(":export /tmp/x y.md<Enter>");
    assert!(matches!(&effects[0], Effect::Export { path, .. } if path.ends_with("x y.md")));
    a.feed(":frobnicate<Enter>");
    assert!(a.status.as_deref().unwrap().contains("unknown command"));
    assert_eq!(a.feed(":q<Enter>"), vec![Effect::Quit]);
}

#[test]
fn adopting_a_merged_state_shows_another_instances_highlights() {
    let mut a = app();
    let d = &a.corpus.documents[0];
    let r = d.text.find("It closes the text.").unwrap();
    let theirs = Highlight {
        id: "other-1".into(),
        doc: DocRef::of(d),
        anchor: Anchor::capture(&d.text, r..r + "It closes the text.".len()),
        color: 2,
        note: String::new(),
        updated: 1,
    };
    let mut merged = a.annotations.data.clone();
    merged.highlights.push(theirs);
    update(&mut a, Action::AnnotationsSaved(Ok(Box::new(merged))));
    assert_eq!(a.annotations.located.by_doc[0].len(), 1);
    assert_eq!(a.annotations.located.by_doc[0][0].0.start, r);
    update(
        &mut a,
        Action::AnnotationsSaved(Err("cannot save annotations to /x: read-only".into())),
    );
    assert!(a.status.as_deref().unwrap().contains("read-only"));
    // The failure stays known after the message goes, until a save works.
    a.feed("j");
    assert!(a.annotations.save_error.is_some());
    let notes = a.annotations.data.clone();
    update(&mut a, Action::AnnotationsSaved(Ok(Box::new(notes))));
    assert!(a.annotations.save_error.is_none());
}

/// Two instances (two Apps, each with its own Store on the same file) adding highlights at
/// the same time lose nothing.
#[test]
fn two_instances_saving_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    const EACH: usize = 15;
    let handles: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|who| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut app = app();
                app.annotations.id_prefix = who.into();
                let store = crate::annotations::store::Store::new(&path, "k");
                for _ in 0..EACH {
                    for effect in app.feed("}v<Enter>") {
                        if effect == Effect::SaveAnnotations {
                            let merged = store.save(&app.annotations.data).map(Box::new);
                            update(
                                &mut app,
                                Action::AnnotationsSaved(merged.map_err(|e| e.to_string())),
                            );
                        }
                    }
                }
                let merged = store.save(&app.annotations.data).unwrap();
                update(&mut app, Action::AnnotationsSaved(Ok(Box::new(merged))));
                app.annotations.data.highlights.len()
            })
        })
        .collect();
    let seen: Vec<usize> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let disk = crate::annotations::store::Store::new(&path, "k")
        .load()
        .state;
    assert_eq!(disk.highlights.len(), 2 * EACH);
    let mut ids: Vec<&str> = disk.highlights.iter().map(|h| h.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2 * EACH, "ids are unique across instances");
    // The instance that saved last has everything.
    assert!(seen.contains(&(2 * EACH)));
}

#[test]
fn every_notes_key_is_in_the_help() {
    let a = app();
    let rows = a.keymap.help_rows();
    for name in [
        "next_footnote",
        "prev_footnote",
        "follow_note",
        "preview_note",
        "jump_back",
        "jump_forward",
        "select",
        "edit_note",
        "delete_highlight",
        "undo",
        "next_highlight",
        "prev_highlight",
        "list_highlights",
        "set_mark",
        "goto_mark",
        "add_bookmark",
        "list_bookmarks",
        "command_line",
    ] {
        assert!(rows.iter().any(|(_, n, _)| *n == name), "{name} in help");
    }
    let keys = rows
        .iter()
        .find(|(_, n, _)| *n == "jump_forward")
        .unwrap()
        .0
        .clone();
    assert!(keys.contains("C-i") && keys.contains("A-o"), "{keys}");
}

/// Issue 20, item 2: `q` with annotations that could not be saved says what and where, and
/// does not quit; `q` again, or `:q!`, quits. Nothing unsaved: `q` quits at once.
#[test]
fn quitting_with_unsaved_annotations_asks_first() {
    let mut a = app();
    a.feed("}v<Enter>");
    assert_eq!(a.annotations.data.highlights.len(), 1, "{:?}", a.status);
    update(
        &mut a,
        Action::AnnotationsSaved(Err(
            "cannot save annotations to /data/k.json: Read-only file system".into(),
        )),
    );
    assert_eq!(a.unsaved_work().as_deref(), Some("1 highlight"));
    assert_eq!(a.feed("q"), vec![]);
    let status = a.status.clone().unwrap();
    assert!(status.contains("1 highlight not saved"), "{status}");
    assert!(status.contains("/data/k.json"), "{status}");
    assert!(status.contains(":q!"), "{status}");
    assert_eq!(a.feed("q"), vec![Effect::Quit]);

    let mut b = app();
    b.feed("}v<Enter>");
    update(&mut b, Action::AnnotationsSaved(Err("disk full".into())));
    assert_eq!(b.feed(":q<Enter>"), vec![]);
    assert_eq!(b.feed(":q!<Enter>"), vec![Effect::Quit]);

    // Saved: no question.
    let mut c = app();
    c.feed("}v<Enter>");
    let saved = c.annotations.data.clone();
    update(&mut c, Action::AnnotationsSaved(Ok(Box::new(saved))));
    assert_eq!(c.unsaved_work(), None);
    assert_eq!(c.feed("q"), vec![Effect::Quit]);
}
