//! An allocator for one QuickJS runtime that refuses to pass a byte cap and remembers that it did.
//!
//! QuickJS's own `set_memory_limit` gives an "out of memory" exception that looks like any other;
//! with this allocator the grader knows for certain that the submission hit its memory limit.
//! The cap and the count live in a shared [`MemoryBudget`], so that the engine can move the cap
//! for each check of a reused runtime, and the host can charge what it keeps for a submission
//! (timer arguments, console text, copied values) to the same budget.

use std::alloc::{Layout, alloc, alloc_zeroed, dealloc, realloc};
use std::ptr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Bytes in use and the cap, shared by a runtime's allocator and the host.
#[derive(Debug)]
pub struct MemoryBudget {
    used: AtomicUsize,
    limit: AtomicUsize,
    hit: AtomicBool,
}

impl MemoryBudget {
    /// A budget of `limit` bytes, nothing used.
    pub fn new(limit: usize) -> Arc<MemoryBudget> {
        Arc::new(MemoryBudget {
            used: AtomicUsize::new(0),
            limit: AtomicUsize::new(limit),
            hit: AtomicBool::new(false),
        })
    }

    /// Bytes in use: the engine's allocations plus what the host charged.
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    /// Moves the cap (for the next check) and forgets an earlier refusal.
    pub fn reset(&self, limit: usize) {
        self.limit.store(limit, Ordering::Relaxed);
        self.hit.store(false, Ordering::Relaxed);
    }

    /// Whether an allocation or a charge was refused since the last [`MemoryBudget::reset`].
    pub fn was_hit(&self) -> bool {
        self.hit.load(Ordering::Relaxed)
    }

    /// Takes `bytes` from the budget, or refuses (and records the refusal) when it would pass the cap.
    pub fn charge(&self, bytes: usize) -> bool {
        if !self.admit(bytes) {
            return false;
        }
        self.used.fetch_add(bytes, Ordering::Relaxed);
        true
    }

    /// Gives back what [`MemoryBudget::charge`] took.
    pub fn release(&self, bytes: usize) {
        self.used.fetch_sub(bytes.min(self.used()), Ordering::Relaxed);
    }

    fn admit(&self, extra: usize) -> bool {
        if self.used().saturating_add(extra) > self.limit.load(Ordering::Relaxed) {
            self.hit.store(true, Ordering::Relaxed);
            false
        } else {
            true
        }
    }
}

use rquickjs::allocator::Allocator;

const ALIGN: usize = 16;
const HEADER: usize = 16;

/// Allocates for QuickJS from Rust's allocator, within a [`MemoryBudget`].
pub struct CappedAllocator {
    budget: Arc<MemoryBudget>,
}

impl CappedAllocator {
    /// An allocator that counts against `budget` and refuses to pass its cap.
    pub fn new(budget: Arc<MemoryBudget>) -> Self {
        CappedAllocator { budget }
    }

    fn admit(&mut self, extra: usize) -> bool {
        self.budget.admit(extra)
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
            self.budget.hit.store(true, Ordering::Relaxed);
            return base;
        }
        self.budget.used.fetch_add(size, Ordering::Relaxed);
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
                self.budget.hit.store(true, Ordering::Relaxed);
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
            self.budget.used.fetch_sub(size, Ordering::Relaxed);
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
                self.budget.hit.store(true, Ordering::Relaxed);
                return base;
            }
            if new_size >= old_size {
                self.budget.used.fetch_add(new_size - old_size, Ordering::Relaxed);
            } else {
                self.budget.used.fetch_sub(old_size - new_size, Ordering::Relaxed);
            }
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
        let budget = MemoryBudget::new(1000);
        let mut a = CappedAllocator::new(budget.clone());
        let p = a.alloc(600);
        assert!(!p.is_null());
        assert!(a.alloc(600).is_null());
        assert!(budget.was_hit());
        unsafe {
            let p = a.realloc(p, 900);
            assert!(!p.is_null());
            assert_eq!(CappedAllocator::usable_size(p), 900);
            assert!(a.realloc(p, 2000).is_null());
            a.dealloc(p);
        }
        assert_eq!(budget.used(), 0);
    }

    #[test]
    fn host_charges_count_against_the_same_cap() {
        let budget = MemoryBudget::new(1000);
        let mut a = CappedAllocator::new(budget.clone());
        assert!(budget.charge(700));
        assert!(a.alloc(400).is_null(), "the host's 700 bytes leave no room for 400 more");
        budget.release(700);
        budget.reset(1000);
        assert!(!budget.was_hit());
        let p = a.alloc(400);
        assert!(!p.is_null());
        unsafe { a.dealloc(p) };
    }
}
