//! Giving the memory that start-up freed back to the system.
//!
//! Each HTTP worker builds the API's routes and its OpenAPI document once
//! (utoipa builds the document as the routes are registered) and then
//! drops the document. glibc keeps what a thread freed in that thread's
//! arena, so a server at rest held about 76 MB, a third of it freed blocks
//! (`make bench`, the memory part). One `malloc_trim` after start-up hands
//! them back: about 53 MB, measured the same way.

use std::time::Duration;

/// Trims every allocator arena once, `after` the server has started (by
/// then its workers have built their apps). Elsewhere than Linux with
/// glibc it does nothing.
pub fn trim_after_start(after: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(after);
        trim();
    });
}

/// Hands the memory every allocator arena holds free back to the system
/// (after dropping something large, such as an old search index).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn trim() {
    // SAFETY: malloc_trim takes no pointer and may be called from any
    // thread at any time; it only returns free memory to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn trim() {}
