//! Reading a spreadsheet (CSV) of participants, for NGOs that start from
//! Excel: every row is checked, and either all rows are good or the file
//! fails with a report by row and column.

use chrono::NaiveDate;

use super::json::{LanguageSkill, ParticipantFields};
use super::validation;
use crate::codes::{
    EducationLevel, EmploymentState, Gender, LanguageLevel, LegalStatus, Need, WorkPermit,
};
use crate::error::{ApiError, FieldError};

/// The columns, in template order. Only `name` is required.
pub const COLUMNS: &[&str] = &[
    "name",
    "name_is_pseudonym",
    "phone",
    "whatsapp",
    "viber",
    "email",
    "gender",
    "birth_year",
    "country_of_origin",
    "legal_status",
    "legal_status_detail",
    "work_permit",
    "work_permit_date",
    "arrival_date",
    "municipality",
    "education_level",
    "employment_state",
    "languages",
    "needs",
    "needs_other",
    "notes",
    "consent_profile_processing",
    "consent_text_version",
];

/// The most rows one file may hold.
pub const MAX_ROWS: usize = 10_000;
/// The largest file accepted, in bytes.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// The most problems reported for one file.
const MAX_PROBLEMS: usize = 500;

/// The example row of the template.
pub const TEMPLATE_EXAMPLE: &str = "Example Person (replace this row),no,+38640111222,+38640111222,,amina@example.org,female,1994,SY,international_protection,,granted,2023-06-01,2023-05-15,Ljubljana,isced_3,unemployed,ar:native|sl:A2,language|employment,,Prefers afternoons,yes,2026-05 sl";

/// A checked row: its fields and, when consent was given, the text version.
type Row = (ParticipantFields, Option<String>);

fn problem(row: usize, column: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: format!("rows[{row}].{column}"),
        code: code.into(),
        message: message.into(),
    }
}

/// Reads and checks the whole file; any problem fails it all.
pub fn parse(bytes: &[u8]) -> Result<Vec<Row>, ApiError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ApiError::Validation(vec![problem(
            1,
            "file",
            "encoding",
            format!("the file is not UTF-8 (save it as \"CSV UTF-8\"): {e}"),
        )])
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ApiError::Validation(vec![problem(1, "file", "csv", e.to_string())]))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut problems = Vec::new();
    for h in &headers {
        if !COLUMNS.contains(&h.as_str()) {
            problems.push(problem(
                1,
                h,
                "unknown_column",
                format!("unknown column; the columns are: {}", COLUMNS.join(", ")),
            ));
        }
    }
    if !headers.iter().any(|h| h == "name") {
        problems.push(problem(
            1,
            "name",
            "required",
            "the file needs a `name` column",
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        if rows.len() >= MAX_ROWS {
            problems.push(problem(
                line,
                "file",
                "too_many_rows",
                format!("a file may hold at most {MAX_ROWS} rows"),
            ));
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(problem(line, "file", "csv", e.to_string()));
                continue;
            }
        };
        if record.iter().all(|v| v.is_empty()) {
            continue;
        }
        if record.len() > headers.len() {
            problems.push(problem(
                line,
                "file",
                "columns",
                format!("{} values for {} columns", record.len(), headers.len()),
            ));
            continue;
        }
        let get = |col: &str| -> Option<String> {
            headers
                .iter()
                .position(|h| h == col)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        match row(line, &get) {
            Ok(r) => rows.push(r),
            Err(mut errors) => problems.append(&mut errors),
        }
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(problem(2, "file", "empty", "the file has no data rows"));
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        problems.truncate(MAX_PROBLEMS);
        Err(ApiError::Validation(problems))
    }
}

fn row(line: usize, get: &dyn Fn(&str) -> Option<String>) -> Result<Row, Vec<FieldError>> {
    let mut errors = Vec::new();
    macro_rules! code {
        ($ty:ty, $col:literal) => {
            get($col).and_then(|v| match <$ty>::parse(&v.to_lowercase()) {
                Some(c) => Some(c),
                None => {
                    let codes: Vec<&str> = <$ty>::ALL.iter().map(|c| c.as_str()).collect();
                    errors.push(problem(
                        line,
                        $col,
                        "code",
                        format!("`{v}` is not one of: {}", codes.join(", ")),
                    ));
                    None
                }
            })
        };
    }
    let yes_no = |col: &str, errors: &mut Vec<FieldError>| -> bool {
        match get(col).map(|v| v.to_lowercase()).as_deref() {
            None | Some("no" | "false" | "0" | "ne" | "n") => false,
            Some("yes" | "true" | "1" | "da" | "y") => true,
            Some(other) => {
                errors.push(problem(
                    line,
                    col,
                    "yes_no",
                    format!("`{other}` is neither yes nor no"),
                ));
                false
            }
        }
    };
    let date = |col: &str, errors: &mut Vec<FieldError>| -> Option<NaiveDate> {
        let v = get(col)?;
        NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(&v, "%d.%m.%Y"))
            .or_else(|_| NaiveDate::parse_from_str(&v, "%d. %m. %Y"))
            .map_err(|_| {
                errors.push(problem(
                    line,
                    col,
                    "date",
                    format!("`{v}` is not a date like 2023-05-15 or 15.5.2023"),
                ))
            })
            .ok()
    };
    let gender = code!(Gender, "gender");
    let legal_status = code!(LegalStatus, "legal_status");
    let work_permit = code!(WorkPermit, "work_permit");
    let education_level = code!(EducationLevel, "education_level");
    let employment_state = code!(EmploymentState, "employment_state");
    let name_is_pseudonym = yes_no("name_is_pseudonym", &mut errors);
    let consent = yes_no("consent_profile_processing", &mut errors);
    let work_permit_date = date("work_permit_date", &mut errors);
    let arrival_date = date("arrival_date", &mut errors);
    let birth_year = get("birth_year").and_then(|v| {
        v.parse::<i32>()
            .map_err(|_| {
                errors.push(problem(
                    line,
                    "birth_year",
                    "number",
                    format!("`{v}` is not a year"),
                ))
            })
            .ok()
    });
    let split = |v: String| -> Vec<String> {
        v.split(['|', ';', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut languages = Vec::new();
    for item in get("languages").map(split).unwrap_or_default() {
        let (code, level) = item.split_once(':').unwrap_or((&item, ""));
        match LanguageLevel::parse(level.trim())
            .or_else(|| LanguageLevel::parse(&level.trim().to_uppercase()))
        {
            Some(level) => languages.push(LanguageSkill {
                language: code.trim().to_lowercase(),
                level,
            }),
            None => errors.push(problem(
                line,
                "languages",
                "language_level",
                format!("`{item}` should look like ar:native or sl:A2"),
            )),
        }
    }
    let mut needs = Vec::new();
    for item in get("needs").map(split).unwrap_or_default() {
        match Need::parse(&item.to_lowercase()) {
            Some(n) => needs.push(n),
            None => {
                let codes: Vec<&str> = Need::ALL.iter().map(|c| c.as_str()).collect();
                errors.push(problem(
                    line,
                    "needs",
                    "code",
                    format!("`{item}` is not one of: {}", codes.join(", ")),
                ));
            }
        }
    }
    let fields = ParticipantFields {
        name: get("name").unwrap_or_default(),
        name_is_pseudonym,
        phone: get("phone").map(|p| p.replace([' ', '-', '/', '(', ')'], "")),
        whatsapp: get("whatsapp").map(|p| p.replace([' ', '-', '/', '(', ')'], "")),
        viber: get("viber").map(|p| p.replace([' ', '-', '/', '(', ')'], "")),
        email: get("email"),
        gender,
        gender_self_description: None,
        birth_year,
        country_of_origin: get("country_of_origin").map(|c| c.to_uppercase()),
        legal_status,
        legal_status_detail: get("legal_status_detail"),
        work_permit,
        work_permit_date,
        arrival_date,
        municipality: get("municipality"),
        education_level,
        employment_state,
        languages,
        needs,
        needs_other: get("needs_other"),
        qualifications: Vec::new(),
        adviser_id: None,
        mentor_id: None,
        user_id: None,
        notes: get("notes"),
    };
    if let Err(ApiError::Validation(field_errors)) = validation::validate_fields(&fields) {
        for e in field_errors {
            // `languages[1].language` is the `languages` column.
            let column = e
                .field
                .split(['[', '.'])
                .next()
                .unwrap_or("file")
                .to_string();
            errors.push(problem(line, &column, &e.code, e.message));
        }
    }
    let version = get("consent_text_version");
    if consent && version.is_none() {
        errors.push(problem(
            line,
            "consent_text_version",
            "required",
            "which version of the consent text did the person see?",
        ));
    }
    if validation::has_profile_data(&fields) && !consent {
        errors.push(problem(
            line,
            "consent_profile_processing",
            "consent_required",
            "profile fields beyond name and contacts need the person's consent (yes)",
        ));
    }
    if errors.is_empty() {
        Ok((fields, if consent { version } else { None }))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields_of(err: ApiError) -> Vec<(String, String)> {
        match err {
            ApiError::Validation(e) => e.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_template_parses() {
        let rows =
            parse(format!("\u{feff}{}\n{}\n", COLUMNS.join(","), TEMPLATE_EXAMPLE).as_bytes())
                .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0.languages.len(), 2);
        assert_eq!(rows[0].1.as_deref(), Some("2026-05 sl"));
    }

    #[test]
    fn excel_semicolons_and_slovene_dates_are_read() {
        let csv = "Name;Phone;Arrival_Date;Consent_Profile_Processing;Consent_Text_Version\r\nOlena;+380 50 123 4567;20.3.2022;da;v1\r\n";
        let rows = parse(csv.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(rows[0].0.phone.as_deref(), Some("+380501234567"));
        assert_eq!(rows[0].0.arrival_date, NaiveDate::from_ymd_opt(2022, 3, 20));
    }

    #[test]
    fn problems_name_their_row_and_column() {
        let csv = "name,phone,gender,languages,colour\nA,+38640111222,female,ar:native,blue\n";
        assert_eq!(
            fields_of(parse(csv.as_bytes()).err().unwrap_or(ApiError::Busy)),
            vec![("rows[1].colour".into(), "unknown_column".into())]
        );
        let csv = "name,phone,gender,languages,consent_profile_processing,consent_text_version\nA,12,female,ar:native,yes,v1\n,,robot,xx:A1,yes,v1\nC,,,,,\n";
        let found = fields_of(parse(csv.as_bytes()).err().unwrap_or(ApiError::Busy));
        for expected in [
            ("rows[2].phone", "phone"),
            ("rows[3].gender", "code"),
            ("rows[3].name", "required"),
            ("rows[3].languages", "language"),
        ] {
            assert!(
                found.contains(&(expected.0.to_string(), expected.1.to_string())),
                "{expected:?} in {found:?}"
            );
        }
        assert!(
            !found.iter().any(|(f, _)| f.starts_with("rows[4]")),
            "row 4 is fine: {found:?}"
        );
    }
}
