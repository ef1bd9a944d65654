//! The README's key table is the keymap's own table: a changed binding that the README does
//! not show fails here (the expected table is printed, ready to paste).

use synoptic::app::Keymap;

fn key_table() -> String {
    let mut table = String::from("| keys | command | what it does |\n|---|---|---|\n");
    for (keys, name, description) in Keymap::default().help_rows() {
        let keys = keys
            .split(", ")
            .map(|k| format!("`{}`", k.replace('|', "\\|")))
            .collect::<Vec<_>>()
            .join(" ");
        table.push_str(&format!("| {keys} | {name} | {description} |\n"));
    }
    table
}

#[test]
fn readme_key_table_is_the_keymap() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let table = key_table();
    assert!(
        readme.contains(&table),
        "the README's key table differs from the keymap; it should read:\n\n{table}"
    );
}
