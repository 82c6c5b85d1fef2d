//! Spreadsheet number format codes (`#,##0.00`, `"£"#,##0;(#,##0)`, `0.0%`), applied to a
//! value as Excel and LibreOffice display it.
//!
//! A code has up to four sections separated by `;` (positive, negative, zero, text), each
//! optionally with a colour (ignored) or a condition such as `[<1000]`. A section that holds
//! date or time codes makes the cell a date or time, which Papers prints in its own style;
//! everything else is formatted here, fractions (`# ?/?`) and scientific notation included.
//! Calamine only tells dates from numbers; the one crate for these codes, ssfmt (0.1.2),
//! differed from LibreOffice on 2 of the 42 fixture figures (1,500 as `#,##0,"k"` gave "1k",
//! not "2k"), so this is a small formatter of its own, checked against LibreOffice's text
//! (tests/formats.rs).

/// The space `_)` (or `_(`, `_-`, any `_` but a digit's) leaves: as wide as a bracket, so
/// that a positive figure stands where the digits of a bracketed negative one stand. A
/// private-use character, which cleaned cell text never holds (no font draws it): only a
/// table cell keeps it ([`crate::workbook::Cell::shown`]), and the renderers set it as a
/// blank of that width that is neither copied nor read out.
pub const PAD: char = '\u{e000}';

/// The space `_0` leaves: as wide as a digit (see [`PAD`]).
pub const DIGIT_PAD: char = '\u{e001}';

/// Where a fill (`* `) stands (see [`PAD`]): in a table cell the text before it goes to the
/// cell's left edge and the figure after it to the right, as a spreadsheet shows an
/// accounting format.
pub const FILL: char = '\u{e002}';

/// Every character the padding of a format leaves.
pub const SPACING: [char; 3] = [PAD, DIGIT_PAD, FILL];

/// Text without the padding of its format (for anything but a table cell).
pub fn unpadded(shown: &str) -> String {
    shown.replace(SPACING, "")
}

/// What a format code makes of a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// The number as the spreadsheet displays it.
    Text(String),
    /// A date-and-time code: whether it shows a date part and a time part.
    DateTime { date: bool, time: bool },
}

/// The code of a built-in format id, as a British install of Excel shows it; ids 5 to 8 are
/// the locale's currency, and are not written into the file.
pub fn builtin(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        5 => "\"£\"#,##0;-\"£\"#,##0",
        6 => "\"£\"#,##0;[Red]-\"£\"#,##0",
        7 => "\"£\"#,##0.00;-\"£\"#,##0.00",
        8 => "\"£\"#,##0.00;[Red]-\"£\"#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "dd/mm/yyyy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "dd/mm/yyyy h:mm",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        41 => "_-* #,##0_-;-* #,##0_-;_-* \"-\"_-;_-@_-",
        42 => "_-\"£\"* #,##0_-;-\"£\"* #,##0_-;_-\"£\"* \"-\"_-;_-@_-",
        43 => "_-* #,##0.00_-;-* #,##0.00_-;_-* \"-\"??_-;_-@_-",
        44 => "_-\"£\"* #,##0.00_-;-\"£\"* #,##0.00_-;_-\"£\"* \"-\"??_-;_-@_-",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mm:ss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

/// One piece of a section.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// Text printed as it is.
    Lit(String),
    /// A digit placeholder: `0`, `#` or `?`.
    Digit(char),
    /// The decimal point.
    Point,
    /// A comma: grouping between digits, scaling by 1,000 after them.
    Comma,
    /// `%`: the value times 100.
    Percent,
    /// `E+` or `E-`: scientific notation (true when the sign of a positive exponent shows).
    Exp(bool),
    /// `General` inside a section.
    General,
    /// `@`: the value as General.
    At,
    /// A date or time code letter.
    DateTime(char),
    /// A slash outside quotes: a fraction.
    Slash,
}

/// A section with its condition.
#[derive(Debug)]
struct Section {
    toks: Vec<Tok>,
    cond: Option<(String, f64)>,
}

/// Applies `code` to `value`.
pub fn format(value: f64, code: &str) -> Shown {
    let sections: Vec<Section> = split(code).iter().map(|s| parse(s)).collect();
    if sections.is_empty() {
        return Shown::Text(general(value));
    }
    // A date code anywhere in the number sections makes the cell a date or time.
    let numeric = &sections[..sections.len().min(3)];
    let letters: Vec<char> = numeric
        .iter()
        .flat_map(|s| s.toks.iter())
        .filter_map(|t| {
            if let Tok::DateTime(c) = t {
                Some(*c)
            } else {
                None
            }
        })
        .collect();
    if let Some(unit) = letters.iter().find(|c| c.is_ascii_uppercase()) {
        return Shown::Text(elapsed(value, *unit, letters.contains(&'s')));
    }
    // Minutes and seconds with no hour (`mm:ss`, `mm:ss.0`): a duration of under an hour,
    // as a stopwatch shows it, never a time of day.
    if letters.contains(&'s') && letters.iter().all(|c| matches!(c, 'm' | 's')) {
        let section = numeric
            .iter()
            .find(|s| s.toks.iter().any(|t| matches!(t, Tok::DateTime(_))))
            .expect("a section with the letters");
        return Shown::Text(minutes_seconds(value, &section.toks));
    }
    if !letters.is_empty() {
        let time = letters.iter().any(|c| matches!(c, 'h' | 's' | 'a'));
        let date =
            letters.iter().any(|c| matches!(c, 'y' | 'd')) || (letters.contains(&'m') && !time);
        return Shown::DateTime { date, time };
    }
    let (section, signed) = pick(&sections, value);
    let shown_value = if signed { value } else { value.abs() };
    let text = render(&section.toks, shown_value);
    // Padding or a fill before anything shows takes no room on paper; padding after it does.
    let text = text.trim_start_matches([' ', PAD, DIGIT_PAD, FILL]);
    Shown::Text(text.trim_end_matches([' ', FILL]).to_owned())
}

/// The section that applies to `value`, and whether it prints the value's own sign: a
/// negative section prints the magnitude, its sign (or brackets) being in the code.
fn pick(sections: &[Section], value: f64) -> (&Section, bool) {
    // A condition such as `[<0]` marks a section for negative numbers.
    let negative = |s: &Section| {
        s.cond
            .as_ref()
            .is_some_and(|(op, n)| op.starts_with('<') && *n <= 0.0)
    };
    let holds = |s: &Section| {
        s.cond
            .as_ref()
            .is_some_and(|(op, n)| compare(op, value, *n))
    };
    let [first, second, rest @ ..] = sections else {
        return (&sections[0], true);
    };
    if first.cond.is_some() || second.cond.is_some() {
        let chosen = if holds(first) {
            first
        } else if holds(second) || second.cond.is_none() {
            second
        } else {
            rest.first().unwrap_or(second)
        };
        return (chosen, !negative(chosen));
    }
    if value < 0.0 {
        (second, false)
    } else if value == 0.0 && !rest.is_empty() {
        (&rest[0], true)
    } else {
        (first, true)
    }
}

fn compare(op: &str, a: f64, b: f64) -> bool {
    match op {
        "<" => a < b,
        "<=" => a <= b,
        ">" => a > b,
        ">=" => a >= b,
        "=" => a == b,
        "<>" => a != b,
        _ => false,
    }
}

/// Splits a code at `;` outside quotes, brackets and escapes.
fn split(code: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for c in code.chars() {
        if escaped {
            escaped = false;
        } else if quoted {
            quoted = c != '"';
        } else if bracket {
            bracket = c != ']';
        } else if c == '"' {
            quoted = true;
        } else if c == '[' {
            bracket = true;
        } else if c == '\\' {
            escaped = true;
        } else if c == ';' {
            out.push(String::new());
            continue;
        }
        out.last_mut().expect("one section").push(c);
    }
    out
}

/// Reads one section into tokens.
fn parse(section: &str) -> Section {
    let chars: Vec<char> = section.chars().collect();
    let (mut toks, mut cond) = (Vec::new(), None);
    let mut i = 0;
    let lit = |toks: &mut Vec<Tok>, s: &str| match toks.last_mut() {
        Some(Tok::Lit(prev)) => prev.push_str(s),
        _ => toks.push(Tok::Lit(s.to_owned())),
    };
    while i < chars.len() {
        let c = chars[i];
        // The next few characters, for the words `General` and `AM/PM`.
        let lower: String = chars[i..].iter().take(7).collect::<String>().to_lowercase();
        match c {
            '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&q| q == '"')
                    .map_or(chars.len(), |p| i + 1 + p);
                lit(&mut toks, &chars[i + 1..end].iter().collect::<String>());
                i = end + 1;
                continue;
            }
            '\\' => {
                if let Some(&next) = chars.get(i + 1) {
                    lit(&mut toks, &next.to_string());
                }
                i += 2;
                continue;
            }
            // A space as wide as the next character (`_)`): see [`PAD`].
            '_' => {
                let digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
                lit(&mut toks, &if digit { DIGIT_PAD } else { PAD }.to_string());
                i += 2;
                continue;
            }
            // A fill character repeats to the cell's width: see [`FILL`].
            '*' => {
                lit(&mut toks, &FILL.to_string());
                i += 2;
                continue;
            }
            '[' => {
                let end = chars[i..]
                    .iter()
                    .position(|&q| q == ']')
                    .map_or(chars.len(), |p| i + p);
                let inner: String = chars[i + 1..end].iter().collect();
                bracket(&inner, &mut toks, &mut cond);
                i = end + 1;
                continue;
            }
            '0' | '#' | '?' => toks.push(Tok::Digit(c)),
            '.' => toks.push(Tok::Point),
            ',' => toks.push(Tok::Comma),
            '%' => toks.push(Tok::Percent),
            '@' => toks.push(Tok::At),
            '/' => toks.push(Tok::Slash),
            'E' | 'e' if matches!(chars.get(i + 1), Some('+' | '-')) => {
                toks.push(Tok::Exp(chars[i + 1] == '+'));
                i += 2;
                continue;
            }
            _ if lower.starts_with("general") => {
                toks.push(Tok::General);
                i += 7;
                continue;
            }
            _ if lower.starts_with("am/pm") || lower.starts_with("a/p") => {
                toks.push(Tok::DateTime('a'));
                i += if lower.starts_with("am/pm") { 5 } else { 3 };
                continue;
            }
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => {
                toks.push(Tok::DateTime(c.to_ascii_lowercase()))
            }
            _ => lit(&mut toks, &c.to_string()),
        }
        i += 1;
    }
    Section { toks, cond }
}

/// A `[...]` part: a condition, a currency (`[$£-809]`), elapsed time (`[h]`), or a colour.
fn bracket(inner: &str, toks: &mut Vec<Tok>, cond: &mut Option<(String, f64)>) {
    if let Some(currency) = inner.strip_prefix('$') {
        let symbol = currency.split('-').next().unwrap_or_default();
        if !symbol.is_empty() {
            toks.push(Tok::Lit(symbol.to_owned()));
        }
    } else if let Some(op_len) = ["<=", ">=", "<>", "<", ">", "="]
        .iter()
        .find(|op| inner.starts_with(**op))
        .map(|op| op.len())
    {
        if let Ok(n) = inner[op_len..].trim().parse() {
            *cond = Some((inner[..op_len].to_owned(), n));
        }
    } else if inner
        .chars()
        .all(|c| matches!(c.to_ascii_lowercase(), 'h' | 'm' | 's'))
        && !inner.is_empty()
    {
        // Elapsed time (`[h]`, `[mm]`, `[ss]`): a duration, not a time of day; marked by
        // its unit in capitals.
        toks.push(Tok::DateTime(
            inner.chars().next().unwrap_or('h').to_ascii_uppercase(),
        ));
    }
}

/// A duration in days as elapsed time counted in `unit` (`H` hours, `M` minutes, `S`
/// seconds): 1.5 as `[h]:mm` is "36:00", 0.0625 as `[mm]:ss` is "90:00".
fn elapsed(days: f64, unit: char, seconds: bool) -> String {
    let sign = if days < 0.0 { "-" } else { "" };
    let secs = (days.abs() * 86_400.0).round() as u64;
    let mins = (days.abs() * 1440.0).round() as u64;
    match unit {
        'S' => format!("{sign}{secs}"),
        'M' => format!("{sign}{}:{:02}", secs / 60, secs % 60),
        _ if seconds => format!(
            "{sign}{}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        ),
        _ => format!("{sign}{}:{:02}", mins / 60, mins % 60),
    }
}

/// A duration in days as minutes and seconds of the hour, as `mm:ss` shows it: 0.0083681 as
/// `mm:ss` is "12:03"; with decimals after the seconds (`mm:ss.0`) tenths and so on.
fn minutes_seconds(days: f64, toks: &[Tok]) -> String {
    let sign = if days < 0.0 { "-" } else { "" };
    let wide = toks.iter().filter(|t| **t == Tok::DateTime('m')).count() > 1;
    let decimals = toks
        .iter()
        .skip_while(|t| **t != Tok::Point)
        .filter(|t| matches!(t, Tok::Digit(_)))
        .count()
        .min(3) as u32;
    let scale = 10_u64.pow(decimals);
    let ticks = (days.abs() * 86_400.0 * scale as f64).round();
    let ticks = if ticks.is_finite() { ticks as u64 } else { 0 };
    let secs = ticks / scale;
    let (minutes, seconds) = (secs / 60 % 60, secs % 60);
    let mut out = if wide {
        format!("{sign}{minutes:02}:{seconds:02}")
    } else {
        format!("{sign}{minutes}:{seconds:02}")
    };
    if decimals > 0 {
        out.push_str(&format!(
            ".{:0width$}",
            ticks % scale,
            width = decimals as usize
        ));
    }
    out
}

/// Renders the number part of a section.
fn render(toks: &[Tok], value: f64) -> String {
    if let Some(slash) = toks.iter().position(|t| *t == Tok::Slash) {
        return fraction(&toks[..slash], &toks[slash + 1..], value);
    }
    let digits = toks.iter().any(|t| matches!(t, Tok::Digit(_)));
    if !digits {
        // No placeholders: the section is literal text, around General or `@` if present.
        return toks
            .iter()
            .map(|t| match t {
                Tok::Lit(s) => s.clone(),
                Tok::General | Tok::At => general(value),
                Tok::Percent => "%".to_owned(),
                Tok::Point => ".".to_owned(),
                Tok::Comma => ",".to_owned(),
                _ => String::new(),
            })
            .collect();
    }
    let percent = toks.iter().filter(|t| **t == Tok::Percent).count() as i32;
    let exp_at = toks.iter().position(|t| matches!(t, Tok::Exp(_)));
    let (mantissa, exponent) = match exp_at {
        Some(at) => toks.split_at(at),
        None => (toks, &[][..]),
    };
    let point = mantissa.iter().position(|t| *t == Tok::Point);
    let (int_toks, frac_toks) = match point {
        Some(p) => (&mantissa[..p], &mantissa[p + 1..]),
        None => (mantissa, &[][..]),
    };
    let last_int_digit = int_toks.iter().rposition(|t| matches!(t, Tok::Digit(_)));
    let first_int_digit = int_toks.iter().position(|t| matches!(t, Tok::Digit(_)));
    // Commas right after the last digit placeholder scale by 1,000 each; commas between
    // integer digits group.
    let last_digit = mantissa.iter().rposition(|t| matches!(t, Tok::Digit(_)));
    let scale = last_digit.map_or(0, |l| {
        mantissa[l + 1..]
            .iter()
            .take_while(|t| **t == Tok::Comma)
            .count()
    }) as i32;
    let group = match (first_int_digit, last_int_digit) {
        (Some(f), Some(l)) => int_toks[f..l].contains(&Tok::Comma),
        _ => false,
    };
    let decimals = frac_toks
        .iter()
        .filter(|t| matches!(t, Tok::Digit(_)))
        .count();
    let mut v = value.abs() * 10f64.powi(2 * percent) / 10f64.powi(3 * scale);
    let mut exp_value = 0;
    if exp_at.is_some() && v != 0.0 {
        let int_places = int_toks
            .iter()
            .filter(|t| matches!(t, Tok::Digit(_)))
            .count()
            .max(1) as i32;
        let step = if int_toks.contains(&Tok::Digit('#')) {
            int_places
        } else {
            1
        };
        // Mantissa and exponent from the decimal digits, never by dividing by a power of
        // ten that a value near the float's limits would overflow.
        let sci = format!("{v:.14e}");
        let (mantissa, exp) = sci.split_once('e').unwrap_or(("0", "0"));
        let (mut m, mut e): (f64, i32) =
            (mantissa.parse().unwrap_or(0.0), exp.parse().unwrap_or(0));
        let shift = if step == 1 {
            int_places - 1
        } else {
            e.rem_euclid(step)
        };
        m *= 10f64.powi(shift);
        e -= shift;
        if step == 1 && round_digits(m, decimals).0.len() > int_places as usize {
            m /= 10.0;
            e += 1;
        }
        (v, exp_value) = (m, e);
    }
    let (int_digits, frac_digits) = round_digits(v, decimals);
    let mut out = String::new();
    if value < 0.0
        && (int_digits.trim_start_matches('0').len() + frac_digits.trim_matches('0').len()) > 0
    {
        out.push('-');
    }
    out.push_str(&integer_part(int_toks, &int_digits, group));
    if point.is_some() {
        out.push('.');
        out.push_str(&fraction_part(frac_toks, &frac_digits));
    }
    if let Some(at) = exp_at {
        let Tok::Exp(plus) = toks[at] else {
            unreachable!("found as Exp")
        };
        out.push('E');
        if exp_value < 0 {
            out.push('-');
        } else if plus {
            out.push('+');
        }
        let width = exponent.iter().filter(|t| **t == Tok::Digit('0')).count();
        out.push_str(&format!("{:0width$}", exp_value.unsigned_abs()));
        out.push_str(
            &exponent
                .iter()
                .filter_map(|t| {
                    if let Tok::Lit(s) = t {
                        Some(s.as_str())
                    } else {
                        None
                    }
                })
                .collect::<String>(),
        );
    }
    out
}

/// A fraction such as `# ?/?` or `# ??/16`: a whole part when the code has one (digits, a
/// space, then the numerator's), and the nearest fraction with at most as many denominator
/// digits as the code gives, or the code's own denominator.
fn fraction(before: &[Tok], after: &[Tok], value: f64) -> String {
    let sign = if value < 0.0 { "-" } else { "" };
    let v = value.abs();
    let numerator_at = before
        .iter()
        .rposition(|t| !matches!(t, Tok::Digit(_)))
        .map_or(0, |i| i + 1);
    let whole_part = before[..numerator_at]
        .iter()
        .any(|t| matches!(t, Tok::Digit(_)));
    let fixed: String = after
        .iter()
        .filter_map(|t| {
            if let Tok::Lit(s) = t {
                Some(s.as_str())
            } else {
                None
            }
        })
        .collect();
    let places = after
        .iter()
        .filter(|t| matches!(t, Tok::Digit(_)))
        .count()
        .clamp(1, 4) as u32;
    let whole = if whole_part { v.trunc() } else { 0.0 };
    let part = v - whole;
    let (mut n, d) = match fixed.trim().parse::<u64>() {
        Ok(d) if d > 0 && places == 1 && !after.iter().any(|t| matches!(t, Tok::Digit(_))) => {
            ((part * d as f64).round() as u64, d)
        }
        _ => (1..10u64.pow(places))
            .map(|d| ((part * d as f64).round() as u64, d))
            .min_by(|a, b| {
                ((part - a.0 as f64 / a.1 as f64).abs())
                    .total_cmp(&(part - b.0 as f64 / b.1 as f64).abs())
            })
            .unwrap_or((0, 1)),
    };
    let mut whole = whole as u64;
    if whole_part && n == d {
        whole += 1;
        n = 0;
    }
    match (whole_part, n) {
        (true, 0) => format!("{sign}{whole}"),
        (true, _) if whole == 0 => format!("{sign}{n}/{d}"),
        (true, _) => format!("{sign}{whole} {n}/{d}"),
        (false, _) => format!("{sign}{n}/{d}"),
    }
}

/// The integer placeholders filled from the right with `digits`; the leftmost placeholder
/// takes any digits left over. Literals keep their places.
fn integer_part(toks: &[Tok], digits: &str, group: bool) -> String {
    let digits = digits.trim_start_matches('0');
    let places: Vec<char> = toks
        .iter()
        .filter_map(|t| {
            if let Tok::Digit(d) = t {
                Some(*d)
            } else {
                None
            }
        })
        .collect();
    // The digits each placeholder shows, right to left, then grouped.
    let mut shown: Vec<char> = Vec::new();
    let mut from = digits.chars().rev();
    for (i, place) in places.iter().rev().enumerate() {
        match from.next() {
            Some(d) => shown.push(d),
            None => match place {
                '0' => shown.push('0'),
                '?' => shown.push(' '),
                _ => {}
            },
        }
        if i + 1 == places.len() {
            shown.extend(from.by_ref());
        }
    }
    let mut numeral: Vec<char> = Vec::new();
    let mut count = 0;
    for c in shown {
        if group && c.is_ascii_digit() {
            if count > 0 && count % 3 == 0 {
                numeral.push(',');
            }
            count += 1;
        }
        numeral.push(c);
    }
    numeral.reverse();
    let numeral: String = numeral.into_iter().collect();
    // Literals before the first placeholder, the numeral, then the rest in order.
    let first = toks
        .iter()
        .position(|t| matches!(t, Tok::Digit(_)))
        .unwrap_or(toks.len());
    let mut out: String = toks[..first].iter().map(literal).collect();
    out.push_str(&numeral);
    out.extend(
        toks[first..]
            .iter()
            .filter(|t| !matches!(t, Tok::Digit(_) | Tok::Comma))
            .map(literal),
    );
    out
}

/// The fraction placeholders with their digits: a trailing zero under `#` is dropped, under
/// `?` it becomes a space.
fn fraction_part(toks: &[Tok], digits: &str) -> String {
    let digits: Vec<char> = digits.chars().collect();
    let places: Vec<char> = toks
        .iter()
        .filter_map(|t| {
            if let Tok::Digit(d) = t {
                Some(*d)
            } else {
                None
            }
        })
        .collect();
    let mut keep = places.len();
    while keep > 0 && places[keep - 1] != '0' && digits[keep - 1] == '0' {
        keep -= 1;
    }
    let mut out = String::new();
    let mut i = 0;
    for t in toks {
        match t {
            Tok::Digit(_) => {
                if i < keep {
                    out.push(digits[i]);
                } else if places[i] == '?' {
                    out.push(' ');
                }
                i += 1;
            }
            other => out.push_str(&literal(other)),
        }
    }
    out
}

fn literal(t: &Tok) -> String {
    match t {
        Tok::Lit(s) => s.clone(),
        Tok::Percent => "%".to_owned(),
        _ => String::new(),
    }
}

/// `v` (not negative) rounded half away from zero to `decimals` places, as the digits of the
/// integer part and of the fraction. The value is first taken to 15 significant digits, as
/// spreadsheets store it, so 2.675 rounds to 2.68 and not to the binary float's 2.67.
fn round_digits(v: f64, decimals: usize) -> (String, String) {
    if !v.is_finite() {
        return ("0".to_owned(), "0".repeat(decimals));
    }
    let sci = format!("{:.14e}", v);
    let (mantissa, exp) = sci.split_once('e').expect("scientific notation");
    let exp: i32 = exp.parse().expect("an exponent");
    let sig: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    // Digits of the value from 10^(exp) down, padded so that every kept place exists.
    let int_len = (exp + 1).max(0) as usize;
    let lead_zeros = (-(exp + 1)).max(0) as usize;
    let mut all: Vec<u8> = vec![0; lead_zeros];
    all.extend(&sig);
    let want = int_len + decimals;
    if all.len() < want + 1 {
        all.resize(want + 1, 0);
    }
    let round_up = all[want] >= 5;
    all.truncate(want);
    if int_len == 0 {
        all.insert(0, 0);
    }
    if round_up {
        let mut i = all.len();
        loop {
            if i == 0 {
                all.insert(0, 1);
                break;
            }
            i -= 1;
            if all[i] == 9 {
                all[i] = 0;
            } else {
                all[i] += 1;
                break;
            }
        }
    }
    let split = all.len() - decimals;
    let text = |d: &[u8]| d.iter().map(|d| char::from(b'0' + d)).collect::<String>();
    let int = text(&all[..split]);
    let int = int.trim_start_matches('0');
    (
        if int.is_empty() {
            "0".to_owned()
        } else {
            int.to_owned()
        },
        text(&all[split..]),
    )
}

/// A number as the General format shows it, with at most ten significant digits: whole
/// numbers of up to ten significant digits in full (up to 15 digits long), others rounded to
/// ten significant digits without float noise (0.1 + 0.2 is 0.3), and those that would show
/// more than ten digits before the point, or very small ones, in scientific notation as
/// Excel does ("1.23457E+11").
pub fn general(n: f64) -> String {
    if n == 0.0 {
        return "0".to_owned();
    }
    if n.is_nan() {
        return "NaN".to_owned();
    }
    if n.is_infinite() {
        return if n < 0.0 { "-∞" } else { "∞" }.to_owned();
    }
    let sign = if n < 0.0 { "-" } else { "" };
    let a = n.abs();
    let significant = |text: &str| text.trim_matches('0').len();
    if a.fract() == 0.0 && a < 1e15 && significant(&format!("{}", a as u64)) <= 10 {
        return format!("{sign}{}", a as u64);
    }
    // Ten significant digits, decided on the value as a spreadsheet stores it (15 digits).
    let magnitude = a.log10().floor() as i32;
    let decimals = (9 - magnitude).clamp(0, 30) as usize;
    let (int, frac) = round_digits(a, decimals);
    if !(1e-9..1e10).contains(&a) || int.len() > 10 {
        let text = render(&parse("0.#####E+00").toks, a);
        return format!("{sign}{}", text.replace(".E", "E"));
    }
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text as read, without padding (see `padding_keeps_its_place`).
    fn f(v: f64, code: &str) -> String {
        match format(v, code) {
            Shown::Text(t) => unpadded(&t).trim().to_owned(),
            other => panic!("{code} gave {other:?}"),
        }
    }

    #[test]
    fn padding_keeps_its_place() {
        let padded = |v: f64, code: &str| match format(v, code) {
            Shown::Text(t) => t,
            other => panic!("{code} gave {other:?}"),
        };
        assert_eq!(padded(2700.0, "#,##0_);(#,##0)"), "2,700\u{e000}");
        assert_eq!(padded(-201_200.0, "#,##0_);(#,##0)"), "(201,200)");
        assert_eq!(padded(5.0, "0_0"), "5\u{e001}");
        // A fill between the symbol and the figure; the padding before them takes no room.
        assert_eq!(
            padded(1234.5, "_-\"£\"* #,##0.00_-;-\"£\"* #,##0.00_-"),
            "£\u{e002}1,234.50\u{e000}"
        );
    }

    #[test]
    fn the_figures_of_the_issue() {
        assert_eq!(f(1_234_567.0, "#,##0"), "1,234,567");
        assert_eq!(f(1234.5, "\"£\"#,##0.00"), "£1,234.50");
        assert_eq!(f(0.0299, "0.0%"), "3.0%");
        assert_eq!(f(-2500.0, "#,##0;(#,##0)"), "(2,500)");
        assert_eq!(f(2500.0, "#,##0;(#,##0)"), "2,500");
    }

    #[test]
    fn general_has_no_float_noise() {
        assert_eq!(general(0.1 + 0.2), "0.3");
        assert_eq!(general(8.0), "8");
        assert_eq!(general(-2.5), "-2.5");
        assert_eq!(general(1.0 / 3.0), "0.3333333333");
        assert_eq!(general(123_456.789_012_34), "123456.789");
        assert_eq!(general(1.5e12), "1500000000000");
        // At most ten significant digits, as the README promises.
        assert_eq!(general(1234567890.0), "1234567890");
        assert_eq!(general(123_456_789_012.0), "1.23457E+11");
        assert_eq!(general(12_345_678_901.0), "1.23457E+10");
        assert_eq!(general(12_345_678_901.5), "1.23457E+10");
        assert_eq!(general(1_234_567_890.123), "1234567890");
        assert_eq!(general(0.123_456_789_012_3), "0.123456789");
        assert_eq!(general(9_999_999_999.6), "1E+10");
        for n in [
            123_456_789_012.0,
            0.1 + 0.2,
            1.0 / 3.0,
            98_765.432_101_234,
            1e14 + 1.0,
        ] {
            let digits = general(n)
                .split('E')
                .next()
                .unwrap()
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>();
            assert!(digits.trim_matches('0').len() <= 10, "{n}: {}", general(n));
        }
        assert_eq!(general(f64::NAN), "NaN");
        assert_eq!(general(f64::INFINITY), "∞");
        assert_eq!(general(1.5e-12), "1.5E-12");
        assert_eq!(general(-6.554_676_935_722_396e-309), "-6.55468E-309");
        assert_eq!(general(1.7e308), "1.7E+308");
        assert_eq!(f(1e308, "0%"), "0%");
    }

    #[test]
    fn decimals_round_half_away_from_zero() {
        assert_eq!(f(2.675, "0.00"), "2.68");
        assert_eq!(f(-0.5, "0"), "-1");
        assert_eq!(f(999.996, "#,##0.00"), "1,000.00");
        assert_eq!(f(0.004, "0.00"), "0.00");
        assert_eq!(f(-0.004, "0.00"), "0.00");
    }

    #[test]
    fn sections_conditions_and_text() {
        let code = "_-\"£\"* #,##0.00_-;-\"£\"* #,##0.00_-;_-\"£\"* \"-\"??_-;_-@_-";
        assert_eq!(f(1234.5, code), "£1,234.50");
        assert_eq!(f(-1234.5, code), "-£1,234.50");
        assert_eq!(f(0.0, code), "£-");
        assert_eq!(f(5.0, "[Red]0;[Blue]-0"), "5");
        assert_eq!(f(-5.0, "0;[Red]-0"), "-5");
        assert_eq!(f(50.0, "[<100]\"small\";\"big\""), "small");
        assert_eq!(f(500.0, "[<100]\"small\";\"big\""), "big");
        assert_eq!(f(12.0, "@"), "12");
        assert_eq!(f(0.0, "0;-0;\"nil\""), "nil");
        assert_eq!(f(3.0, "0 \"days\""), "3 days");
        assert_eq!(f(1234.0, "[$€-1809]#,##0"), "€1,234");
        assert_eq!(f(2_500_000.0, "£#,##0.0,,\"m\""), "£2.5m");
        assert_eq!(f(12345.678, "0.00E+00"), "1.23E+04");
        assert_eq!(f(7.0, "000"), "007");
        assert_eq!(f(7.5, "#.##"), "7.5");
        assert_eq!(f(7.0, "#.##"), "7.");
    }

    proptest::proptest! {
        /// A damaged or hostile code gives some text, never a panic.
        #[test]
        fn any_code_and_value_are_formatted_without_panicking(
            code in r#"[0#?.,%Ee+\-"@;\[\]<>=0-9a-zA-Z/ _*$£\\]{0,40}"#,
            value in proptest::num::f64::ANY,
        ) {
            let _ = format(value, &code);
        }
    }

    #[test]
    fn fractions() {
        assert_eq!(f(0.25, "# ?/?"), "1/4");
        assert_eq!(f(2.5, "# ?/?"), "2 1/2");
        assert_eq!(f(3.0, "# ?/?"), "3");
        assert_eq!(f(0.333, "# ??/??"), "1/3");
        assert_eq!(f(1.3125, "# ?/16"), "1 5/16");
        assert_eq!(f(1.25, "?/?"), "5/4");
    }

    #[test]
    fn date_and_time_codes_are_recognised() {
        assert_eq!(
            format(0.75, "hh:mm"),
            Shown::DateTime {
                date: false,
                time: true
            }
        );
        assert_eq!(
            format(42312.0, "d mmmm yyyy"),
            Shown::DateTime {
                date: true,
                time: false
            }
        );
        assert_eq!(
            format(42312.7, "dd/mm/yyyy h:mm AM/PM"),
            Shown::DateTime {
                date: true,
                time: true
            }
        );
        assert_eq!(format(1.5, "[h]:mm"), Shown::Text("36:00".into()));
        assert_eq!(format(0.0625, "[mm]:ss"), Shown::Text("90:00".into()));
        assert_eq!(format(1.25, "[h]:mm:ss"), Shown::Text("30:00:00".into()));
        assert_eq!(format(1.25, "[ss]"), Shown::Text("108000".into()));
        // Minutes and seconds are a duration, not a time of day ("12.03am").
        let twelve_minutes_three = (12.0 * 60.0 + 3.0) / 86_400.0;
        assert_eq!(
            format(twelve_minutes_three, "mm:ss"),
            Shown::Text("12:03".into())
        );
        assert_eq!(
            format(twelve_minutes_three, "m:ss"),
            Shown::Text("12:03".into())
        );
        assert_eq!(
            format(twelve_minutes_three + 0.5 / 86_400.0, "mm:ss.0"),
            Shown::Text("12:03.5".into())
        );
        assert_eq!(
            format(twelve_minutes_three, builtin(45).unwrap()),
            Shown::Text("12:03".into())
        );
        assert_eq!(
            format(42312.0, "[$-809]dd mmmm yyyy"),
            Shown::DateTime {
                date: true,
                time: false
            }
        );
    }
}
