//! Key bindings as data: one table maps key sequences to named commands.
//!
//! The same table dispatches keys, generates the help overlay and the status-line hints, so
//! what the user reads is what the keys do. Defaults live in `assets/keymap.toml`; a user file
//! with the same format is merged over them.

use std::collections::BTreeMap;
use std::fmt;

/// A key press, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Alt(char),
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Tab,
    BackTab,
    Enter,
    Esc,
    Backspace,
    Delete,
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Char(' ') => f.write_str("Space"),
            Key::Char(c) => write!(f, "{c}"),
            Key::Ctrl(c) => write!(f, "C-{c}"),
            Key::Alt(c) => write!(f, "A-{c}"),
            Key::Up => f.write_str("Up"),
            Key::Down => f.write_str("Down"),
            Key::Left => f.write_str("Left"),
            Key::Right => f.write_str("Right"),
            Key::PageUp => f.write_str("PgUp"),
            Key::PageDown => f.write_str("PgDn"),
            Key::Home => f.write_str("Home"),
            Key::End => f.write_str("End"),
            Key::Tab => f.write_str("Tab"),
            Key::BackTab => f.write_str("S-Tab"),
            Key::Enter => f.write_str("Enter"),
            Key::Esc => f.write_str("Esc"),
            Key::Backspace => f.write_str("BS"),
            Key::Delete => f.write_str("Del"),
        }
    }
}

/// Formats a key sequence for display (`]]`, `C-d`, `g g`).
pub fn format_keys(keys: &[Key]) -> String {
    if keys.iter().all(|k| matches!(k, Key::Char(c) if *c != ' ')) {
        keys.iter().map(|k| k.to_string()).collect()
    } else {
        keys.iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Parses key notation: printable characters stand for themselves, special keys are written
/// in angle brackets (`<C-d>`, `<S-Tab>`, `<Down>`, `<Space>`, `<lt>` for `<`).
pub fn parse_keys(s: &str) -> Result<Vec<Key>, String> {
    let mut keys = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' && s.len() > 1 {
            let mut name = String::new();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '>' {
                    closed = true;
                    break;
                }
                name.push(c);
            }
            if !closed {
                return Err(format!("unclosed '<' in key {s:?}"));
            }
            keys.push(parse_named(&name).ok_or_else(|| format!("unknown key <{name}>"))?);
        } else if c.is_control() {
            return Err(format!("control character in key {s:?}"));
        } else {
            keys.push(Key::Char(c));
        }
    }
    if keys.is_empty() {
        return Err("empty key".into());
    }
    Ok(keys)
}

fn parse_named(name: &str) -> Option<Key> {
    let lower = name.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("c-") {
        let orig = &name[2..];
        let mut it = orig.chars();
        return match (it.next(), it.next()) {
            (Some(c), None) => Some(Key::Ctrl(c.to_ascii_lowercase())),
            _ if rest == "space" => Some(Key::Ctrl(' ')),
            _ => None,
        };
    }
    if lower.starts_with("a-") || lower.starts_with("m-") {
        let mut it = name[2..].chars();
        return match (it.next(), it.next()) {
            (Some(c), None) => Some(Key::Alt(c)),
            _ => None,
        };
    }
    Some(match lower.as_str() {
        "up" => Key::Up,
        "down" => Key::Down,
        "left" => Key::Left,
        "right" => Key::Right,
        "pageup" | "pgup" => Key::PageUp,
        "pagedown" | "pgdn" | "pgdown" => Key::PageDown,
        "home" => Key::Home,
        "end" => Key::End,
        "tab" => Key::Tab,
        "s-tab" | "backtab" => Key::BackTab,
        "enter" | "cr" | "return" => Key::Enter,
        "esc" | "escape" => Key::Esc,
        "space" => Key::Char(' '),
        "bs" | "backspace" => Key::Backspace,
        "del" | "delete" => Key::Delete,
        "lt" => Key::Char('<'),
        "gt" => Key::Char('>'),
        _ => return None,
    })
}

macro_rules! commands {
    ($($variant:ident $name:literal $hint:expr, $desc:literal;)*) => {
        /// A command the user can bind to keys.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Command { $($variant),* }

        impl Command {
            /// Every command, in help order.
            pub const ALL: &'static [Command] = &[$(Command::$variant),*];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self { $(Command::$variant => $name),* }
            }

            /// One-line description for the help overlay.
            pub fn description(self) -> &'static str {
                match self { $(Command::$variant => $desc),* }
            }

            /// Short label for the status-line hints, if the command is worth a hint.
            pub fn hint(self) -> Option<&'static str> {
                match self { $(Command::$variant => $hint),* }
            }

            pub fn from_name(name: &str) -> Option<Command> {
                match name { $($name => Some(Command::$variant),)* _ => None }
            }
        }
    };
}

commands! {
    ScrollDown "scroll_down" None, "Scroll down one line";
    ScrollUp "scroll_up" None, "Scroll up one line";
    HalfPageDown "half_page_down" None, "Scroll down half a page";
    HalfPageUp "half_page_up" None, "Scroll up half a page";
    PageDown "page_down" None, "Scroll down a page";
    PageUp "page_up" None, "Scroll up a page";
    GotoStart "goto_start" None, "Go to the start of the document";
    GotoEnd "goto_end" None, "Go to the end of the document";
    NextPassage "next_passage" None, "Next passage";
    PrevPassage "prev_passage" None, "Previous passage";
    NextHeading "next_heading" None, "Next heading";
    PrevHeading "prev_heading" None, "Previous heading";
    Outline "outline" None, "Outline: the headings and articles of the document";
    FocusNext "focus_next" None, "Focus the next pane";
    FocusPrev "focus_prev" None, "Focus the previous pane";
    FocusLeft "focus_left" None, "Focus the pane to the left (or above)";
    FocusRight "focus_right" None, "Focus the pane to the right (or below)";
    OpenDocument "open_document" Some("open"), "Pick a document for the focused pane";
    AddPane "add_pane" None, "Add a pane";
    RemovePane "remove_pane" None, "Remove the focused pane";
    ToggleZoom "toggle_zoom" None, "Zoom the focused pane / back";
    ToggleLayout "toggle_layout" None, "Panes side by side / one above the other";
    Align "align" Some("align"), "Bring the best match of the cursor passage into every other pane";
    NextCandidate "next_candidate" None, "Bring the next best match into every other pane (2nd, 3rd, … of 5)";
    PrevCandidate "prev_candidate" None, "Back to the better match in every other pane";
    ToggleFollow "toggle_follow" Some("follow"), "Follow mode: other panes keep the best match in view";
    TopicMap "topic_map" Some("topics"), "Topic map: which authors treat which topic";
    Pin "pin" None, "Pin the matches shown as parallels (2p: pane 2's; again: unpin)";
    MarkNothing "mark_nothing" None, "Mark: no other document speaks of this passage (2x: pane 2's)";
    WhyMatch "why_match" None, "Why this match: shared words, and the document's best 5";
    ListDisagreements "list_disagreements" None, "Where the sources disagree on facts (Enter: side by side)";
    OtherSources "other_sources" None, "What the other sources say of this passage's facts (≠)";
    Search "search" Some("find"), "Search the focused document";
    SearchNext "search_next" None, "Next search match";
    SearchPrev "search_prev" None, "Previous search match";
    SearchCorpus "search_corpus" None, "Search the whole corpus";
    NextFootnote "next_footnote" None, "Select the next footnote marker";
    PrevFootnote "prev_footnote" None, "Select the previous footnote marker";
    FollowNote "follow_note" None, "Go to the selected marker's note (on a note: back to its marker)";
    PreviewNote "preview_note" None, "Preview the selected marker's note; on a note: markers citing it";
    JumpBack "jump_back" None, "Back to where you were before the last jump";
    JumpForward "jump_forward" None, "Forward again in the jump list (C-i where the terminal tells it from Tab)";
    Select "select" Some("highlight"), "Highlight: select by sentence (j/k extend, 1-5 colour, Enter saves)";
    EditNote "edit_note" None, "Edit the note of the highlight at the cursor";
    DeleteHighlight "delete_highlight" None, "Delete the highlight at the cursor";
    Undo "undo" None, "Undo the last deletion";
    NextHighlight "next_highlight" None, "Next highlight in this pane";
    PrevHighlight "prev_highlight" None, "Previous highlight in this pane";
    ListHighlights "list_highlights" Some("highlights"), "List all highlights of the corpus";
    SetMark "set_mark" None, "Set a mark at the cursor passage (then type its letter)";
    GotoMark "goto_mark" None, "Go to a mark (then type its letter; '' goes back where you were)";
    AddBookmark "add_bookmark" None, "Add a named bookmark at the cursor passage";
    ListBookmarks "list_bookmarks" None, "List bookmarks and marks: jump, rename, delete";
    CommandLine "command_line" None, "Command line (:export [file], :N, :N%, :e PATH, :w, :q, :q!)";
    Help "help" Some("help"), "Show this help";
    Quit "quit" Some("quit"), "Quit";
}

/// The built-in bindings.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// What a key sequence means so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Command(Command),
    /// A prefix of one or more bindings: wait for more keys.
    Prefix,
    None,
}

/// The binding table: key sequences → commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Vec<Key>, Command>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::parse(DEFAULT_KEYMAP).expect("the built-in keymap is valid")
    }
}

impl Keymap {
    /// Parses a keymap file (a `[normal]` table of `"keys" = "command"`).
    pub fn parse(source: &str) -> Result<Keymap, String> {
        let mut map = Keymap {
            bindings: BTreeMap::new(),
        };
        map.merge(source)?;
        Ok(map)
    }

    /// Merges a user keymap over this one; `"none"` unbinds a key. On error nothing changes.
    pub fn merge(&mut self, source: &str) -> Result<(), String> {
        let value: toml::Table = source.parse().map_err(|e: toml::de::Error| {
            e.message()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .to_string()
        })?;
        let mut next = self.bindings.clone();
        for (section, table) in value {
            if section != "normal" {
                return Err(format!("unknown section [{section}] (expected [normal])"));
            }
            let table = table
                .as_table()
                .ok_or_else(|| format!("[{section}] must be a table"))?;
            for (keys, command) in table {
                let seq = parse_keys(keys)?;
                let name = command
                    .as_str()
                    .ok_or_else(|| format!("the command for {keys:?} must be a string"))?;
                if name == "none" {
                    next.remove(&seq);
                    continue;
                }
                let command =
                    Command::from_name(name).ok_or_else(|| format!("unknown command {name:?}"))?;
                next.insert(seq, command);
            }
        }
        // A binding that is a strict prefix of another could never be reached.
        let keys: Vec<&Vec<Key>> = next.keys().collect();
        for a in &keys {
            for b in &keys {
                if a.len() < b.len() && b.starts_with(a) {
                    return Err(format!(
                        "{:?} hides {:?} (one is a prefix of the other)",
                        format_keys(a),
                        format_keys(b)
                    ));
                }
            }
        }
        self.bindings = next;
        Ok(())
    }

    /// What the keys typed so far mean.
    pub fn lookup(&self, keys: &[Key]) -> Lookup {
        if let Some(c) = self.bindings.get(keys) {
            return Lookup::Command(*c);
        }
        let prefix = self
            .bindings
            .range(keys.to_vec()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(keys));
        if prefix {
            Lookup::Prefix
        } else {
            Lookup::None
        }
    }

    /// The key sequences bound to `command`, in table order.
    pub fn keys_for(&self, command: Command) -> Vec<&[Key]> {
        let mut keys: Vec<&[Key]> = self
            .bindings
            .iter()
            .filter(|(_, c)| **c == command)
            .map(|(k, _)| k.as_slice())
            .collect();
        // Printable keys first: they are what people type.
        keys.sort_by_key(|k| (!matches!(k[0], Key::Char(_)), k.len()));
        keys
    }

    /// Every binding.
    pub fn bindings(&self) -> impl Iterator<Item = (&[Key], Command)> {
        self.bindings.iter().map(|(k, c)| (k.as_slice(), *c))
    }

    /// Help rows generated from the table: (keys, command name, description).
    pub fn help_rows(&self) -> Vec<(String, &'static str, &'static str)> {
        Command::ALL
            .iter()
            .filter_map(|&c| {
                let keys = self.keys_for(c);
                if keys.is_empty() {
                    return None;
                }
                let keys = keys
                    .iter()
                    .map(|k| format_keys(k))
                    .collect::<Vec<_>>()
                    .join(", ");
                Some((keys, c.name(), c.description()))
            })
            .collect()
    }

    /// Status-line hints generated from the table: `?:help o:open …`.
    pub fn hints(&self) -> Vec<String> {
        Command::ALL
            .iter()
            .filter_map(|&c| {
                let hint = c.hint()?;
                let keys = self.keys_for(c);
                let first = keys.first()?;
                Some(format!("{}:{hint}", format_keys(first)))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_notation() {
        assert_eq!(parse_keys("]]").unwrap(), vec![Key::Char(']'); 2]);
        assert_eq!(parse_keys("<C-d>").unwrap(), vec![Key::Ctrl('d')]);
        assert_eq!(parse_keys("<S-Tab>").unwrap(), vec![Key::BackTab]);
        assert_eq!(parse_keys("<").unwrap(), vec![Key::Char('<')]);
        assert_eq!(parse_keys("<Space>").unwrap(), vec![Key::Char(' ')]);
        assert!(parse_keys("<Nope>").is_err());
    }

    #[test]
    fn default_keymap_dispatches_sequences() {
        let map = Keymap::default();
        assert_eq!(
            map.lookup(&[Key::Char('j')]),
            Lookup::Command(Command::ScrollDown)
        );
        assert_eq!(map.lookup(&[Key::Char(']')]), Lookup::Prefix);
        assert_eq!(
            map.lookup(&[Key::Char(']'), Key::Char(']')]),
            Lookup::Command(Command::NextHeading)
        );
        assert_eq!(map.lookup(&[Key::Char('~')]), Lookup::None);
    }

    #[test]
    fn keys_reserved_for_notes_are_bound() {
        let map = Keymap::default();
        for r in [
            "v", "c", "d", "u", "m", "'", "M", "B", "H", "K", "]f", "[f", "]h", "[h", "<Enter>",
            "<C-o>", "<C-i>", ":",
        ] {
            let keys = parse_keys(r).unwrap();
            assert!(
                matches!(map.lookup(&keys), Lookup::Command(_)),
                "{r} is bound"
            );
        }
    }

    #[test]
    fn every_command_has_a_default_key() {
        let map = Keymap::default();
        for &c in Command::ALL {
            assert!(!map.keys_for(c).is_empty(), "{} unbound", c.name());
        }
    }

    #[test]
    fn user_file_merges_and_unbinds() {
        let mut map = Keymap::default();
        map.merge("[normal]\n\"e\" = \"scroll_down\"\n\"j\" = \"none\"\n")
            .unwrap();
        assert_eq!(
            map.lookup(&[Key::Char('e')]),
            Lookup::Command(Command::ScrollDown)
        );
        assert_eq!(map.lookup(&[Key::Char('j')]), Lookup::None);
    }

    #[test]
    fn bad_user_file_is_reported_and_changes_nothing() {
        let mut map = Keymap::default();
        let before = map.clone();
        assert!(map.merge("[normal]\n\"x\" = \"explode\"\n").is_err());
        assert!(map.merge("[normal\n").is_err());
        assert!(map.merge("[normal]\n\"]\" = \"quit\"\n").is_err());
        assert_eq!(map, before);
    }

    #[test]
    fn help_and_hints_come_from_the_table() {
        let mut map = Keymap::default();
        map.merge("[normal]\n\"?\" = \"none\"\n\"<F1>\" = \"none\"\n\"h\" = \"help\"\n")
            .unwrap_err();
        map.merge("[normal]\n\"?\" = \"none\"\n\"h\" = \"help\"\n")
            .unwrap();
        assert!(map.hints().contains(&"h:help".to_string()));
        let rows = map.help_rows();
        assert!(rows.iter().any(|(k, n, _)| k == "h" && *n == "help"));
        assert!(rows
            .iter()
            .any(|(k, n, _)| k == "]]" && *n == "next_heading"));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Writes keys in the notation [`parse_keys`] reads.
        fn notation(keys: &[Key]) -> String {
            keys.iter()
                .map(|k| match k {
                    Key::Char('<') => "<lt>".to_string(),
                    Key::Char(' ') => "<Space>".to_string(),
                    Key::Char(c) => c.to_string(),
                    Key::Ctrl(c) => format!("<C-{c}>"),
                    Key::Alt(c) => format!("<A-{c}>"),
                    Key::BackTab => "<S-Tab>".to_string(),
                    Key::PageUp => "<PageUp>".to_string(),
                    Key::PageDown => "<PageDown>".to_string(),
                    Key::Backspace => "<BS>".to_string(),
                    Key::Delete => "<Del>".to_string(),
                    other => format!("<{other}>"),
                })
                .collect()
        }

        fn key() -> impl Strategy<Value = Key> {
            let printable = any::<char>().prop_filter("printable", |c| !c.is_control());
            let letter = proptest::char::range('a', 'z');
            prop_oneof![
                printable.prop_map(Key::Char),
                letter.clone().prop_map(Key::Ctrl),
                letter.prop_map(Key::Alt),
                prop_oneof![
                    Just(Key::Up),
                    Just(Key::Down),
                    Just(Key::Left),
                    Just(Key::Right),
                    Just(Key::PageUp),
                    Just(Key::PageDown),
                    Just(Key::Home),
                    Just(Key::End),
                    Just(Key::Tab),
                    Just(Key::BackTab),
                    Just(Key::Enter),
                    Just(Key::Esc),
                    Just(Key::Backspace),
                    Just(Key::Delete),
                ],
            ]
        }

        proptest! {
            #[test]
            fn notation_round_trips(keys in proptest::collection::vec(key(), 1..5)) {
                prop_assert_eq!(parse_keys(&notation(&keys)), Ok(keys));
            }

            #[test]
            fn any_key_string_parses_or_errs(s in "\\PC{0,12}|[<>a-zA-Z-]{0,12}") {
                let _ = parse_keys(&s);
            }

            /// A user file of any shape: an error changes nothing; success leaves every binding
            /// reachable (none is a prefix of another).
            #[test]
            fn any_user_file_merges_or_changes_nothing(
                entries in proptest::collection::vec(
                    ("[a-z\\]\\[<>{}'\"]{1,3}|<[A-Za-z-]{1,8}>",
                     "[a-z_]{1,16}|none|scroll_down|help|quit|next_heading"),
                    0..6),
                section in "normal|normal|insert",
                junk in "|\\PC{0,20}",
            ) {
                let mut file = format!("[{section}]\n");
                for (k, c) in &entries {
                    file.push_str(&format!("{k:?} = {c:?}\n"));
                }
                file.push_str(&junk);
                let mut map = Keymap::default();
                let before = map.clone();
                match map.merge(&file) {
                    Err(e) => {
                        prop_assert_eq!(&map, &before);
                        prop_assert!(!e.contains('\n'), "one line: {}", e);
                    }
                    Ok(()) => {
                        let keys: Vec<&[Key]> = map.bindings().map(|(k, _)| k).collect();
                        for a in &keys {
                            for b in &keys {
                                prop_assert!(!(a.len() < b.len() && b.starts_with(a)));
                            }
                        }
                    }
                }
            }
        }
    }
}
