//! The picker (`o`) and the corpus search (`F`) say what is still loading (issue 25), and
//! stop saying it once the whole corpus is in.

use std::sync::Arc;
use synoptic::app::{update, Action, App, Loading};
use synoptic::corpus::{embedded_seeds, Corpus};
use synoptic::ui::render_to_buffer;

fn text(app: &App) -> String {
    let buf = render_to_buffer(app);
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_picker_and_the_corpus_search_say_what_is_loading() {
    let full = Arc::new(embedded_seeds());
    let first = Corpus {
        documents: full.documents[..2].to_vec(),
        ..Corpus::default()
    };
    let mut app = App::indexing(first, 100, 30);
    app.loading = Some(Loading { done: 1, total: 5 });
    for key in ["o", "F"] {
        app.feed(key);
        assert!(
            text(&app).contains("loading 1 of 5 files…"),
            "{key}:\n{}",
            text(&app)
        );
        update(&mut app, Action::Loading { done: 4, total: 5 });
        assert!(text(&app).contains("loading 4 of 5 files…"));
        app.feed("<Esc>");
        app.loading = Some(Loading { done: 1, total: 5 });
    }
    app.feed("o");
    assert!(text(&app).contains("2 of 2 documents"));
    update(
        &mut app,
        Action::CorpusLoaded(Arc::clone(&full), Vec::new()),
    );
    let after = text(&app);
    assert!(!after.contains("loading"), "{after}");
    assert!(after.contains(&format!("of {} documents", full.documents.len())));
}
