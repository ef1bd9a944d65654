//! Styles: named ANSI colours (readable in 16 colours), or modifiers only under `NO_COLOR`.

use crate::corpus::{BlockKind, SpanKind};
use ratatui::style::{Color, Modifier, Style};

/// Background of highlight colours 1–5 in 16 colours: named ANSI colours, in the order of
/// the names in exports (yellow, green, blue, pink, orange). Orange has no ANSI name: it is
/// ANSI 3, the dark yellow that the classic palettes draw brown-orange (CGA/VGA "brown"),
/// with yellow on the bright yellow (ANSI 11) — never bright red, which reads as red.
pub const HIGHLIGHT_COLORS: [Color; 5] = [
    Color::LightYellow,
    Color::Green,
    Color::LightBlue,
    Color::LightMagenta,
    Color::Yellow,
];

/// Orange where the terminal has more than 16 colours: xterm-256 colour 208, or RGB.
pub const ORANGE_256: Color = Color::Indexed(208);
pub const ORANGE_RGB: Color = Color::Rgb(255, 135, 0);

/// How many colours the terminal shows (from `COLORTERM` and `TERM`, read by the runtime).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Palette {
    #[default]
    Ansi16,
    Ansi256,
    Rgb,
}

impl Palette {
    /// The palette a terminal announces: `COLORTERM=truecolor|24bit` is RGB, a `TERM` with
    /// `256color` in it is 256 colours, anything else 16.
    pub fn from_env(term: Option<&str>, colorterm: Option<&str>) -> Palette {
        let colorterm = colorterm.unwrap_or("").to_ascii_lowercase();
        if colorterm.contains("truecolor") || colorterm.contains("24bit") {
            Palette::Rgb
        } else if term.unwrap_or("").contains("256color") {
            Palette::Ansi256
        } else {
            Palette::Ansi16
        }
    }

    /// The highlight backgrounds 1–5 in this palette.
    pub fn highlight_colors(self) -> [Color; 5] {
        let mut c = HIGHLIGHT_COLORS;
        c[4] = match self {
            Palette::Ansi16 => HIGHLIGHT_COLORS[4],
            Palette::Ansi256 => ORANGE_256,
            Palette::Rgb => ORANGE_RGB,
        };
        c
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub title_focused: Style,
    pub title: Style,
    pub note: Style,
    pub no_match: Style,
    pub border: Style,
    pub cursor_bar: Style,
    pub mark_bar: Style,
    pub title_block: Style,
    pub heading: Style,
    pub paragraph: Style,
    pub note_block: Style,
    pub boilerplate: Style,
    pub marker: Style,
    pub link: Style,
    pub emphasis: Style,
    pub search_match: Style,
    pub current_match: Style,
    pub status: Style,
    pub status_mode: Style,
    pub status_message: Style,
    pub overlay_border: Style,
    pub overlay_title: Style,
    pub selected: Style,
    pub dim: Style,
    pub bold: Style,
    /// Highlight colours 1–5 (yellow, green, blue, pink, orange); all underlined under
    /// `NO_COLOR`, where the gutter shows the colour's digit instead.
    pub highlights: [Style; 5],
    /// Gutter marks of highlighted lines, per colour.
    pub highlight_marks: [Style; 5],
    /// Added to the highlight picked with `]h`/`[h`.
    pub highlight_selected: Style,
    /// A highlight being selected with `v` (patched over its colour).
    pub selection: Style,
    /// A note just jumped to.
    pub flash: Style,
    /// The footnote marker selected with `]f`/`[f`.
    pub marker_selected: Style,
    /// Mark letters and bookmark signs in the gutter.
    pub gutter_mark: Style,
    /// The `≠` gutter mark of a line holding a value another source contradicts.
    pub conflict_mark: Style,
    /// Such a value, in the text and in the disagreements list.
    pub conflict_value: Style,
}

impl Theme {
    /// The theme for 16 colours (or none).
    pub fn new(no_color: bool) -> Theme {
        Theme::with_palette(no_color, Palette::Ansi16)
    }

    /// The theme for a terminal with `palette` (orange is orange where it can be).
    pub fn with_palette(no_color: bool, palette: Palette) -> Theme {
        let colors = palette.highlight_colors();
        let m = |m: Modifier| Style::default().add_modifier(m);
        let bold = m(Modifier::BOLD);
        if no_color {
            return Theme {
                title_focused: m(Modifier::REVERSED | Modifier::BOLD),
                title: m(Modifier::UNDERLINED),
                note: Style::default(),
                no_match: m(Modifier::ITALIC),
                border: Style::default(),
                cursor_bar: bold,
                mark_bar: bold,
                title_block: m(Modifier::BOLD | Modifier::UNDERLINED),
                heading: bold,
                paragraph: Style::default(),
                note_block: m(Modifier::DIM),
                boilerplate: m(Modifier::DIM),
                marker: m(Modifier::DIM),
                link: m(Modifier::UNDERLINED),
                emphasis: m(Modifier::ITALIC),
                search_match: m(Modifier::UNDERLINED | Modifier::BOLD),
                current_match: m(Modifier::REVERSED | Modifier::BOLD),
                status: m(Modifier::REVERSED),
                status_mode: m(Modifier::REVERSED | Modifier::BOLD),
                status_message: m(Modifier::REVERSED | Modifier::BOLD),
                overlay_border: Style::default(),
                overlay_title: bold,
                selected: m(Modifier::REVERSED | Modifier::BOLD),
                dim: m(Modifier::DIM),
                bold,
                highlights: [m(Modifier::UNDERLINED); 5],
                highlight_marks: [bold; 5],
                highlight_selected: m(Modifier::BOLD),
                selection: m(Modifier::REVERSED),
                flash: m(Modifier::REVERSED | Modifier::BOLD),
                marker_selected: m(Modifier::REVERSED | Modifier::BOLD),
                gutter_mark: bold,
                conflict_mark: bold,
                conflict_value: m(Modifier::UNDERLINED | Modifier::ITALIC),
            };
        }
        let fg = |c: Color| Style::default().fg(c);
        Theme {
            title_focused: Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            title: Style::default().fg(Color::White).bg(Color::DarkGray),
            note: Style::default().fg(Color::Yellow),
            no_match: Style::default().fg(Color::LightRed),
            border: fg(Color::DarkGray),
            cursor_bar: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            mark_bar: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            title_block: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            heading: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            paragraph: Style::default(),
            note_block: fg(Color::Gray),
            boilerplate: fg(Color::DarkGray),
            marker: fg(Color::Cyan).add_modifier(Modifier::DIM),
            link: fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            emphasis: m(Modifier::ITALIC),
            search_match: Style::default().fg(Color::Black).bg(Color::Yellow),
            current_match: Style::default()
                .fg(Color::Black)
                .bg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            status: Style::default().fg(Color::Black).bg(Color::Gray),
            status_mode: Style::default()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            status_message: Style::default()
                .fg(Color::Black)
                .bg(Color::Gray)
                .add_modifier(Modifier::BOLD),
            overlay_border: fg(Color::Cyan),
            overlay_title: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            dim: fg(Color::DarkGray),
            bold,
            highlights: colors.map(|c| Style::default().fg(Color::Black).bg(c)),
            highlight_marks: colors.map(|c| fg(c).add_modifier(Modifier::BOLD)),
            highlight_selected: m(Modifier::BOLD | Modifier::UNDERLINED),
            selection: m(Modifier::UNDERLINED | Modifier::BOLD),
            flash: Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            marker_selected: Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            gutter_mark: fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
            conflict_mark: fg(Color::LightRed).add_modifier(Modifier::BOLD),
            conflict_value: fg(Color::LightRed).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// The style of highlight colour `color` (1–5).
    pub fn highlight(&self, color: u8) -> Style {
        self.highlights[usize::from(color.clamp(1, 5)) - 1]
    }

    pub fn highlight_mark(&self, color: u8) -> Style {
        self.highlight_marks[usize::from(color.clamp(1, 5)) - 1]
    }

    pub fn block(&self, kind: BlockKind) -> Style {
        match kind {
            BlockKind::Title => self.title_block,
            BlockKind::Heading => self.heading,
            BlockKind::Paragraph => self.paragraph,
            BlockKind::Note => self.note_block,
            BlockKind::Boilerplate => self.boilerplate,
        }
    }

    pub fn span(&self, kind: &SpanKind) -> Style {
        match kind {
            SpanKind::Marker { .. } => self.marker,
            SpanKind::Link { .. } | SpanKind::Url => self.link,
            SpanKind::Emphasis => self.emphasis,
        }
    }

    /// Whether any style of the theme uses a colour (false under `NO_COLOR`).
    pub fn uses_color(&self) -> bool {
        [
            self.title_focused,
            self.title,
            self.cursor_bar,
            self.mark_bar,
            self.search_match,
            self.current_match,
            self.status,
            self.selected,
        ]
        .iter()
        .any(|s| s.fg.is_some() || s.bg.is_some())
    }
}
