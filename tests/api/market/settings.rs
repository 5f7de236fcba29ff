//! Market settings: defaults until first changed, a version, a valid IBAN,
//! and only admins and coordinators.
