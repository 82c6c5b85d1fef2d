//! The project: its folders and its optional house style in `papers.toml`.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// A logo shown on every paper.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// SVG or PNG file, relative to the project.
    pub path: PathBuf,
    /// Alternative text, required for accessibility.
    pub alt: String,
}

/// Labels used on the cover, for councils whose words differ.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Labels {
    /// "Electoral divisions" (counties) or "Wards" (districts).
    pub divisions: String,
}

impl Default for Labels {
    fn default() -> Self {
        Self { divisions: "Electoral divisions".to_owned() }
    }
}

/// How appendices are numbered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum AppendixNumbering {
    /// Appendix 1, 2, 3.
    #[default]
    #[serde(rename = "1")]
    Numbers,
    /// Appendix A, B, C.
    #[serde(rename = "A")]
    Letters,
}

/// `papers.toml`: every key optional, defaults built in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The council's name, shown on every paper unless the Cover gives one.
    pub council: Option<String>,
    /// The council's logo.
    pub logo: Option<Logo>,
    /// Accent colour for headings and rules, `#rrggbb`.
    pub accent: String,
    /// Body font family.
    pub font: String,
    /// Paper size, as Typst names it (`a4`, `us-letter`).
    pub paper: String,
    /// Appendix numbering.
    pub appendix_numbering: AppendixNumbering,
    /// Cover labels.
    pub labels: Labels,
    /// Local groups an EqIA assesses after the nine protected characteristics (care
    /// experience, socio-economic inequality, rurality, armed forces ...).
    pub eqia_groups: Vec<String>,
    /// Integrated impact assessment categories, in order; others found in a sheet follow.
    pub iia_categories: Vec<String>,
    /// A folder of extra fonts (TTF/OTF), relative to the project, loaded once.
    pub fonts: Option<PathBuf>,
    /// The project folder (not a key).
    #[serde(skip)]
    pub root: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            council: None,
            logo: None,
            accent: "#1f4e79".to_owned(),
            font: crate::fonts::DEFAULT_FAMILY.to_owned(),
            paper: "a4".to_owned(),
            appendix_numbering: AppendixNumbering::Numbers,
            labels: Labels::default(),
            eqia_groups: Vec::new(),
            iia_categories: ["Economic", "Social", "Equality and diversity", "Environmental"].map(String::from).to_vec(),
            fonts: None,
            root: PathBuf::new(),
        }
    }
}

impl Config {
    /// Reads `papers.toml` in `root` if there is one; defaults otherwise.
    pub fn load(root: &Path) -> anyhow::Result<Config> {
        let path = root.join("papers.toml");
        let mut config = if path.exists() {
            let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            toml::from_str::<Config>(&text).map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.message().trim()))?
        } else {
            Config::default()
        };
        config.root = root.to_owned();
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> anyhow::Result<()> {
        let Some(rgb) = parse_hex(&self.accent) else {
            bail!("papers.toml: accent \"{}\" is not a colour like \"#1f4e79\"", self.accent);
        };
        let ratio = contrast_with_white(rgb);
        if ratio < 4.5 {
            bail!(
                "papers.toml: accent \"{}\" has a contrast of {ratio:.2}:1 against white; at least 4.5:1 is needed for text",
                self.accent
            );
        }
        if let Some(logo) = &self.logo {
            let ext = logo.path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_lowercase();
            if !matches!(ext.as_str(), "svg" | "png") {
                bail!("papers.toml: logo {} must be an SVG or PNG file", logo.path.display());
            }
            if logo.alt.trim().is_empty() {
                bail!("papers.toml: logo needs alt text (alt = \"...\") for screen readers");
            }
            if !self.root.join(&logo.path).is_file() {
                bail!("papers.toml: logo {} does not exist", logo.path.display());
            }
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

    /// Whether the project has its own template of this name.
    pub fn has_template(&self, name: &str) -> bool {
        self.root.join("templates").join(format!("{name}.typ.hbs")).is_file()
    }

    /// The logo's bytes and its virtual path in the Typst world.
    pub fn logo_file(&self) -> anyhow::Result<Option<(String, Vec<u8>)>> {
        let Some(logo) = &self.logo else { return Ok(None) };
        let path = self.root.join(&logo.path);
        let bytes = std::fs::read(&path).with_context(|| format!("reading the logo {}", path.display()))?;
        let ext = logo.path.extension().and_then(|e| e.to_str()).unwrap_or("png").to_lowercase();
        Ok(Some((format!("/logo.{ext}"), bytes)))
    }
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
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let l = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
    1.05 / (l + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_is_checked() {
        assert!(contrast_with_white([0x1f, 0x4e, 0x79]) > 4.5);
        assert!(contrast_with_white([0xff, 0xff, 0x00]) < 4.5);
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = toml::from_str::<Config>("councill = \"x\"").unwrap_err();
        assert!(err.message().contains("councill"), "{}", err.message());
    }

    #[test]
    fn appendix_letters() {
        let c = Config { appendix_numbering: AppendixNumbering::Letters, ..Config::default() };
        assert_eq!(c.appendix_label(1), "A");
        assert_eq!(c.appendix_label(27), "AA");
    }
}
