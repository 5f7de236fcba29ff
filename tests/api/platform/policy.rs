//! The README documents the policy matrix exactly as the code has it.

#[test]
fn the_readme_table_is_the_policy_matrix() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let table = skupaj::policy::markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's \"Who may do what\" table differs from api/src/policy.rs; replace it with:\n\n{table}"
    );
}
