//! The analysis of interviews: counts with small-cell suppression, CSV
//! exports, and length-of-stay bands, over a known data set.

mod counts;
mod data_set;
mod exports;
mod stay_bands;
