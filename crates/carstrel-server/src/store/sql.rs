//! A small builder for SQL with numbered `$N` placeholders and their values.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::Any;

#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Int(i64),
    Float(f64),
    /// NULL in a text column.
    NullText,
    /// NULL in a number column (typed, so PostgreSQL accepts it).
    NullInt,
}

impl Arg {
    pub fn opt_text(value: Option<String>) -> Arg {
        value.map_or(Arg::NullText, Arg::Text)
    }
    pub fn opt_int(value: Option<i64>) -> Arg {
        value.map_or(Arg::NullInt, Arg::Int)
    }
}

#[derive(Debug, Default)]
pub struct Sql {
    pub text: String,
    args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: impl Into<String>) -> Self {
        Sql {
            text: text.into(),
            args: Vec::new(),
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `arg`.
    pub fn bind(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        self.text.push_str(&format!("${}", self.args.len()));
        self
    }

    /// Appends ` AND <before>$N<after>` with `arg` bound to `$N`.
    pub fn and(&mut self, before: &str, arg: Arg, after: &str) -> &mut Self {
        self.push(" AND ").push(before).bind(arg).push(after)
    }

    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        let mut query = sqlx::query(&self.text);
        for arg in &self.args {
            query = match arg {
                Arg::Text(v) => query.bind(v.clone()),
                Arg::Int(v) => query.bind(*v),
                Arg::Float(v) => query.bind(*v),
                Arg::NullText => query.bind(None::<String>),
                Arg::NullInt => query.bind(None::<i64>),
            };
        }
        query
    }
}

impl Sql {
    /// Takes `other`'s bound values as this builder's first ones; `other`'s text, already
    /// copied in, keeps its placeholder numbers.
    pub fn adopt_args(&mut self, other: &Sql) {
        let mut args = other.args.clone();
        args.append(&mut self.args);
        self.args = args;
    }
}
