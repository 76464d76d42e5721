//! A small statement builder: SQL text with dialect placeholders plus the bound values.
//!
//! Only identifiers wfpack controls (table names validated as plain identifiers) are ever
//! written into the text; every user-provided value goes through [`Sql::bind`].

use chrono::NaiveDateTime;
use sqlx::query::Query;
use sqlx::{Database, Encode, Type};

use super::Dialect;
use crate::store::model::{ListQuery, NameFilter};
use crate::store::selector::{Operator, Requirement};

/// A bound value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    Str(String),
    I64(i64),
    Time(NaiveDateTime),
}

/// SQL text and its arguments.
#[derive(Debug, Clone)]
pub(crate) struct Sql {
    pub dialect: Dialect,
    pub text: String,
    pub args: Vec<Arg>,
}

impl Sql {
    pub fn new(dialect: Dialect) -> Sql {
        Sql {
            dialect,
            text: String::with_capacity(256),
            args: Vec::new(),
        }
    }

    /// Appends trusted SQL text.
    pub fn push(&mut self, s: &str) -> &mut Sql {
        self.text.push_str(s);
        self
    }

    /// Appends a placeholder and records its value.
    pub fn bind(&mut self, a: Arg) -> &mut Sql {
        self.args.push(a);
        match self.dialect {
            Dialect::Postgres => {
                self.text.push('$');
                self.text.push_str(&self.args.len().to_string());
            }
            _ => self.text.push('?'),
        }
        self
    }

    pub fn bind_str(&mut self, s: &str) -> &mut Sql {
        self.bind(Arg::Str(s.to_owned()))
    }

    /// Binds a JSON document for a `json`/`jsonb` column.
    pub fn bind_json(&mut self, s: String) -> &mut Sql {
        match self.dialect {
            Dialect::Postgres => {
                self.push("cast(");
                self.bind(Arg::Str(s));
                self.push(" as json)")
            }
            _ => self.bind(Arg::Str(s)),
        }
    }

    /// A column holding JSON, read as text.
    pub fn json_text(dialect: Dialect, col: &str) -> String {
        match dialect {
            Dialect::Postgres => format!("{col}::text"),
            Dialect::MySql => format!("cast({col} as char)"),
            Dialect::Sqlite => col.to_owned(),
        }
    }

    /// A `timestamp` column selected so that it decodes as `NaiveDateTime` (MySQL's
    /// `TIMESTAMP` only decodes as a zoned time in sqlx; wfpack keeps UTC wall clocks).
    pub fn timestamp(dialect: Dialect, col: &str) -> String {
        match dialect {
            Dialect::MySql => format!("cast({col} as datetime) as {col}"),
            _ => col.to_owned(),
        }
    }

    /// Byte length of a JSON column's text.
    pub fn json_bytes(dialect: Dialect, col: &str) -> String {
        match dialect {
            Dialect::Postgres => format!("octet_length({col}::text)"),
            Dialect::MySql => format!("length({col})"),
            Dialect::Sqlite => format!("length(cast({col} as blob))"),
        }
    }
}

/// Binds `args` to a query, in order.
pub(crate) fn bind_all<'q, DB: Database>(
    mut q: Query<'q, DB, <DB as Database>::Arguments>,
    args: &[Arg],
) -> Query<'q, DB, <DB as Database>::Arguments>
where
    for<'t> String: Encode<'t, DB> + Type<DB>,
    for<'t> i64: Encode<'t, DB> + Type<DB>,
    for<'t> NaiveDateTime: Encode<'t, DB> + Type<DB>,
{
    for a in args {
        q = match a {
            Arg::Str(s) => q.bind(s.clone()),
            Arg::I64(n) => q.bind(*n),
            Arg::Time(t) => q.bind(*t),
        };
    }
    q
}

/// `sqlx::query` over a built statement.
macro_rules! build {
    ($sql:expr) => {
        $crate::store::sql::query::bind_all(
            sqlx::query(sqlx::AssertSqlSafe($sql.text.clone())),
            &$sql.args,
        )
    };
}
pub(crate) use build;

/// Escapes LIKE metacharacters with `!` (used with `ESCAPE '!'`), so the value matches
/// literally.
pub(crate) fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if matches!(c, '!' | '%' | '_') {
            out.push('!');
        }
        out.push(c);
    }
    out
}

const ARCHIVE: &str = "argo_archived_workflows";
const LABELS: &str = "argo_archived_workflows_labels";

/// How label requirements are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LabelMode {
    /// Correlated `exists (... l.uid = argo_archived_workflows.uid ...)`: one index probe per
    /// row, best when walking the keyset index for one page.
    Probe,
    /// `uid in (select l.uid ... where l.clustername = ? ...)`: one set, best for counts
    /// (equivalent because the outer query fixes `clustername` to the same value).
    Set,
    /// Correlated with the driving label row `l0` of [`push_label_count`]
    /// (`l.clustername = l0.clustername and l.uid = l0.uid`).
    Driver,
}

/// Appends the WHERE clause (without the keyword) shared by list and count.
pub(crate) fn push_filters(
    sql: &mut Sql,
    cluster: &str,
    instance_id: &str,
    controller_namespace: Option<&str>,
    q: &ListQuery,
    mode: LabelMode,
) {
    let d = sql.dialect;
    sql.push("clustername = ").bind_str(cluster);
    sql.push(" and instanceid = ").bind_str(instance_id);
    if let Some(ns) = controller_namespace {
        sql.push(" and namespace = ").bind_str(ns);
    }
    if let Some(ns) = &q.namespace {
        sql.push(" and namespace = ").bind_str(ns);
    }
    if let Some(ns) = &q.namespace_not {
        sql.push(" and namespace <> ").bind_str(ns);
    }
    match &q.name {
        None => {}
        Some(NameFilter::Exact(n)) => {
            sql.push(" and name = ").bind_str(n);
        }
        Some(NameFilter::NotEquals(n)) => {
            sql.push(" and name <> ").bind_str(n);
        }
        Some(NameFilter::Prefix(n)) => match d {
            Dialect::Sqlite => {
                sql.push(" and substr(name, 1, length(").bind_str(n);
                sql.push(")) = ").bind_str(n);
            }
            _ => {
                sql.push(" and name like ")
                    .bind(Arg::Str(format!("{}%", like_escape(n))));
                sql.push(" escape '!'");
            }
        },
        Some(NameFilter::Contains(n)) => match d {
            Dialect::Sqlite => {
                sql.push(" and instr(name, ").bind_str(n);
                sql.push(") > 0");
            }
            _ => {
                sql.push(" and name like ")
                    .bind(Arg::Str(format!("%{}%", like_escape(n))));
                sql.push(" escape '!'");
            }
        },
    }
    if !q.phases.is_empty() {
        sql.push(" and phase in (");
        for (i, p) in q.phases.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind_str(p);
        }
        sql.push(")");
    }
    if let Some(t) = q.started_after {
        sql.push(" and startedat >= ").bind(Arg::Time(t));
    }
    if let Some(t) = q.started_before {
        sql.push(" and startedat <= ").bind(Arg::Time(t));
    }
    if let Some(t) = q.created_after {
        sql.push(" and creationtimestamp >= ").bind(Arg::Time(t));
    }
    if let Some(t) = q.finished_before {
        sql.push(" and finishedat <= ").bind(Arg::Time(t));
    }
    for r in &q.labels {
        push_requirement(sql, r, mode, cluster);
    }
}

/// One label requirement as an `exists`/`not exists` subquery with bound values.
pub(crate) fn push_requirement(sql: &mut Sql, r: &Requirement, mode: LabelMode, cluster: &str) {
    let negated = is_negated(r.operator());
    match mode {
        LabelMode::Probe | LabelMode::Driver => {
            sql.push(if negated {
                " and not exists (select 1 from "
            } else {
                " and exists (select 1 from "
            });
            let outer = if mode == LabelMode::Probe {
                ARCHIVE
            } else {
                "l0"
            };
            sql.push(LABELS);
            sql.push(" l where l.clustername = ");
            sql.push(outer);
            sql.push(".clustername and l.uid = ");
            sql.push(outer);
            sql.push(".uid");
        }
        LabelMode::Set => {
            sql.push(if negated {
                " and uid not in (select l.uid from "
            } else {
                " and uid in (select l.uid from "
            });
            sql.push(LABELS);
            sql.push(" l where l.clustername = ").bind_str(cluster);
        }
    }
    push_label_match(sql, "l", r);
    sql.push(")");
}

fn is_negated(op: Operator) -> bool {
    matches!(
        op,
        Operator::NotEquals | Operator::NotIn | Operator::DoesNotExist
    )
}

/// ` and <alias>.name = ? [and <alias>.value ...]`: the label row `alias` has the
/// requirement's key and (for value operators) one of its values. For a negated operator
/// this is the row whose existence the requirement forbids.
fn push_label_match(sql: &mut Sql, alias: &str, r: &Requirement) {
    let d = sql.dialect;
    let op = r.operator();
    sql.push(" and ")
        .push(alias)
        .push(".name = ")
        .bind_str(r.key());
    let value = format!("{alias}.value");
    match op {
        Operator::Exists | Operator::DoesNotExist => {}
        Operator::GreaterThan | Operator::LessThan => {
            // Only values that are integers take part (Argo's cast errors on Postgres and
            // silently compares 0 on MySQL for non-numeric values).
            let n = r.integer_bound().unwrap_or(0);
            let guarded = match d {
                Dialect::Postgres => format!(
                    "(case when {value} ~ '^[-+]?[0-9]{{1,18}}$' then cast({value} as bigint) end)"
                ),
                Dialect::MySql => format!(
                    "(case when {value} regexp '^[-+]?[0-9]{{1,18}}$' then cast({value} as signed) end)"
                ),
                Dialect::Sqlite => format!(
                    "(case when ltrim({value}, '+-') <> '' and ltrim({value}, '+-') not glob '*[^0-9]*' and length({value}) <= 19 then cast({value} as integer) end)"
                ),
            };
            sql.push(" and ");
            sql.push(&guarded);
            sql.push(if op == Operator::GreaterThan {
                " > "
            } else {
                " < "
            });
            sql.bind(Arg::I64(n));
        }
        // Equals, DoubleEquals, NotEquals, In, NotIn (and any future value operator)
        _ => {
            let values = r.values();
            if values.len() == 1 {
                sql.push(" and ")
                    .push(&value)
                    .push(" = ")
                    .bind_str(values[0]);
            } else if values.is_empty() {
                sql.push(" and 1 = 0");
            } else {
                sql.push(" and ").push(&value).push(" in (");
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        sql.push(", ");
                    }
                    sql.bind_str(v);
                }
                sql.push(")");
            }
        }
    }
}

/// Whether `q` filters on nothing but labels (no namespace, name, phase or time filter).
pub(crate) fn label_only(q: &ListQuery) -> bool {
    q.namespace.is_none()
        && q.namespace_not.is_none()
        && q.name.is_none()
        && q.phases.is_empty()
        && q.started_after.is_none()
        && q.started_before.is_none()
        && q.created_after.is_none()
        && q.finished_before.is_none()
}

/// The requirement a label-driven count starts from: a positive one, preferring a value
/// match (`=`, `in`) over `exists`/`>`/`<`. `None` when the query is not label-only (other
/// filters need the archive row) or has no positive requirement.
pub(crate) fn label_count_driver(q: &ListQuery) -> Option<usize> {
    if !label_only(q) {
        return None;
    }
    let positive = |r: &Requirement| !is_negated(r.operator());
    let valued = |r: &Requirement| {
        matches!(
            r.operator(),
            Operator::Equals | Operator::DoubleEquals | Operator::In
        )
    };
    q.labels
        .iter()
        .position(|r| positive(r) && valued(r))
        .or_else(|| q.labels.iter().position(positive))
}

/// A count of a label-only query read from the label table alone:
/// `select count(*) from labels l0 where l0.clustername = ? and <driver> and <the other
/// requirements probed on l0.uid>`.
///
/// Equal to the archive count when every archived row of the cluster has the store's
/// instance id (and the controller is not namespaced): every label row belongs to an
/// archived workflow (the foreign key `(clustername, uid)` of Argo's schema), and the driver's
/// key matches at most one row per workflow (primary key `(clustername, uid, name)`).
/// [`crate::store::WorkflowArchive::count_archived`] checks that condition in the same
/// statement.
pub(crate) fn push_label_count(sql: &mut Sql, cluster: &str, q: &ListQuery, driver: usize) {
    let r = &q.labels[driver];
    sql.push("select count(*) from ")
        .push(LABELS)
        .push(" l0 where l0.clustername = ")
        .bind_str(cluster);
    push_label_match(sql, "l0", r);
    for (i, other) in q.labels.iter().enumerate() {
        if i != driver {
            push_requirement(sql, other, LabelMode::Driver, cluster);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_never_interpolated() {
        let evil = "x'); drop table argo_archived_workflows; --%_\\";
        let q = ListQuery {
            namespace: Some(evil.into()),
            name: Some(NameFilter::Prefix(evil.into())),
            labels: vec![
                Requirement::new("k", Operator::In, vec!["a".into(), "b".into()]).unwrap(),
                Requirement::new("k", Operator::NotEquals, vec!["c".into()]).unwrap(),
            ],
            ..ListQuery::default()
        };
        for d in [Dialect::Sqlite, Dialect::Postgres, Dialect::MySql] {
            let mut s = Sql::new(d);
            push_filters(&mut s, evil, evil, Some(evil), &q, LabelMode::Probe);
            push_filters(&mut s, evil, evil, Some(evil), &q, LabelMode::Set);
            assert!(!s.text.contains("drop"), "{}", s.text);
            assert!(s.args.len() >= 8, "{:?}", s.args);
        }
    }

    #[test]
    fn label_only_counts_bind_every_value() {
        let evil = "x'); drop table argo_archived_workflows; --%_\\";
        let q = ListQuery {
            labels: vec![
                Requirement::new("k", Operator::NotEquals, vec!["c".into()]).unwrap(),
                Requirement::new("k", Operator::Exists, vec![]).unwrap(),
                Requirement::new("k", Operator::In, vec!["a".into(), "b".into()]).unwrap(),
            ],
            ..ListQuery::default()
        };
        // the first positive value match drives; `!=` cannot
        assert_eq!(label_count_driver(&q), Some(2));
        let only_negative = ListQuery {
            labels: vec![q.labels[0].clone()],
            ..ListQuery::default()
        };
        assert_eq!(label_count_driver(&only_negative), None);
        let with_namespace = ListQuery {
            namespace: Some("argo".into()),
            ..q.clone()
        };
        assert_eq!(label_count_driver(&with_namespace), None);
        for d in [Dialect::Sqlite, Dialect::Postgres, Dialect::MySql] {
            let mut s = Sql::new(d);
            push_label_count(&mut s, evil, &q, 2);
            assert!(!s.text.contains("drop"), "{}", s.text);
            assert!(s.text.contains(" l0 where l0.clustername = "), "{}", s.text);
            assert!(s.text.contains("not exists"), "{}", s.text);
            assert_eq!(s.args.len(), 1 + 3 + 2 + 1, "{:?}", s.args);
        }
    }

    #[test]
    fn like_escaping() {
        assert_eq!(like_escape("a%b_c!d"), "a!%b!_c!!d");
    }
}
