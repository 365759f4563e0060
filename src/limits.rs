//! Resource limits a platform team can rely on: how large a file planlint reads, how far a
//! .docx may expand, how many findings one file reports and how long one file may take.
//!
//! Each has a default that no real plan comes near, a `check` flag and a `limits:` key in
//! `planlint.yaml`; the flag wins over the config, the config over the default.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

const MIB: u64 = 1024 * 1024;

/// The limits in force for one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Files larger than this are refused before a byte is read (the largest real plans with
    /// their annexes are a few MB of text).
    pub max_file_size: u64,
    /// What the XML parts of a .docx that planlint reads may expand to, together.
    pub max_docx_expansion: u64,
    /// How many times its compressed size one part may expand to, once it passes
    /// [`RATIO_FLOOR`]: XML compresses about 10:1, a zip bomb 1000:1.
    pub max_docx_ratio: u64,
    /// Findings reported per file; the rest are summed up in one finding.
    pub max_findings: usize,
    /// Time one file may take from reading to its last rule; `None`: no limit.
    pub time_budget: Option<Duration>,
}

/// The largest lexicon file read (a unit roster, a word list: 141,000 words are 1.5 MB).
pub const MAX_LEXICON_BYTES: u64 = 16 * MIB;

/// Below this many expanded bytes a part is never refused for its ratio: a tiny document of
/// empty paragraphs compresses very well and harms no one.
pub const RATIO_FLOOR: u64 = 4 * MIB;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 50 * MIB,
            max_docx_expansion: 200 * MIB,
            max_docx_ratio: 200,
            max_findings: 10_000,
            time_budget: Some(Duration::from_secs(10)),
        }
    }
}

impl Limits {
    /// These limits with the ones a config or the command line sets laid over them.
    pub fn with(mut self, set: &LimitSettings) -> Limits {
        if let Some(v) = set.max_file_size {
            self.max_file_size = v.0;
        }
        if let Some(v) = set.max_docx_expansion {
            self.max_docx_expansion = v.0;
        }
        if let Some(v) = set.max_docx_ratio {
            self.max_docx_ratio = v;
        }
        if let Some(v) = set.max_findings {
            self.max_findings = v;
        }
        if let Some(v) = set.time_budget {
            self.time_budget = v.0;
        }
        self
    }
}

/// Limits as a config's `limits:` key or the command line give them; unset ones keep the
/// default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    #[serde(default)]
    pub max_file_size: Option<ByteSize>,
    #[serde(default)]
    pub max_docx_expansion: Option<ByteSize>,
    #[serde(default)]
    pub max_docx_ratio: Option<u64>,
    #[serde(default)]
    pub max_findings: Option<usize>,
    #[serde(default)]
    pub time_budget: Option<TimeBudget>,
}

/// A number of bytes, written `52428800`, `50MB`, `512 KB` or `1GB` (units of 1024).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSize(pub u64);

impl ByteSize {
    pub fn parse(s: &str) -> Result<ByteSize, String> {
        let t = s.trim();
        let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (number, unit) = t.split_at(digits);
        let number: u64 = number
            .parse()
            .map_err(|_| format!("“{s}”不是有效的大小，应写成如 50MB、512KB 或字节数"))?;
        let scale = match unit.trim().to_ascii_uppercase().as_str() {
            "" | "B" => 1,
            "K" | "KB" | "KIB" => 1024,
            "M" | "MB" | "MIB" => MIB,
            "G" | "GB" | "GIB" => 1024 * MIB,
            _ => return Err(format!("“{s}”的单位无法识别，可用 B、KB、MB、GB")),
        };
        number
            .checked_mul(scale)
            .map(ByteSize)
            .ok_or_else(|| format!("“{s}”太大"))
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        human_size(self.0, f)
    }
}

/// A size for messages: `50 MB`, `1.5 MB`, `300 KB`, `12 字节`.
pub fn human_size(bytes: u64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if bytes >= MIB {
        let tenths = bytes * 10 / MIB;
        if tenths.is_multiple_of(10) {
            write!(f, "{} MB", tenths / 10)
        } else {
            write!(f, "{}.{} MB", tenths / 10, tenths % 10)
        }
    } else if bytes >= 1024 {
        write!(f, "{} KB", bytes / 1024)
    } else {
        write!(f, "{bytes} 字节")
    }
}

/// A per-file time budget, written `10s`, `500ms`, `2m` or a number of seconds; `0` or `off`
/// switches it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeBudget(pub Option<Duration>);

impl TimeBudget {
    pub fn parse(s: &str) -> Result<TimeBudget, String> {
        let t = s.trim().to_ascii_lowercase();
        if t == "off" || t == "none" {
            return Ok(TimeBudget(None));
        }
        let digits = t
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(t.len());
        let (number, unit) = t.split_at(digits);
        let number: f64 = number
            .parse()
            .map_err(|_| format!("“{s}”不是有效的时长，应写成如 10s、500ms 或 off"))?;
        let seconds = match unit.trim() {
            "" | "s" | "秒" => number,
            "ms" | "毫秒" => number / 1000.0,
            "m" | "min" | "分钟" => number * 60.0,
            _ => return Err(format!("“{s}”的单位无法识别，可用 ms、s、m")),
        };
        if seconds == 0.0 {
            return Ok(TimeBudget(None));
        }
        Duration::try_from_secs_f64(seconds)
            .map(|d| TimeBudget(Some(d)))
            .map_err(|_| format!("“{s}”不是有效的时长"))
    }
}

/// Both read from YAML as a number or a string with a unit.
macro_rules! number_or_text {
    ($ty:ty, $from_number:expr) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #[derive(Deserialize)]
                #[serde(untagged)]
                enum Raw {
                    Number(u64),
                    Text(String),
                }
                match Raw::deserialize(d)? {
                    Raw::Number(n) => Ok($from_number(n)),
                    Raw::Text(t) => <$ty>::parse(&t).map_err(serde::de::Error::custom),
                }
            }
        }
    };
}

number_or_text!(ByteSize, ByteSize);
number_or_text!(TimeBudget, |n: u64| TimeBudget(
    (n > 0).then(|| Duration::from_secs(n))
));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_with_and_without_units() {
        assert_eq!(ByteSize::parse("50MB"), Ok(ByteSize(50 * MIB)));
        assert_eq!(ByteSize::parse("512 kb"), Ok(ByteSize(512 * 1024)));
        assert_eq!(ByteSize::parse("1000"), Ok(ByteSize(1000)));
        assert!(ByteSize::parse("50 MiBs").unwrap_err().contains("单位"));
        assert!(ByteSize::parse("很大").is_err());
        assert_eq!(ByteSize(50 * MIB).to_string(), "50 MB");
        assert_eq!(ByteSize(MIB + MIB / 2).to_string(), "1.5 MB");
    }

    #[test]
    fn budgets_with_units_and_off() {
        assert_eq!(
            TimeBudget::parse("10s"),
            Ok(TimeBudget(Some(Duration::from_secs(10))))
        );
        assert_eq!(
            TimeBudget::parse("250ms"),
            Ok(TimeBudget(Some(Duration::from_millis(250))))
        );
        assert_eq!(TimeBudget::parse("off"), Ok(TimeBudget(None)));
        assert_eq!(TimeBudget::parse("0"), Ok(TimeBudget(None)));
        assert!(TimeBudget::parse("十秒").is_err());
    }

    #[test]
    fn settings_override_only_what_they_set() {
        let set = LimitSettings {
            max_findings: Some(50),
            ..LimitSettings::default()
        };
        let l = Limits::default().with(&set);
        assert_eq!(l.max_findings, 50);
        assert_eq!(l.max_file_size, Limits::default().max_file_size);
    }
}
