//! An allocator for one QuickJS runtime that refuses to pass a byte cap and remembers that it did.
//!
//! QuickJS's own `set_memory_limit` gives an "out of memory" exception that looks like any other;
//! with this allocator the grader knows for certain that the submission hit its memory limit.

use std::alloc::{Layout, alloc, alloc_zeroed, dealloc, realloc};
use std::ptr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rquickjs::allocator::Allocator;

const ALIGN: usize = 16;
const HEADER: usize = 16;

/// Allocates for QuickJS from Rust's allocator, up to `limit` bytes in all.
pub struct CappedAllocator {
    used: usize,
    limit: usize,
    hit: Arc<AtomicBool>,
}

impl CappedAllocator {
    /// An allocator that refuses to hold more than `limit` bytes; `hit` is set when it refuses.
    pub fn new(limit: usize, hit: Arc<AtomicBool>) -> Self {
        CappedAllocator { used: 0, limit, hit }
    }

    fn admit(&mut self, extra: usize) -> bool {
        if self.used.saturating_add(extra) > self.limit {
            self.hit.store(true, Ordering::Relaxed);
            false
        } else {
            true
        }
    }

    fn layout(size: usize) -> Option<Layout> {
        Layout::from_size_align(size.checked_add(HEADER)?, ALIGN).ok()
    }

    unsafe fn size_of(ptr: *mut u8) -> usize {
        unsafe { ptr.sub(HEADER).cast::<usize>().read() }
    }

    fn allocate(&mut self, size: usize, zeroed: bool) -> *mut u8 {
        let size = size.max(1);
        if !self.admit(size) {
            return ptr::null_mut();
        }
        let Some(layout) = Self::layout(size) else {
            return ptr::null_mut();
        };
        // SAFETY: layout has a non-zero size.
        let base = unsafe { if zeroed { alloc_zeroed(layout) } else { alloc(layout) } };
        if base.is_null() {
            self.hit.store(true, Ordering::Relaxed);
            return base;
        }
        self.used += size;
        // SAFETY: base points at HEADER + size bytes, aligned for usize.
        unsafe {
            base.cast::<usize>().write(size);
            base.add(HEADER)
        }
    }
}

// SAFETY: every pointer handed out is HEADER bytes past a block of HEADER + size bytes aligned to
// 16, whose header records `size`; null is returned on refusal.
unsafe impl Allocator for CappedAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        self.allocate(size, false)
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        match count.checked_mul(size) {
            Some(total) => self.allocate(total, true),
            None => {
                self.hit.store(true, Ordering::Relaxed);
                ptr::null_mut()
            }
        }
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        if ptr.is_null() {
            return;
        }
        unsafe {
            let size = Self::size_of(ptr);
            self.used -= size;
            dealloc(ptr.sub(HEADER), Self::layout(size).expect("layout was valid at allocation"));
        }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        if ptr.is_null() {
            return self.allocate(new_size, false);
        }
        let new_size = new_size.max(1);
        unsafe {
            let old_size = Self::size_of(ptr);
            if new_size > old_size && !self.admit(new_size - old_size) {
                return ptr::null_mut();
            }
            let Some(new_layout) = Self::layout(new_size) else {
                return ptr::null_mut();
            };
            let old_layout = Self::layout(old_size).expect("layout was valid at allocation");
            let base = realloc(ptr.sub(HEADER), old_layout, new_layout.size());
            if base.is_null() {
                self.hit.store(true, Ordering::Relaxed);
                return base;
            }
            self.used = self.used - old_size + new_size;
            base.cast::<usize>().write(new_size);
            base.add(HEADER)
        }
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        if ptr.is_null() { 0 } else { unsafe { Self::size_of(ptr) } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_cap_and_says_so() {
        let hit = Arc::new(AtomicBool::new(false));
        let mut a = CappedAllocator::new(1000, hit.clone());
        let p = a.alloc(600);
        assert!(!p.is_null());
        assert!(a.alloc(600).is_null());
        assert!(hit.load(Ordering::Relaxed));
        unsafe {
            let p = a.realloc(p, 900);
            assert!(!p.is_null());
            assert_eq!(CappedAllocator::usable_size(p), 900);
            assert!(a.realloc(p, 2000).is_null());
            a.dealloc(p);
        }
        assert_eq!(a.used, 0);
    }
}
