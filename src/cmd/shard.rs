//! `--shard K/N`, or `--shard auto/N` with K taken from the scheduler that started the
//! process: a Kubernetes Indexed Job, an AWS Batch array job or GitLab's parallel jobs, each
//! of which numbers its workers its own way.

use crate::base::fault::{Fault, code};
use crate::run::pipeline::Shard;

/// The variables schedulers number their workers with: the name, the number of the first
/// worker, and the scheduler, for messages.
pub const SCHEDULERS: &[(&str, u32, &str)] = &[
    ("JOB_COMPLETION_INDEX", 0, "a Kubernetes Indexed Job"),
    ("AWS_BATCH_JOB_ARRAY_INDEX", 0, "an AWS Batch array job"),
    ("CI_NODE_INDEX", 1, "GitLab CI's parallel jobs"),
];

/// The shard a build was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardSpec {
    /// `K/N`.
    Given(Shard),
    /// `auto/N`: K from the scheduler's variable.
    Auto {
        /// How many shards.
        n: u32,
    },
}

impl std::str::FromStr for ShardSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<ShardSpec, String> {
        if let Some(n) = s.trim().strip_prefix("auto/") {
            return match n.trim().parse::<u32>() {
                Ok(n) if n > 0 => Ok(ShardSpec::Auto { n }),
                _ => Err(format!(
                    "\"{s}\" is not a shard: write auto/N with N at least 1, such as auto/8"
                )),
            };
        }
        s.parse::<Shard>()
            .map(ShardSpec::Given)
            .map_err(|e| format!("{e}, or auto/N to take K from the scheduler"))
    }
}

impl ShardSpec {
    /// The shard, K taken from `var` (the environment, in a run) for `auto/N`: exactly one
    /// scheduler's variable must be set (not empty), to a whole number that is a worker of
    /// N. Anything else is a usage error (exit status 2), so that no worker builds a share
    /// that is not its own.
    pub fn resolve(self, var: impl Fn(&str) -> Option<String>) -> anyhow::Result<Shard> {
        let n = match self {
            ShardSpec::Given(shard) => return Ok(shard),
            ShardSpec::Auto { n } => n,
        };
        let usage = |message: String| anyhow::Error::new(Fault::new(code::USAGE, None, message));
        let set: Vec<(&str, u32, &str, String)> = SCHEDULERS
            .iter()
            .filter_map(|&(name, first, who)| {
                var(name)
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| (name, first, who, v))
            })
            .collect();
        let (name, first, who, value) = match set.as_slice() {
            [one] => one.clone(),
            [] => {
                let names: Vec<String> = SCHEDULERS
                    .iter()
                    .map(|(name, first, who)| format!("{name} ({who}, from {first})"))
                    .collect();
                return Err(usage(format!(
                    "--shard auto/{n} takes the shard from the scheduler, and none of {} is set; \
                        run it under one of them, or give the shard as K/{n}",
                    names.join(", ")
                )));
            }
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|(name, _, _, v)| format!("{name}={v}"))
                    .collect();
                return Err(usage(format!(
                    "--shard auto/{n}: {} are all set, so which scheduler numbered this worker is \
                        not clear; unset all but one, or give the shard as K/{n}",
                    names.join(" and ")
                )));
            }
        };
        let last = first + n - 1;
        let index: u32 = value.trim().parse().map_err(|_| {
            usage(format!(
                "--shard auto/{n}: {name}=\"{value}\" is not a worker's number ({who} numbers them \
                    from {first})"
            ))
        })?;
        if index < first || index > last {
            return Err(usage(format!(
                "--shard auto/{n}: {name}={index} is not one of the {n} workers ({first} to \
                    {last}); the scheduler's count of workers and the N of auto/{n} must agree"
            )));
        }
        Ok(Shard {
            k: index - first + 1,
            n,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn auto(n: u32, vars: &[(&str, &str)]) -> Result<(u32, u32), String> {
        ShardSpec::Auto { n }
            .resolve(env(vars))
            .map(|s| (s.k, s.n))
            .map_err(|e| format!("{e:#}"))
    }

    #[test]
    fn each_scheduler_numbers_from_its_own_first_worker() {
        assert_eq!(auto(4, &[("JOB_COMPLETION_INDEX", "0")]), Ok((1, 4)));
        assert_eq!(auto(4, &[("JOB_COMPLETION_INDEX", "3")]), Ok((4, 4)));
        assert_eq!(auto(4, &[("AWS_BATCH_JOB_ARRAY_INDEX", "2")]), Ok((3, 4)));
        assert_eq!(auto(4, &[("CI_NODE_INDEX", "1")]), Ok((1, 4)));
        assert_eq!(auto(4, &[("CI_NODE_INDEX", "4")]), Ok((4, 4)));
        // An empty variable is not set.
        assert_eq!(
            auto(2, &[("CI_NODE_INDEX", "2"), ("JOB_COMPLETION_INDEX", "")]),
            Ok((2, 2))
        );
    }

    #[test]
    fn none_two_or_an_index_out_of_range_is_refused() {
        let none = auto(4, &[]).unwrap_err();
        assert!(none.contains("none of JOB_COMPLETION_INDEX"), "{none}");
        let two = auto(4, &[("JOB_COMPLETION_INDEX", "0"), ("CI_NODE_INDEX", "1")]).unwrap_err();
        assert!(
            two.contains("JOB_COMPLETION_INDEX=0 and CI_NODE_INDEX=1"),
            "{two}"
        );
        for (name, value) in [
            ("JOB_COMPLETION_INDEX", "4"),
            ("AWS_BATCH_JOB_ARRAY_INDEX", "-1"),
            ("CI_NODE_INDEX", "0"),
            ("CI_NODE_INDEX", "5"),
            ("CI_NODE_INDEX", "one"),
        ] {
            let err = auto(4, &[(name, value)]).unwrap_err();
            assert!(err.contains(name), "{name}={value}: {err}");
        }
        let fault = ShardSpec::Auto { n: 2 }.resolve(env(&[])).unwrap_err();
        assert_eq!(Fault::of(&fault).code, code::USAGE);
    }

    #[test]
    fn specs_parse() {
        assert_eq!("auto/8".parse(), Ok(ShardSpec::Auto { n: 8 }));
        assert_eq!("2/8".parse(), Ok(ShardSpec::Given(Shard { k: 2, n: 8 })));
        for bad in ["auto/0", "auto/", "auto/x", "9/8", "auto"] {
            assert!(bad.parse::<ShardSpec>().is_err(), "{bad}");
        }
    }
}
