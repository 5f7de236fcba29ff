//! `column IN (ids)` with the whole list bound as one value, so that the
//! statement's text is the same whatever the number of ids and the
//! connection keeps it prepared.
//!
//! diesel's `eq_any` writes one placeholder per id on SQLite and marks the
//! statement as not to be cached: each page of a list then prepared its
//! four child-row queries anew (about a fifth of the page's CPU). Here the
//! ids go to SQLite as one JSON array, read back by its built-in
//! `json_each`; on PostgreSQL as one text array (`= ANY($1)`, which is what
//! diesel does there too).

use std::marker::PhantomData;

use diesel::expression::{AppearsOnTable, Expression, ValidGrouping};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Array, Bool, Text};
use diesel::sqlite::Sqlite;
use diesel::QueryResult;

/// Ids to look up, with the JSON array SQLite is given, written once
/// however many queries use the list.
#[derive(Debug, Clone)]
pub struct IdList {
    ids: Vec<String>,
    json: String,
}

impl IdList {
    pub fn new(ids: &[String]) -> Self {
        Self {
            ids: ids.to_vec(),
            json: serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()),
        }
    }
}

/// `column IN (ids)`; build it with [`in_ids`].
#[derive(Debug, Clone)]
pub struct InIds<'a, C> {
    column: C,
    list: &'a IdList,
}

/// `column` is one of the ids in `list` (a text column; an empty list
/// matches nothing).
pub fn in_ids<C>(column: C, list: &IdList) -> InIds<'_, C>
where
    C: Expression<SqlType = Text>,
{
    InIds { column, list }
}

impl<C> Expression for InIds<'_, C>
where
    C: Expression<SqlType = Text>,
{
    type SqlType = Bool;
}

impl<C, QS> AppearsOnTable<QS> for InIds<'_, C> where C: AppearsOnTable<QS> + Expression<SqlType = Text> {}

impl<C, G> ValidGrouping<G> for InIds<'_, C>
where
    C: ValidGrouping<G>,
{
    type IsAggregate = C::IsAggregate;
}

/// The statement's text depends on the column alone, never on the ids, so
/// the query keeps a type-based identity and stays in the statement cache.
pub struct InIdsQueryId<C>(PhantomData<C>);

impl<C: QueryId> QueryId for InIds<'_, C> {
    type QueryId = InIdsQueryId<C::QueryId>;
    const HAS_STATIC_QUERY_ID: bool = C::HAS_STATIC_QUERY_ID;
}

impl<C: QueryFragment<Sqlite>> QueryFragment<Sqlite> for InIds<'_, C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (SELECT value FROM json_each(");
        out.push_bind_param::<Text, String>(&self.list.json)?;
        out.push_sql("))");
        Ok(())
    }
}

impl<C: QueryFragment<Pg>> QueryFragment<Pg> for InIds<'_, C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" = ANY(");
        out.push_bind_param::<Array<Text>, Vec<String>>(&self.list.ids)?;
        out.push_sql(")");
        Ok(())
    }
}
