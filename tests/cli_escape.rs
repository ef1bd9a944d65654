//! A file named `\x1b]2;PWNED\x07.txt` (which would set the terminal's title) is printed
//! escaped by `dump` and `align`, as ripgrep does.

#![cfg(unix)]

use std::process::Command;

#[test]
fn control_characters_in_file_names_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let text = "The council met in the city and voted on the budget for the year.\n\n\
                The mayor spoke about roads, schools and the harbour at length.\n";
    std::fs::write(dir.path().join("\x1b]2;PWNED\x07.txt"), text).unwrap();
    std::fs::write(dir.path().join("plain.txt"), text).unwrap();
    for command in ["dump", "align"] {
        let out = Command::new(env!("CARGO_BIN_EXE_synoptic"))
            .arg(command)
            .arg(dir.path())
            .output()
            .unwrap();
        let all = [out.stdout, out.stderr].concat();
        let shown = String::from_utf8_lossy(&all);
        assert!(
            !all.contains(&0x1b) && !all.contains(&0x07),
            "{command}: {shown:?}"
        );
        if command == "dump" {
            assert!(shown.contains("\\x1b]2;PWNED\\x07"), "{command}: {shown}");
        }
    }
}
