//! Unit tests of value parsing and compatibility.
use super::*;

fn one(s: &str) -> Value {
    let v = parse(s);
    assert_eq!(v.len(), 1, "{s}: {v:?}");
    v.into_iter().next().unwrap()
}
fn written(s: &str) -> Vec<&str> {
    parse(s).into_iter().map(|v| &s[v.span]).collect::<Vec<_>>()
}
fn years(v: &Value) -> (f64, f64) {
    (v.lo / 12.0, v.hi / 12.0)
}

#[test]
fn years_and_months() {
    let v = one("The MEK was founded in 1965 by students.");
    assert_eq!((v.kind, years(&v)), (Kind::Date, (1965.0, 1966.0)));
    let m = one("In May 2003, the army disarmed them.");
    assert_eq!((m.lo, m.hi), (2003.0 * 12.0 + 4.0, 2003.0 * 12.0 + 5.0));
    let d = one("On June 28, 1981 a bomb destroyed it.");
    assert_eq!(d.lo, 1981.0 * 12.0 + 5.0);
    assert!(m.compatible(&one("It happened in 2003.")));
    assert!(!m.compatible(&one("It happened in June 2003.")));
    assert_eq!(
        written("By mid to late 1981, most had fled."),
        ["mid to late 1981"]
    );
    assert_eq!(
        written("in early February 2012 after"),
        ["early February 2012"]
    );
}

#[test]
fn decades_and_parts() {
    let d = one("It emerged in the 1960s.");
    assert_eq!(years(&d), (1960.0, 1970.0));
    assert!(d.compatible(&one("founded in 1965")));
    let early = one("founded in the early 1960s");
    assert_eq!(years(&early), (1960.0, 1964.0));
    assert!(early.compatible(&one("founded in 1963")));
    assert!(!early.compatible(&one("founded in 1965")));
    let mid = one("emerged in the mid-1960s as a splinter");
    assert!(mid.compatible(&one("founded in 1965")));
    assert_eq!(written("emerged in the mid-1960s as"), ["mid-1960s"]);
    assert_eq!(
        years(&one("since its emergence in the 1960’s.")),
        (1960.0, 1970.0)
    );
    assert!(!one("in 1963").compatible(&one("in 1965")));
}

#[test]
fn ranges() {
    let r = one("From 1981-83 the MEK prosecuted a campaign.");
    assert_eq!(years(&r), (1981.0, 1984.0));
    assert_eq!(
        years(&one("the war against Iran (1980-88) and")),
        (1980.0, 1989.0)
    );
    assert_eq!(years(&one("the 1980-1988 war")), (1980.0, 1989.0));
    let c = one("put membership between 5,000 and 10,000, with");
    assert_eq!(
        (c.kind, c.bound, c.lo, c.hi),
        (Kind::Count, Bound::Range, 5000.0, 10000.0)
    );
    assert!(c.compatible(&one("7,500 members")));
    assert!(!c.compatible(&one("12,000 members")));
}

#[test]
fn bounds_more_than_around_up_to() {
    let more = one("the fate of more than 3,000 formerly armed Iranians");
    assert_eq!((more.bound, more.lo), (Bound::AtLeast, 3000.0));
    assert!(more.compatible(&one("3,400 members")));
    assert!(!more.compatible(&one("2,500 members")));
    let around = one("confined around 3,800 MEK personnel");
    let roughly = one("roughly 3,400 MEK members have been encamped");
    assert_eq!(around.bound, Bound::About);
    assert!(!around.compatible(&roughly));
    assert!(around.compatible(&one("about 3,700 members")));
    let up = one("attended by up to 5,000 Iranian exiles");
    assert_eq!((up.bound, up.hi), (Bound::AtMost, 5000.0));
    assert!(up.compatible(&one("3,000 exiles")));
    assert_eq!(
        written("members estimated to number 3,200 began"),
        ["estimated to number 3,200"]
    );
}

#[test]
fn numbers_in_words() {
    assert_eq!(one("seven hundred chariots").lo, 700.0);
    assert_eq!(one("he was forty-two years old when").lo, 42.0);
    assert_eq!(one("he was forty-two years old when").unit, "years old");
    assert_eq!(one("one million one hundred thousand men").lo, 1_100_000.0);
    assert_eq!(one("lived a hundred and five years old").lo, 105.0);
    assert_eq!(one("killed some two thousand MEK").lo, 1900.0);
    assert_eq!(one("Thirty-five MEK were killed").lo, 35.0);
    assert_eq!(one("nine hundred thirty years old").lo, 930.0);
    assert_eq!(
        parse("they had rowed about five and twenty or thirty furlongs")[0].lo,
        25.0 * 0.95
    );
    assert_eq!(one("Abram was ninety years old and nine, when").lo, 99.0);
    assert_eq!(one("all the souls were threescore and six").lo, 66.0);
    assert_eq!(one("were threescore and ten.").lo, 70.0);
    let v = one("several hundred disaffected members");
    assert_eq!((v.bound, v.lo, v.hi), (Bound::Vague, 200.0, 999.0));
}

#[test]
fn money_and_percent() {
    let m = one("you get $20,000 to speak");
    assert_eq!((m.unit.as_str(), m.lo), ("$", 20000.0));
    assert_eq!(one("paid $2 million for it").lo, 2e6);
    assert_eq!(one("more than 90 per cent of its members").unit, "percent");
}

#[test]
fn not_values() {
    // durations, footnote markers, ordinals, a lone "one"
    assert!(parse("has been based in Iraq for twenty years with").is_empty());
    assert!(parse("later that year.1 However").is_empty());
    assert!(parse("the 6th convoy").is_empty());
    assert!(parse("one of the casualties").is_empty());
    assert!(parse("its eight-year war").is_empty());
    assert!(parse("the list.[12]").is_empty());
    assert!(parse("and said, 29.\"").is_empty());
    // a year-like figure with a count noun is a count
    let v = one("the relocation of about 2000 people");
    assert_eq!((v.kind, v.lo), (Kind::Count, 1900.0));
}

/// The prefilter never turns away a text the parser finds a value in: every paragraph of
/// the seeds and of the four gospels, and every sentence the parser takes a value from.
#[test]
fn the_prefilter_keeps_every_text_with_a_value() {
    let mut texts: Vec<String> = Vec::new();
    let seeds = crate::corpus::embedded_seeds();
    for d in &seeds.documents {
        texts.extend(d.blocks.iter().map(|b| d.text[b.range.clone()].to_string()));
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/gospels_asv");
    for e in std::fs::read_dir(dir).expect("the gospels") {
        let text = std::fs::read_to_string(e.expect("entry").path()).unwrap_or_default();
        texts.extend(text.split("\n\n").map(str::to_string));
    }
    let (mut with, mut turned_away) = (0, 0);
    for t in &texts {
        let found = parse(t);
        if !found.is_empty() {
            with += 1;
            assert!(may_hold_value(t), "turned away: {t}");
        } else if !may_hold_value(t) {
            turned_away += 1;
        }
    }
    assert!(with > 100, "{with} texts with values");
    assert!(
        turned_away > 100,
        "the prefilter spares the parser: {turned_away}"
    );
}

#[test]
fn the_prefilter_on_single_values() {
    for s in [
        "founded in 1965",
        "a hundred men",
        "several hundred members",
        "dozens of them",
        "threescore and ten",
        "forty-two years old",
        "one million one hundred thousand men",
        "thousands of Iranians",
        "tens of thousands",
        "١٩٦٥",
    ] {
        assert!(may_hold_value(s), "{s}");
    }
    for s in [
        "one of them went",
        "a man and an ox",
        "a few words",
        "Bethlehem",
    ] {
        assert!(!may_hold_value(s), "{s}");
        assert!(parse(s).is_empty(), "{s}: {:?}", parse(s));
    }
}

#[test]
fn number_words_are_the_starters() {
    for w in STARTERS.iter().filter(|w| w.len() > 1) {
        assert!(is_number_word(w), "{w}");
        assert!(is_number_word(&w.to_uppercase()), "{w}");
    }
    for w in [
        "a",
        "A",
        "on",
        "tent",
        "Seventh",
        "hundredth",
        "fourscore",
        "x",
    ] {
        let listed = STARTERS.iter().any(|s| s.eq_ignore_ascii_case(w));
        let score = w.len() > 5 && w.to_lowercase().ends_with("score");
        assert_eq!(is_number_word(w), w.len() > 1 && (listed || score), "{w}");
    }
}
