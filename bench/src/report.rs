//! The figures: one line each, `figure | measured | baseline | ratio | budget | PASS/FAIL`.

use std::fmt;

/// The header line above the figures.
pub const HEADER: &str = "figure | measured | baseline | ratio | budget | verdict";

/// How a figure's ratio is judged against its budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    /// The ratio must be at least this.
    AtLeast(f64),
    /// The ratio must be at most this.
    AtMost(f64),
}

impl Budget {
    pub fn met(self, value: f64) -> bool {
        match self {
            Budget::AtLeast(min) => value >= min,
            Budget::AtMost(max) => value <= max,
        }
    }
}

/// One measured figure and its side-by-side baseline.
#[derive(Debug, Clone)]
pub struct Figure {
    pub name: String,
    pub measured: String,
    pub baseline: String,
    /// The judged value: usually measured/baseline, printed with `unit`.
    pub ratio: f64,
    pub unit: &'static str,
    pub budget: Budget,
}

impl Figure {
    pub fn pass(&self) -> bool {
        self.ratio.is_finite() && self.budget.met(self.ratio)
    }
}

fn number(value: f64, unit: &str) -> String {
    match unit {
        "%" => format!("{:.1} %", value * 100.0),
        "×" if value >= 100.0 => format!("{value:.0}×"),
        "×" => format!("{value:.2}×"),
        unit => format!("{value:.1} {unit}"),
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let budget = match self.budget {
            Budget::AtLeast(v) => format!("≥ {}", number(v, self.unit)),
            Budget::AtMost(v) => format!("≤ {}", number(v, self.unit)),
        };
        write!(
            f,
            "{} | {} | {} | {} | {} | {}",
            self.name,
            self.measured,
            self.baseline,
            number(self.ratio, self.unit),
            budget,
            if self.pass() { "PASS" } else { "FAIL" }
        )
    }
}

/// Milliseconds with a sensible number of digits.
pub fn ms(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0} ms")
    } else if value >= 1.0 {
        format!("{value:.2} ms")
    } else {
        format!("{:.0} µs", value * 1000.0)
    }
}

/// Bytes as MiB.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// The middle value (the mean of the two middle ones for an even count); NaN for none.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// The median of `values`, and their spread (lowest, highest): how a figure taken over
/// several rounds or runs is printed.
pub fn median_and_spread(values: Vec<f64>) -> (f64, f64, f64) {
    let lowest = values.iter().copied().fold(f64::NAN, f64::min);
    let highest = values.iter().copied().fold(f64::NAN, f64::max);
    (median(values), lowest, highest)
}

/// Percentile `p` (0..=100) of already sorted samples, nearest rank.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(Vec::new()).is_nan());
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&samples, 50.0), 50.0);
        assert_eq!(percentile(&samples, 95.0), 95.0);
        assert_eq!(percentile(&samples, 100.0), 100.0);
        assert!(percentile(&[], 50.0).is_nan());
    }

    #[test]
    fn a_figure_prints_one_line_with_its_verdict() {
        let figure = Figure {
            name: "x".into(),
            measured: "1".into(),
            baseline: "2".into(),
            ratio: 0.5,
            unit: "×",
            budget: Budget::AtLeast(0.7),
        };
        assert_eq!(figure.to_string(), "x | 1 | 2 | 0.50× | ≥ 0.70× | FAIL");
    }
}
