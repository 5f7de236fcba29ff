//! The minutes and action-item rows: saving minutes with a version,
//! writing action items, checking their owners, and building the views
//! (owners' names and meetings read in one query each).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::json::{ActionItem, ActionItemInput, ItemMeeting, Minutes};
use crate::codes::ActionItemState;
use crate::db::schema::{
    meeting_action_items as items, meeting_minutes as minutes, meetings, memberships, participants,
    users,
};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError};
use crate::ids;
use crate::meetings::feedback::model::lock_meeting;
use crate::meetings::model::{utc_to_local, MeetingRow};
use crate::participants::model::version_conflict;
use crate::policy::Role;

/// A meeting's minutes row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = minutes)]
pub struct MinutesRow {
    pub meeting_id: String,
    pub body: String,
    pub decisions: String,
    pub updated_by: Option<String>,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

/// An action item row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = items)]
pub struct ItemRow {
    pub id: String,
    pub organization_id: String,
    pub meeting_id: String,
    pub title: String,
    pub owner_user_id: Option<String>,
    pub owner_participant_id: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub state: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl ItemRow {
    /// The fields as a client sends them (the base of a merge patch).
    pub fn input(&self) -> ActionItemInput {
        ActionItemInput {
            title: self.title.clone(),
            owner_user_id: self.owner_user_id.clone(),
            owner_participant_id: self.owner_participant_id.clone(),
            due_on: self.due_on,
            state: ActionItemState::parse(&self.state),
        }
    }

    /// Sort key: the due day (none last), then creation.
    pub fn due_key(&self) -> String {
        self.due_on
            .map_or_else(|| "~".to_string(), |d| d.format("%Y-%m-%d").to_string())
    }
}

/// A meeting's minutes, with the name of whoever saved them last.
pub fn find(
    conn: &mut DbConnection,
    meeting_id: &str,
) -> Result<Option<(MinutesRow, Option<String>)>, ApiError> {
    Ok(minutes::table
        .left_join(users::table.on(users::id.nullable().eq(minutes::updated_by)))
        .filter(minutes::meeting_id.eq(meeting_id))
        .select((MinutesRow::as_select(), users::display_name.nullable()))
        .first(conn)
        .optional()?)
}

/// Saves a meeting's minutes at `version` (none or 0: the first save).
/// Returns whether they are new.
pub fn save(
    conn: &mut DbConnection,
    meeting_id: &str,
    body: &str,
    decisions: &[String],
    version: Option<i32>,
    by: &str,
) -> Result<bool, ApiError> {
    lock_meeting(conn, meeting_id)?;
    let now = ids::now();
    let decisions = serde_json::to_string(decisions).map_err(ApiError::internal)?;
    match (find(conn, meeting_id)?, version) {
        (Some(_), None) => Err(ApiError::field(
            "version",
            "required",
            "the minutes exist: send the version you last read",
        )),
        (Some((row, _)), Some(v)) => {
            if row.version != v {
                return Err(version_conflict(v));
            }
            let n = diesel::update(
                minutes::table
                    .filter(minutes::meeting_id.eq(meeting_id))
                    .filter(minutes::version.eq(v)),
            )
            .set((
                minutes::body.eq(body),
                minutes::decisions.eq(&decisions),
                minutes::updated_by.eq(by),
                minutes::updated_at.eq(now),
                minutes::version.eq(v + 1),
            ))
            .execute(conn)?;
            if n != 1 {
                return Err(version_conflict(v));
            }
            Ok(false)
        }
        (None, Some(v)) if v != 0 => Err(version_conflict(v)),
        (None, _) => {
            diesel::insert_into(minutes::table)
                .values((
                    minutes::meeting_id.eq(meeting_id),
                    minutes::body.eq(body),
                    minutes::decisions.eq(&decisions),
                    minutes::updated_by.eq(by),
                    minutes::updated_at.eq(now),
                    minutes::version.eq(1),
                ))
                .execute(conn)?;
            Ok(true)
        }
    }
}

/// The roles whose members may own action items (the team).
const OWNER_ROLES: [Role; 4] = [Role::Admin, Role::Coordinator, Role::Adviser, Role::Mentor];

/// Checks an item's owner against the organisation: at most one, a member
/// of the team or a participant who is not erased.
pub fn check_owner(
    conn: &mut DbConnection,
    org: &str,
    input: &ActionItemInput,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let mut push = |field: &str, code: &str, message: &str| {
        errors.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        })
    };
    if input.owner_user_id.is_some() && input.owner_participant_id.is_some() {
        push(
            "owner_participant_id",
            "one_owner",
            "an action item has one owner: a member or a participant, not both",
        );
    }
    if let Some(u) = &input.owner_user_id {
        let found: i64 = memberships::table
            .filter(memberships::organization_id.eq(org))
            .filter(memberships::user_id.eq(u))
            .filter(memberships::role.eq_any(OWNER_ROLES.map(Role::as_str)))
            .count()
            .get_result(conn)?;
        if found == 0 {
            push(
                "owner_user_id",
                "not_member",
                "must be a member of the organisation's team (admin, coordinator, adviser or mentor)",
            );
        }
    }
    if let Some(p) = &input.owner_participant_id {
        let found: i64 = participants::table
            .filter(participants::organization_id.eq(org))
            .filter(participants::id.eq(p))
            .filter(participants::erased_at.is_null())
            .count()
            .get_result(conn)?;
        if found == 0 {
            push(
                "owner_participant_id",
                "not_found",
                "no such participant in the organisation",
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Adds an action item to a meeting; returns its id.
pub fn insert_item(
    conn: &mut DbConnection,
    org: &str,
    meeting_id: &str,
    input: &ActionItemInput,
    by: &str,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    let now = ids::now();
    diesel::insert_into(items::table)
        .values((
            items::id.eq(&id),
            items::organization_id.eq(org),
            items::meeting_id.eq(meeting_id),
            items::title.eq(input.title.trim()),
            items::owner_user_id.eq(&input.owner_user_id),
            items::owner_participant_id.eq(&input.owner_participant_id),
            items::due_on.eq(input.due_on),
            items::state.eq(input.state.unwrap_or(ActionItemState::Open).as_str()),
            items::created_by.eq(by),
            items::created_at.eq(now),
            items::updated_at.eq(now),
            items::version.eq(1),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Changes an action item at `version`.
pub fn update_item(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    input: &ActionItemInput,
) -> Result<(), ApiError> {
    let n = diesel::update(
        items::table
            .filter(items::id.eq(id))
            .filter(items::version.eq(version)),
    )
    .set((
        items::title.eq(input.title.trim()),
        items::owner_user_id.eq(&input.owner_user_id),
        items::owner_participant_id.eq(&input.owner_participant_id),
        items::due_on.eq(input.due_on),
        items::state.eq(input.state.unwrap_or(ActionItemState::Open).as_str()),
        items::updated_at.eq(ids::now()),
        items::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n == 1 {
        Ok(())
    } else {
        Err(version_conflict(version))
    }
}

/// An action item of the organisation, or 404.
pub fn item(conn: &mut DbConnection, org: &str, id: &str) -> Result<ItemRow, ApiError> {
    items::table
        .filter(items::id.eq(id))
        .filter(items::organization_id.eq(org))
        .select(ItemRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such action item"))
}

/// Sorts items: the earliest due first, those without a day last, then
/// the oldest first.
pub fn sort(rows: &mut [ItemRow]) {
    rows.sort_by(|a, b| a.due_key().cmp(&b.due_key()).then(a.id.cmp(&b.id)));
}

/// A meeting's action items, sorted.
pub fn of_meeting(conn: &mut DbConnection, meeting_id: &str) -> Result<Vec<ItemRow>, ApiError> {
    let mut rows = items::table
        .filter(items::meeting_id.eq(meeting_id))
        .select(ItemRow::as_select())
        .load(conn)?;
    sort(&mut rows);
    Ok(rows)
}

/// The action items a member (`user`) or a participant (`pid`) owns, in a
/// state when given, of meetings not removed, sorted.
pub fn of_owner(
    conn: &mut DbConnection,
    org: &str,
    user: &str,
    pid: Option<&str>,
    state: Option<ActionItemState>,
) -> Result<Vec<ItemRow>, ApiError> {
    let live = meetings::table
        .filter(meetings::organization_id.eq(org))
        .filter(meetings::deleted_at.is_null())
        .select(meetings::id);
    let mut sql = items::table
        .filter(items::organization_id.eq(org))
        .filter(items::meeting_id.eq_any(live))
        .select(ItemRow::as_select())
        .into_boxed();
    sql = match pid {
        Some(p) => sql.filter(
            items::owner_user_id
                .eq(user.to_string())
                .or(items::owner_participant_id.eq(p.to_string())),
        ),
        None => sql.filter(items::owner_user_id.eq(user.to_string())),
    };
    if let Some(s) = state {
        sql = sql.filter(items::state.eq(s.as_str()));
    }
    let mut rows = sql.load(conn)?;
    sort(&mut rows);
    Ok(rows)
}

/// Whether a participant owns an action item of a meeting.
pub fn owns_item_of(
    conn: &mut DbConnection,
    meeting_id: &str,
    pid: &str,
) -> Result<bool, ApiError> {
    let n: i64 = items::table
        .filter(items::meeting_id.eq(meeting_id))
        .filter(items::owner_participant_id.eq(pid))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Who is looking at action items, for what their views show.
pub struct Looker<'a> {
    pub user: &'a str,
    /// The caller's participant record.
    pub pid: Option<&'a str>,
    /// Staff (members who see every meeting) see participant owners' ids.
    pub staff: bool,
    /// Whether they see every participant owner's name (admins,
    /// coordinators, advisers); mentors see their mentees'.
    pub sees_names: bool,
    pub mentor: bool,
    pub lang: &'a str,
}

/// The views of `rows`: their meetings and owners' names in one query each.
pub fn views(
    conn: &mut DbConnection,
    rows: Vec<ItemRow>,
    who: &Looker<'_>,
) -> Result<Vec<ActionItem>, ApiError> {
    let meeting_ids: Vec<String> = rows.iter().map(|r| r.meeting_id.clone()).collect();
    let user_ids: Vec<String> = rows
        .iter()
        .filter_map(|r| r.owner_user_id.clone())
        .collect();
    let pids: Vec<String> = rows
        .iter()
        .filter_map(|r| r.owner_participant_id.clone())
        .collect();
    let found: Vec<MeetingRow> = if meeting_ids.is_empty() {
        Vec::new()
    } else {
        meetings::table
            .filter(meetings::id.eq_any(&meeting_ids))
            .select(MeetingRow::as_select())
            .load(conn)?
    };
    let by_meeting: HashMap<String, MeetingRow> =
        found.into_iter().map(|m| (m.id.clone(), m)).collect();
    let names: HashMap<String, String> = if user_ids.is_empty() {
        HashMap::new()
    } else {
        users::table
            .filter(users::id.eq_any(&user_ids))
            .select((users::id, users::display_name))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect()
    };
    // (name, mentor) of each participant owner.
    let people: HashMap<String, (Option<String>, Option<String>)> = if pids.is_empty() {
        HashMap::new()
    } else {
        participants::table
            .filter(participants::id.eq_any(&pids))
            .select((
                participants::id,
                participants::name,
                participants::mentor_id,
            ))
            .load::<(String, Option<String>, Option<String>)>(conn)?
            .into_iter()
            .map(|(id, name, mentor)| (id, (name, mentor)))
            .collect()
    };
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(m) = by_meeting.get(&r.meeting_id) else {
            continue;
        };
        let tz = m.zone();
        let mine_as_user = r.owner_user_id.as_deref() == Some(who.user);
        let mine_as_participant = who.pid.is_some() && r.owner_participant_id.as_deref() == who.pid;
        let (owner_kind, owner_participant_id, owner_name) =
            match (&r.owner_user_id, &r.owner_participant_id) {
                (Some(u), _) => (Some("member"), None, names.get(u).cloned()),
                (None, Some(p)) => {
                    let (name, mentor) = people.get(p).cloned().unwrap_or_default();
                    let sees = mine_as_participant
                        || who.sees_names
                        || (who.mentor && mentor.as_deref() == Some(who.user));
                    (
                        Some("participant"),
                        (sees || who.staff).then(|| p.clone()),
                        name.filter(|_| sees),
                    )
                }
                (None, None) => (None, None, None),
            };
        out.push(ActionItem {
            meeting: ItemMeeting {
                id: m.id.clone(),
                title: m.display_title(who.lang),
                starts_at: ids::utc(m.starts_at),
                start_local: utc_to_local(m.starts_at, tz),
                time_zone: m.time_zone.clone(),
            },
            owner_kind: owner_kind.map(str::to_string),
            owner_user_id: r.owner_user_id.clone(),
            owner_participant_id,
            owner_name,
            mine: mine_as_user || mine_as_participant,
            state: ActionItemState::parse(&r.state).unwrap_or(ActionItemState::Open),
            due_on: r.due_on,
            created_at: ids::utc(r.created_at),
            updated_at: ids::utc(r.updated_at),
            version: r.version,
            id: r.id,
            title: r.title,
        });
    }
    Ok(out)
}

/// The minutes view (empty, version 0, until first saved).
pub fn minutes_view(
    meeting_id: String,
    found: Option<(MinutesRow, Option<String>)>,
    action_items: Vec<ActionItem>,
) -> Minutes {
    match found {
        Some((row, name)) => Minutes {
            meeting_id,
            body: row.body,
            decisions: serde_json::from_str(&row.decisions).unwrap_or_default(),
            updated_at: Some(ids::utc(row.updated_at)),
            updated_by_name: name,
            version: row.version,
            action_items,
        },
        None => Minutes {
            meeting_id,
            body: String::new(),
            decisions: Vec::new(),
            updated_at: None,
            updated_by_name: None,
            version: 0,
            action_items,
        },
    }
}
