//! The project's house style, `papers.toml`: every key optional, every default built in, and
//! every slip (an unknown key, an unreadable colour, a font that is not there) refused with
//! the file, the line and the nearest right answer.
//!
//! [`KEYS`] is the reference: each key, its default and what it does. A test holds it to the
//! struct, so the two cannot drift apart.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, bail};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Every key of `papers.toml`: (key, default, meaning). The README's reference is this table.
pub const KEYS: &[(&str, &str, &str)] = &[
    (
        "council",
        "none",
        "The council's name, on every cover and running header, and the PDF's author; a Cover's \
            own `Council` field wins.",
    ),
    (
        "logo.path",
        "none",
        "The council's logo, an SVG or PNG file relative to the project, shown top right on every \
            cover and agenda front sheet.",
    ),
    (
        "logo.alt",
        "none (required with a logo)",
        "The logo's alternative text, read out by screen readers (\"Norwich City Council\").",
    ),
    (
        "accent",
        "\"#1f4e79\"",
        "Colour of headings and links, `#rrggbb`; refused unless its contrast against white is at \
            least 4.5:1 (WCAG AA for text).",
    ),
    (
        "font",
        "\"Papers Sans\"",
        "Body font family: the bundled Papers Sans (Liberation Sans, with Arial's metrics; \
            \"Arial\" and \"Liberation Sans\" name it too) or DejaVu Sans, or a family from the \
            `fonts` folder.",
    ),
    (
        "fonts",
        "none",
        "A folder of extra fonts (.ttf, .otf, .ttc, .otc) relative to the project, loaded once per \
            run.",
    ),
    (
        "paper",
        "\"a4\"",
        "Paper size, as Typst names it: \"a4\", \"a3\", \"a5\", \"us-letter\" ...",
    ),
    (
        "clock",
        "\"12-hour\"",
        "How times print: \"12-hour\" as councils write them (\"6pm\", \"5.30pm\", \"12 noon\") or \
            \"24-hour\" (\"18:00\", \"17:30\").",
    ),
    (
        "appendix_numbering",
        "\"1\"",
        "How appendices are numbered: \"1\" (Appendix 1, 2, 3) or \"A\" (Appendix A, B, C).",
    ),
    (
        "eqia_groups",
        "[]",
        "Local groups an EqIA assesses after the nine protected characteristics, such as [\"Care \
            experience\", \"Socio-economic inequality\", \"Rurality\", \"Armed forces\"]; `papers \
            new eqia` lists them too.",
    ),
    (
        "iia_categories",
        "[\"Economic\", \"Social\", \"Equality and diversity\", \"Environmental\"]",
        "Integrated impact assessment categories in the order they print; categories found only in \
            a workbook follow.",
    ),
    (
        "exempt_dir",
        "\"exempt\"",
        "Where exempt papers (Schedule 12A), their packs and their manifest go: a folder relative \
            to the project, outside `output/`, so that publishing `output/` can never publish \
            them.",
    ),
    (
        "drafts_dir",
        "\"drafts\"",
        "Where a meeting's papers and packs are built until its agenda is published (the Meeting \
            sheet's `Published` date has come): a folder relative to the project, outside \
            `output/`, so that publishing `output/` never publishes a draft.",
    ),
    (
        "base_url",
        "none",
        "The address the published `output/` folder is served from, such as \
            \"https://democracy.example.gov.uk/papers/\": the meetings calendar links each event \
            to its meeting page there, and its host names the events' UIDs. Pages link to each \
            other relatively either way. It must be a plain http or https address: a host (and \
            port) and a path, with no user name or password, query (`?`) or fragment (`#`); \
            anything else is a configuration error naming `base_url`.",
    ),
    (
        "call_in_days",
        "5",
        "Working days after a decision is published during which it may be called in (see \
            \"Decisions and call-in\"); 0 for a body whose decisions are not subject to call-in.",
    ),
    (
        "holidays",
        "\"england-and-wales\"",
        "Whose bank holidays the call-in period skips: \"england-and-wales\", \"scotland\" or \
            \"northern-ireland\" (built in for 2020 to 2035, substitute days included).",
    ),
    (
        "extra_holidays",
        "[]",
        "The council's own closure days, also skipped, as ISO dates: [\"2026-12-29\", \
            \"2026-12-30\"].",
    ),
    (
        "labels.report_to",
        "\"Report to\"",
        "Cover label of the committee the paper goes to (Cambridgeshire says \"To\").",
    ),
    (
        "labels.date",
        "\"Date\"",
        "Cover label of the meeting date.",
    ),
    (
        "labels.report_of",
        "\"Report of\"",
        "Cover label of the officer reporting (Cambridgeshire says \"From\").",
    ),
    (
        "labels.subject",
        "\"Subject\"",
        "Cover label of the subject line.",
    ),
    (
        "labels.divisions",
        "\"Electoral divisions\"",
        "Cover label of the areas affected: \"Electoral divisions\" (counties) or \"Wards\" \
            (districts); a Cover field `Wards` always prints as \"Wards\".",
    ),
    (
        "labels.forward_plan_ref",
        "\"Forward Plan ref\"",
        "Cover label of the forward plan reference.",
    ),
    (
        "labels.key_decision",
        "\"Key decision\"",
        "Cover label of Yes / No for a key decision.",
    ),
    (
        "labels.item",
        "\"Item\"",
        "Label of the agenda item number boxed on the cover.",
    ),
    (
        "labels.purpose",
        "\"Purpose\"",
        "Heading of the purpose of the report.",
    ),
    (
        "labels.recommendations",
        "\"Recommendations\"",
        "Heading of the recommendations (some councils say \"Recommendation\").",
    ),
    (
        "labels.corporate_priorities",
        "\"Corporate and service priorities\"",
        "Heading of the corporate priorities the report serves.",
    ),
    (
        "labels.financial_implications",
        "\"Financial implications\"",
        "Heading of the financial implications.",
    ),
    (
        "labels.contacts",
        "\"Contacts\"",
        "Heading of the contacts (\"Contact officers\").",
    ),
    (
        "labels.background_documents",
        "\"Background documents\"",
        "Heading of the background documents.",
    ),
];

/// A logo shown on every paper.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// SVG or PNG file, relative to the project.
    pub path: PathBuf,
    /// Alternative text, required for accessibility.
    pub alt: String,
}

/// The words a cover prints, for councils whose words differ.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Labels {
    /// The committee the paper goes to: "Report to" (or "To").
    pub report_to: String,
    /// The meeting date: "Date".
    pub date: String,
    /// The officer reporting: "Report of" (or "From").
    pub report_of: String,
    /// The subject line: "Subject".
    pub subject: String,
    /// "Electoral divisions" (counties) or "Wards" (districts).
    pub divisions: String,
    /// "Forward Plan ref".
    pub forward_plan_ref: String,
    /// "Key decision".
    pub key_decision: String,
    /// The agenda item number: "Item".
    pub item: String,
    /// "Purpose".
    pub purpose: String,
    /// "Recommendations".
    pub recommendations: String,
    /// "Corporate and service priorities".
    pub corporate_priorities: String,
    /// "Financial implications".
    pub financial_implications: String,
    /// "Contacts" (or "Contact officers").
    pub contacts: String,
    /// "Background documents".
    pub background_documents: String,
}

impl Default for Labels {
    fn default() -> Self {
        let s = str::to_owned;
        Self {
            report_to: s("Report to"),
            date: s("Date"),
            report_of: s("Report of"),
            subject: s("Subject"),
            divisions: s("Electoral divisions"),
            forward_plan_ref: s("Forward Plan ref"),
            key_decision: s("Key decision"),
            item: s("Item"),
            purpose: s("Purpose"),
            recommendations: s("Recommendations"),
            corporate_priorities: s("Corporate and service priorities"),
            financial_implications: s("Financial implications"),
            contacts: s("Contacts"),
            background_documents: s("Background documents"),
        }
    }
}

impl Labels {
    /// Each label with its key, for validation.
    fn all(&self) -> [(&'static str, &str); 14] {
        [
            ("report_to", &self.report_to),
            ("date", &self.date),
            ("report_of", &self.report_of),
            ("subject", &self.subject),
            ("divisions", &self.divisions),
            ("forward_plan_ref", &self.forward_plan_ref),
            ("key_decision", &self.key_decision),
            ("item", &self.item),
            ("purpose", &self.purpose),
            ("recommendations", &self.recommendations),
            ("corporate_priorities", &self.corporate_priorities),
            ("financial_implications", &self.financial_implications),
            ("contacts", &self.contacts),
            ("background_documents", &self.background_documents),
        ]
    }

    /// Whether the council names its areas wards (so a blank workbook asks for `Wards`).
    pub fn says_wards(&self) -> bool {
        crate::workbook::norm(&self.divisions).starts_with("ward")
    }
}

/// How appendices are numbered. Written `"1"` or `"A"` (a bare `1` is taken too).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AppendixNumbering {
    /// Appendix 1, 2, 3.
    #[default]
    Numbers,
    /// Appendix A, B, C.
    Letters,
}

impl<'de> Deserialize<'de> for AppendixNumbering {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(i64),
        }
        match Raw::deserialize(deserializer) {
            Ok(Raw::Number(1)) => Ok(Self::Numbers),
            Ok(Raw::Text(t)) if t.trim() == "1" => Ok(Self::Numbers),
            Ok(Raw::Text(t)) if t.trim().eq_ignore_ascii_case("a") => Ok(Self::Letters),
            _ => Err(serde::de::Error::custom(
                "appendix_numbering is \"1\" (Appendix 1, 2, 3) or \"A\" (Appendix A, B, C)",
            )),
        }
    }
}

impl Serialize for AppendixNumbering {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match self {
            Self::Numbers => "1",
            Self::Letters => "A",
        })
    }
}

/// `papers.toml`: every key optional, defaults built in (see [`KEYS`]).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The council's name, shown on every paper unless the Cover gives one.
    pub council: Option<String>,
    /// The council's logo.
    pub logo: Option<Logo>,
    /// Accent colour for headings and links, `#rrggbb`.
    pub accent: String,
    /// Body font family.
    pub font: String,
    /// A folder of extra fonts (TTF/OTF), relative to the project, loaded once.
    pub fonts: Option<PathBuf>,
    /// Paper size, as Typst names it (`a4`, `us-letter`).
    pub paper: String,
    /// Appendix numbering.
    pub appendix_numbering: AppendixNumbering,
    /// How times print.
    pub clock: crate::base::time::Clock,
    /// Local groups an EqIA assesses after the nine protected characteristics (care
    /// experience, socio-economic inequality, rurality, armed forces ...).
    pub eqia_groups: Vec<String>,
    /// Integrated impact assessment categories, in order; others found in a sheet follow.
    pub iia_categories: Vec<String>,
    /// Where exempt papers go, relative to the project; never inside `output/`.
    pub exempt_dir: String,
    /// Where drafts go (a meeting's papers before its agenda is published), relative to the
    /// project; never inside `output/`.
    pub drafts_dir: String,
    /// The address `output/` is published at (http or https), for the calendar's links.
    pub base_url: Option<String>,
    /// Working days a decision may be called in after it is published (0: no call-in).
    pub call_in_days: u32,
    /// Whose bank holidays are not working days.
    pub holidays: crate::base::workdays::Nation,
    /// The council's own closure days, ISO 8601 ("2026-12-29").
    pub extra_holidays: Vec<String>,
    /// Cover labels.
    pub labels: Labels,
    /// The project folder (not a key).
    #[serde(skip)]
    pub root: PathBuf,
}

/// Checks that `url` is a plain http or https address that pages can be appended to: a
/// host (and port), a path, and nothing else (no credentials, query or fragment, which would
/// swallow the page's path or hand out a password with every calendar entry).
fn plain_web_address(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .iter()
        .find_map(|s| lower.starts_with(s).then(|| &url[s.len()..]))
    else {
        return Err("it must start with https:// or http://".to_owned());
    };
    if let Some(c) = url.chars().find(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '"' | '<' | '>' | '\\' | '`' | '{' | '}' | '|' | '^')
    }) {
        return Err(format!("it holds {:?}, which no address may hold", c));
    }
    if url.contains('?') {
        return Err("it has a query (?...); give the folder's address only".to_owned());
    }
    if url.contains('#') {
        return Err("it has a fragment (#...); give the folder's address only".to_owned());
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err(
            "it holds a user name or password (...@); give the public address only".to_owned(),
        );
    }
    let (host, port) = match authority.find(']') {
        Some(end) if authority.starts_with('[') => {
            (&authority[..=end], authority[end + 1..].strip_prefix(':'))
        }
        _ => match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        },
    };
    let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
    } else {
        !host.is_empty()
            && !host.starts_with(['.', '-'])
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
    };
    if !host_ok {
        return Err(format!("\"{}\" is not a host name", host.escape_debug()));
    }
    if let Some(port) = port
        && !(port.len() <= 5
            && !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65_535).contains(&p)))
    {
        return Err(format!("\"{}\" is not a port", port.escape_debug()));
    }
    Ok(())
}

/// The nine protected characteristics of the Equality Act 2010, as an EqIA lists them.
pub const PROTECTED_CHARACTERISTICS: [&str; 9] = [
    "Age",
    "Disability",
    "Gender reassignment",
    "Marriage and civil partnership",
    "Pregnancy and maternity",
    "Race",
    "Religion or belief",
    "Sex",
    "Sexual orientation",
];

/// The paper sizes offered when a name is misspelt (Typst knows many more).
const COMMON_PAPERS: &[&str] = &["a3", "a4", "a5", "us-letter", "us-legal"];

impl Default for Config {
    fn default() -> Self {
        Self {
            council: None,
            logo: None,
            accent: "#1f4e79".to_owned(),
            font: crate::base::fonts::DEFAULT_FAMILY.to_owned(),
            fonts: None,
            paper: "a4".to_owned(),
            appendix_numbering: AppendixNumbering::Numbers,
            clock: crate::base::time::Clock::Twelve,
            eqia_groups: Vec::new(),
            iia_categories: [
                "Economic",
                "Social",
                "Equality and diversity",
                "Environmental",
            ]
            .map(String::from)
            .to_vec(),
            exempt_dir: "exempt".to_owned(),
            drafts_dir: "drafts".to_owned(),
            base_url: None,
            call_in_days: 5,
            holidays: crate::base::workdays::Nation::default(),
            extra_holidays: Vec::new(),
            labels: Labels::default(),
            root: PathBuf::new(),
        }
    }
}

impl Config {
    /// Reads `papers.toml` in `root` if there is one (defaults otherwise), checks it, and
    /// loads its font folder into the process's font store.
    pub fn load(root: &Path) -> anyhow::Result<Config> {
        let path = root.join("papers.toml");
        let mut config = if path.symlink_metadata().is_ok() {
            check_readable(root, &path)?;
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            Config::parse(&text)?
        } else {
            Config::default()
        };
        config.root = root.to_owned();
        config.validate()?;
        config.load_fonts()?;
        Ok(config)
    }

    /// Parses the text of a `papers.toml`; errors name the line and column, and an unknown
    /// key comes with the nearest known one.
    pub fn parse(text: &str) -> anyhow::Result<Config> {
        toml::from_str::<Config>(text).map_err(|e| anyhow::anyhow!(describe(text, &e)))
    }

    /// Checks what the types cannot: the colour's contrast, the logo, the paper, the lists.
    fn validate(&mut self) -> anyhow::Result<()> {
        self.council = self
            .council
            .take()
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        self.check_lengths()?;
        self.check_paths()?;
        if let Some(url) = &self.base_url
            && let Err(why) = plain_web_address(url)
        {
            bail!(
                "papers.toml: base_url \"{}\" is not a plain web address like \
                    \"https://democracy.example.gov.uk/papers/\": {why}",
                url.escape_debug()
            );
        }
        let Some(rgb) = parse_hex(&self.accent) else {
            bail!(
                "papers.toml: accent \"{}\" is not a colour like \"#1f4e79\"",
                self.accent
            );
        };
        let ratio = contrast_with_white(rgb);
        if ratio < 4.5 {
            bail!(
                "papers.toml: accent \"{}\" has a contrast of {ratio:.2}:1 against white; at least \
                    4.5:1 is needed for text (the default \"#1f4e79\" has 8.9:1)",
                self.accent
            );
        }
        if let Some(logo) = &self.logo {
            let ext = logo
                .path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default()
                .to_lowercase();
            if !matches!(ext.as_str(), "svg" | "png") {
                bail!(
                    "papers.toml: logo {} must be an SVG or PNG file",
                    logo.path.display()
                );
            }
            if logo.alt.trim().is_empty() {
                bail!("papers.toml: logo needs alt text (alt = \"...\") for screen readers");
            }
            if !self.root.as_os_str().is_empty() {
                let path = self.root.join(&logo.path);
                if let Some(kind) = std::fs::metadata(&path)
                    .ok()
                    .as_ref()
                    .and_then(crate::base::paths::special_kind)
                {
                    bail!(
                        "papers.toml: logo {} is {kind}, not an image file",
                        logo.path.display()
                    );
                }
                if !path.is_file() {
                    bail!("papers.toml: logo {} does not exist", logo.path.display());
                }
                let root = crate::base::paths::Root::new(&self.root)?;
                root.resolve_inside(&path).map_err(|why| {
                    anyhow::anyhow!("papers.toml: logo {}: {why}", logo.path.display())
                })?;
                let bytes = read_limited(&path, MAX_LOGO_BYTES).with_context(|| {
                    format!("papers.toml: reading the logo {}", logo.path.display())
                })?;
                crate::base::image::check_logo(&ext, &bytes).map_err(|why| {
                    anyhow::anyhow!("papers.toml: logo {}: {why}", logo.path.display())
                })?;
            }
        }
        let known_paper = typst::layout::Paper::from_str(&self.paper).is_ok()
            && self.paper == self.paper.to_lowercase();
        if !known_paper {
            let hint = crate::base::diag::nearest(&self.paper, COMMON_PAPERS.iter().copied())
                .map(|s| format!("; did you mean \"{s}\"?"))
                .unwrap_or_default();
            bail!(
                "papers.toml: paper \"{}\" is not a paper size Typst knows (such as {}){hint}",
                self.paper,
                COMMON_PAPERS.join(", ")
            );
        }
        for (key, label) in self.labels.all() {
            if label.trim().is_empty() {
                bail!(
                    "papers.toml: labels.{key} is empty; give the words the cover should print, or \
                        leave the key out for the default"
                );
            }
        }
        check_list("eqia_groups", &self.eqia_groups)?;
        check_list("iia_categories", &self.iia_categories)?;
        self.working_days()?;
        if self.call_in_days > 60 {
            bail!(
                "papers.toml: call_in_days is {}; a call-in period is a few working days (5 is \
                    common), at most 60",
                self.call_in_days
            );
        }
        for group in &self.eqia_groups {
            if let Some(p) = PROTECTED_CHARACTERISTICS
                .iter()
                .find(|p| crate::workbook::norm(p) == crate::workbook::norm(group))
            {
                bail!(
                    "papers.toml: eqia_groups lists \"{group}\", but {p} is one of the nine \
                        protected characteristics every EqIA has already; list only local groups"
                );
            }
        }
        Ok(())
    }

    /// Refuses text longer than any real value of a key, before it reaches a page.
    fn check_lengths(&self) -> anyhow::Result<()> {
        let mut texts: Vec<(String, &str)> = vec![
            ("accent".into(), &self.accent),
            ("font".into(), &self.font),
            ("paper".into(), &self.paper),
            ("exempt_dir".into(), &self.exempt_dir),
            ("drafts_dir".into(), &self.drafts_dir),
        ];
        if let Some(c) = &self.council {
            texts.push(("council".into(), c));
        }
        if let Some(l) = &self.logo {
            texts.push(("logo.alt".into(), &l.alt));
        }
        for (key, label) in self.labels.all() {
            texts.push((format!("labels.{key}"), label));
        }
        for (key, list) in [
            ("eqia_groups", &self.eqia_groups),
            ("iia_categories", &self.iia_categories),
            ("extra_holidays", &self.extra_holidays),
        ] {
            if list.len() > MAX_LIST {
                bail!(
                    "papers.toml: {key} lists {} entries; at most {MAX_LIST} are allowed",
                    list.len()
                );
            }
            texts.extend(list.iter().map(|t| (key.to_owned(), t.as_str())));
        }
        for (key, text) in texts {
            if text.chars().count() > MAX_TEXT {
                bail!(
                    "papers.toml: {key} is {} characters long; at most {MAX_TEXT} are allowed",
                    text.chars().count()
                );
            }
        }
        Ok(())
    }

    /// Every path is relative and stays in the project; the exempt tree is outside `output/`
    /// and `inputs/`.
    fn check_paths(&mut self) -> anyhow::Result<()> {
        let mut paths: Vec<(&str, &Path)> = Vec::new();
        if let Some(l) = &self.logo {
            paths.push(("logo.path", &l.path));
        }
        if let Some(f) = &self.fonts {
            paths.push(("fonts", f));
        }
        let exempt = PathBuf::from(&self.exempt_dir);
        paths.push(("exempt_dir", &exempt));
        let drafts = PathBuf::from(&self.drafts_dir);
        paths.push(("drafts_dir", &drafts));
        for (key, path) in paths {
            crate::base::paths::relative(path)
                .map_err(|why| anyhow::anyhow!("papers.toml: {key}: {why}"))?;
        }
        self.exempt_dir = own_tree("exempt_dir", &self.exempt_dir)?;
        self.drafts_dir = own_tree("drafts_dir", &self.drafts_dir)?;
        let first = |d: &str| d.split('/').next().unwrap_or_default().to_lowercase();
        if first(&self.exempt_dir) == first(&self.drafts_dir) {
            bail!(
                "papers.toml: drafts_dir \"{}\" and exempt_dir \"{}\" must be folders apart: \
                    drafts are published once their meeting is, exempt papers never",
                self.drafts_dir,
                self.exempt_dir
            );
        }
        Ok(())
    }

    /// The working-day calendar of call-in periods: the nation's bank holidays and the
    /// council's `extra_holidays`, each of which must be a date.
    pub fn working_days(&self) -> anyhow::Result<crate::base::workdays::Calendar> {
        let mut extra = Vec::new();
        for text in &self.extra_holidays {
            let Some(day) = crate::base::date::Date::parse(text) else {
                bail!(
                    "papers.toml: extra_holidays lists \"{}\", which is not a date; write dates as \
                        \"2026-12-29\"",
                    text.escape_debug()
                );
            };
            extra.push(day);
        }
        Ok(crate::base::workdays::Calendar {
            nation: self.holidays,
            extra,
        })
    }

    /// Where drafts go, relative to the project (`drafts`).
    pub fn drafts_dir(&self) -> String {
        self.drafts_dir.clone()
    }

    /// Where exempt papers go, relative to the project (`exempt`).
    pub fn exempt_dir(&self) -> String {
        self.exempt_dir.clone()
    }

    /// Loads the `fonts` folder into the font store (once per process) and checks that the
    /// body font is one the store has.
    fn load_fonts(&mut self) -> anyhow::Result<()> {
        use crate::base::fonts::{ARIAL_NAMES, BUNDLED_FAMILIES, DEFAULT_FAMILY};
        let arial = ARIAL_NAMES
            .iter()
            .any(|n| self.font.eq_ignore_ascii_case(n));
        // A bundled family needs no check, and parsing fonts costs more than a no-op
        // rebuild: the store is then built when the first document is typeset. "Arial" is
        // the bundled Arial-metric face unless the project brings a font of that name.
        if self.fonts.is_none() {
            if let Some(bundled) = BUNDLED_FAMILIES
                .iter()
                .find(|f| self.font.eq_ignore_ascii_case(f))
            {
                self.font = (*bundled).to_owned();
                return Ok(());
            }
            if arial {
                self.font = DEFAULT_FAMILY.to_owned();
                return Ok(());
            }
        }
        let mut extra = Vec::new();
        if let Some(dir) = &self.fonts {
            let path = self.root.join(dir);
            let root = crate::base::paths::Root::new(&self.root)?;
            root.resolve_inside(&path).map_err(|why| {
                anyhow::anyhow!("papers.toml: fonts folder {}: {why}", dir.display())
            })?;
            let entries = std::fs::read_dir(&path)
                .with_context(|| format!("papers.toml: fonts folder {}", path.display()))?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| is_font_file(p))
                .collect();
            files.sort();
            if files.is_empty() {
                bail!(
                    "papers.toml: the fonts folder {} holds no .ttf, .otf, .ttc or .otc files",
                    path.display()
                );
            }
            for file in files {
                root.resolve_inside(&file).map_err(|why| {
                    anyhow::anyhow!("papers.toml: font {}: {why}", file.display())
                })?;
                let bytes = read_limited(&file, MAX_FONT_BYTES)
                    .with_context(|| format!("papers.toml: reading the font {}", file.display()))?;
                if typst::text::Font::iter(typst::foundations::Bytes::new(bytes.clone()))
                    .next()
                    .is_none()
                {
                    bail!(
                        "papers.toml: {} in the fonts folder is not a font Typst can read",
                        file.display()
                    );
                }
                extra.push(bytes);
            }
        }
        crate::base::fonts::init(extra).map_err(|e| anyhow::anyhow!("papers.toml: {e}"))?;
        let book = crate::base::fonts::book();
        if arial && !book.contains_family(&self.font.to_lowercase()) {
            self.font = DEFAULT_FAMILY.to_owned();
        }
        if !book.contains_family(&self.font.to_lowercase()) {
            let families = crate::base::fonts::families();
            let hint = crate::base::diag::nearest(&self.font, families.iter().map(String::as_str))
                .map(|s| format!("; did you mean \"{s}\"?"))
                .unwrap_or_default();
            bail!(
                "papers.toml: font \"{}\" is neither bundled nor in the fonts folder (fonts \
                    available: {}){hint}",
                self.font,
                families.join(", ")
            );
        }
        Ok(())
    }

    /// The label of the `n`th appendix (1-based).
    pub fn appendix_label(&self, n: usize) -> String {
        match self.appendix_numbering {
            AppendixNumbering::Numbers => n.to_string(),
            AppendixNumbering::Letters => {
                let mut s = String::new();
                let mut n = n;
                while n > 0 {
                    s.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
                    n = (n - 1) / 26;
                }
                s
            }
        }
    }

    /// Whether the project has its own template of this name (a plain name: a Cover cannot
    /// name a file elsewhere).
    pub fn has_template(&self, name: &str) -> bool {
        crate::base::paths::plain_name(name).is_ok()
            && self
                .root
                .join("templates")
                .join(format!("{name}.typ.hbs"))
                .is_file()
    }

    /// The logo's bytes and its virtual path in the Typst world.
    pub fn logo_file(&self) -> anyhow::Result<Option<(String, Vec<u8>)>> {
        let Some(logo) = &self.logo else {
            return Ok(None);
        };
        let path = self.root.join(&logo.path);
        let bytes = read_limited(&path, MAX_LOGO_BYTES)
            .with_context(|| format!("reading the logo {}", path.display()))?;
        let ext = logo
            .path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("png")
            .to_lowercase();
        Ok(Some((format!("/logo.{ext}"), bytes)))
    }
}

/// The longest text a key may hold, in characters.
const MAX_TEXT: usize = 1_000;
/// The most entries a list key may hold.
const MAX_LIST: usize = 100;
/// The largest font file, in bytes (a CJK font with every weight is about 30 MB).
const MAX_FONT_BYTES: u64 = 64 << 20;
/// Checks, before it is opened, that `papers.toml` is a file of the project: a link that
/// resolves outside it (or nowhere) is refused, and so is a named pipe, socket or device,
/// which would make Papers wait for ever.
fn check_readable(root: &Path, path: &Path) -> anyhow::Result<()> {
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        let root = if root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            root
        };
        crate::base::paths::Root::new(root)?
            .resolve_inside(path)
            .map_err(|why| {
                anyhow::anyhow!(
                    "{}: {why}; papers.toml must be a file of the project (copy it in, or link to \
                        a file inside the project)",
                    path.display()
                )
            })?;
    }
    let meta = std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
    if let Some(kind) = crate::base::paths::special_kind(&meta) {
        bail!(
            "{} is {kind}, not a file; papers.toml must be a plain text file (remove it and write \
                one)",
            path.display()
        );
    }
    if meta.is_dir() {
        bail!(
            "{} is a folder; papers.toml must be a plain text file",
            path.display()
        );
    }
    Ok(())
}

/// The largest logo file, in bytes.
pub const MAX_LOGO_BYTES: u64 = 2 << 20;

/// Reads a file, refusing it unread when it is past `limit` bytes.
fn read_limited(path: &Path, limit: u64) -> anyhow::Result<Vec<u8>> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path)?;
    // A pipe or device is never opened: reading one could wait, or go on, for ever.
    if let Some(kind) = crate::base::paths::special_kind(&meta) {
        bail!("it is {kind}, not a file");
    }
    let len = meta.len();
    if len > limit {
        bail!(
            "it is {} KiB, larger than the {} KiB allowed",
            len >> 10,
            limit >> 10
        );
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        bail!("it is larger than the {} KiB allowed", limit >> 10);
    }
    Ok(bytes)
}

/// A list key's entries must be filled in and different.
fn check_list(key: &str, items: &[String]) -> anyhow::Result<()> {
    for (i, item) in items.iter().enumerate() {
        if item.trim().is_empty() {
            bail!("papers.toml: {key} has an empty entry (number {})", i + 1);
        }
        if items[..i]
            .iter()
            .any(|o| crate::workbook::norm(o) == crate::workbook::norm(item))
        {
            bail!("papers.toml: {key} lists \"{item}\" twice");
        }
    }
    Ok(())
}

fn is_font_file(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_lowercase();
    path.is_file() && matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc")
}

/// A TOML error as `papers.toml:LINE:COL: message`; an unknown key names the nearest known one.
fn describe(text: &str, e: &toml::de::Error) -> String {
    let place = e.span().map(|span| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col, section_of(before))
    });
    let message = e.message().trim();
    let detail = match unknown_field(message) {
        Some((key, expected)) => {
            let scope = place
                .as_ref()
                .and_then(|p| p.2.clone())
                .map(|s| format!(" in [{s}]"))
                .unwrap_or_default();
            let hint = crate::base::diag::nearest(&key, expected.iter().map(String::as_str))
                .map(|s| format!("; did you mean \"{s}\"?"))
                .unwrap_or_else(|| format!(" (known keys: {})", expected.join(", ")));
            format!("unknown key \"{key}\"{scope}{hint}")
        }
        None => message.to_owned(),
    };
    match place {
        Some((line, col, _)) => format!("papers.toml:{line}:{col}: {detail}"),
        None => format!("papers.toml: {detail}"),
    }
}

/// The `[table]` a position lies in, from the last table header before it.
fn section_of(before: &str) -> Option<String> {
    before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.starts_with("[["))
        .map(|l| l.trim_matches(['[', ']']).trim().to_owned())
}

/// serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a`"), taken apart.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    Some((key.to_owned(), expected))
}

/// `#rrggbb` as three bytes.
pub fn parse_hex(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// WCAG 2 contrast ratio of a colour against white.
pub fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    contrast(rgb, [0xff, 0xff, 0xff])
}

/// WCAG 2 relative luminance of a colour.
fn luminance(rgb: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

/// WCAG 2 contrast ratio of two colours.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A tree of Papers' own beside `output/` (the exempt tree, the drafts): a relative folder,
/// normalised to forward slashes, that is not `output/`, `inputs/` or `templates/` or inside
/// them.
fn own_tree(key: &str, value: &str) -> anyhow::Result<String> {
    let dir: String = Path::new(value)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|c| c != ".")
        .collect::<Vec<_>>()
        .join("/");
    let first = dir.split('/').next().unwrap_or_default().to_lowercase();
    if dir.is_empty() || ["output", "inputs", "templates"].contains(&first.as_str()) {
        bail!(
            "papers.toml: {key} \"{value}\" must be a folder of its own, outside output/ (which is \
                published), inputs/ and templates/"
        );
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> anyhow::Result<Config> {
        let mut config = Config::parse(text)?;
        config.validate()?;
        Ok(config)
    }

    #[test]
    fn contrast_is_checked() {
        assert!(contrast_with_white([0x1f, 0x4e, 0x79]) > 4.5);
        assert!(contrast_with_white([0xff, 0xff, 0x00]) < 4.5);
        let err = checked("accent = \"#ffcc00\"").unwrap_err().to_string();
        assert!(
            err.contains("contrast of 1.") && err.contains("4.5:1"),
            "{err}"
        );
        assert!(checked("accent = \"#8a1538\"").is_ok());
        assert!(
            checked("accent = \"navy\"")
                .unwrap_err()
                .to_string()
                .contains("not a colour")
        );
    }

    #[test]
    fn base_url_is_a_plain_web_address() {
        for good in [
            "https://democracy.example.gov.uk/papers/",
            "http://intranet:8080",
            "https://[::1]:8443/papers",
            "HTTPS://Example.org/a%20b/",
        ] {
            let config = checked(&format!("base_url = \"{good}\""));
            assert!(config.is_ok(), "{good}: {:?}", config.err());
        }
        for (bad, why) in [
            ("https://example.org/papers/?page=", "query"),
            ("https://example.org/papers/#top", "fragment"),
            ("https://user:secret@example.org/papers/", "password"),
            ("ftp://example.org/", "https://"),
            ("javascript:alert(1)", "https://"),
            ("https:///papers", "host"),
            ("https://exa mple.org/", "holds"),
            ("https://example.org:99999/", "port"),
        ] {
            let err = checked(&format!("base_url = \"{bad}\""))
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with("papers.toml: base_url ") && err.contains(why),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn unknown_keys_name_the_key_the_line_and_the_nearest() {
        let err = Config::parse("council = \"Norwich City Council\"\ncouncill = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "papers.toml:2:1: unknown key \"councill\"; did you mean \"council\"?"
        );
        let err = Config::parse("[labels]\nreport_too = \"To\"\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "papers.toml:2:1: unknown key \"report_too\" in [labels]; did you mean \"report_to\"?"
        );
        let err = Config::parse("[logo]\npath = \"a.svg\"\nalt = \"A\"\nheight = 3\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "papers.toml:4:1: unknown key \"height\" in [logo] (known keys: path, alt)"
            ),
            "{err}"
        );
    }

    #[test]
    fn every_key_is_documented_and_every_documented_key_exists() {
        let value = serde_json::to_value(Config {
            council: Some(String::new()),
            logo: Some(Logo {
                path: "l.svg".into(),
                alt: String::new(),
            }),
            fonts: Some("f".into()),
            ..Config::default()
        })
        .unwrap();
        let mut keys = Vec::new();
        for (k, v) in value.as_object().unwrap() {
            match v.as_object() {
                Some(table) => keys.extend(table.keys().map(|s| format!("{k}.{s}"))),
                None => keys.push(k.clone()),
            }
        }
        keys.sort();
        let mut documented: Vec<String> = KEYS.iter().map(|(k, _, _)| (*k).to_owned()).collect();
        documented.sort();
        assert_eq!(keys, documented);
    }

    #[test]
    fn documented_defaults_are_the_defaults() {
        let value = serde_json::to_value(Config::default()).unwrap();
        for (key, default, _) in KEYS {
            let v = key.split('.').fold(&value, |v, k| &v[k]);
            if v.is_null() {
                assert!(default.starts_with("none"), "{key}: {default}");
            } else {
                let toml = toml::to_string(&serde_json::json!({ "k": v })).unwrap();
                assert_eq!(toml.trim().trim_start_matches("k = "), *default, "{key}");
            }
        }
    }

    #[test]
    fn holidays_and_extra_holidays_make_the_call_in_calendar() {
        let config =
            checked("holidays = \"scotland\"\ncall_in_days = 3\nextra_holidays = [\"2026-12-29\"]")
                .unwrap();
        let calendar = config.working_days().unwrap();
        assert_eq!(calendar.nation, crate::base::workdays::Nation::Scotland);
        assert_eq!(calendar.extra.len(), 1);
        assert_eq!(config.call_in_days, 3);
        let err = checked("extra_holidays = [\"Boxing Day\"]")
            .unwrap_err()
            .to_string();
        assert!(err.contains("extra_holidays lists \"Boxing Day\""), "{err}");
        assert!(Config::parse("holidays = \"wales\"").is_err());
    }

    #[test]
    fn appendix_numbering_as_written() {
        assert_eq!(
            Config::parse("appendix_numbering = \"A\"")
                .unwrap()
                .appendix_numbering,
            AppendixNumbering::Letters
        );
        assert_eq!(
            Config::parse("appendix_numbering = 1")
                .unwrap()
                .appendix_numbering,
            AppendixNumbering::Numbers
        );
        let err = Config::parse("appendix_numbering = \"i\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"1\" (Appendix 1, 2, 3) or \"A\""), "{err}");
        let c = Config {
            appendix_numbering: AppendixNumbering::Letters,
            ..Config::default()
        };
        assert_eq!(c.appendix_label(1), "A");
        assert_eq!(c.appendix_label(27), "AA");
    }

    #[test]
    fn the_clock_is_twelve_or_twenty_four_hours() {
        use crate::base::time::Clock;
        assert_eq!(Config::parse("").unwrap().clock, Clock::Twelve);
        assert_eq!(
            Config::parse("clock = \"24-hour\"").unwrap().clock,
            Clock::TwentyFour
        );
        assert_eq!(
            Config::parse("clock = \"12-hour\"").unwrap().clock,
            Clock::Twelve
        );
        let err = Config::parse("clock = \"24h\"").unwrap_err().to_string();
        assert!(
            err.contains("24-hour") && err.contains("papers.toml:1"),
            "{err}"
        );
    }

    #[test]
    fn paper_labels_and_lists_are_checked() {
        assert!(checked("paper = \"us-letter\"").is_ok());
        let err = checked("paper = \"a44\"").unwrap_err().to_string();
        assert!(err.contains("did you mean \"a4\""), "{err}");
        assert!(
            checked("[labels]\nreport_to = \" \"")
                .unwrap_err()
                .to_string()
                .contains("labels.report_to is empty")
        );
        let err = checked("eqia_groups = [\"Rurality\", \"rurality\"]")
            .unwrap_err()
            .to_string();
        assert!(err.contains("twice"), "{err}");
        let err = checked("eqia_groups = [\"Care experience\", \"Religion or belief\"]")
            .unwrap_err()
            .to_string();
        assert!(err.contains("nine protected characteristics"), "{err}");
        let c = checked("[labels]\ndivisions = \"Ward/s\"\nreport_of = \"From\"").unwrap();
        assert!(c.labels.says_wards());
        assert_eq!(c.labels.report_of, "From");
        assert_eq!(c.labels.report_to, "Report to");
    }
}
