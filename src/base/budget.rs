//! A memory budget shared by the documents typeset at once: each takes the share its size
//! calls for before its layout starts and gives it back when done, so that however many
//! workers a run has, the layouts in memory together stay within the budget. A document
//! larger than the whole budget is laid out alone.

use std::sync::{Condvar, Mutex, PoisonError};

/// A budget of units (MiB) that layouts take and give back.
#[derive(Debug)]
pub struct Budget {
    total: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

/// A share of a [`Budget`], given back when dropped.
#[derive(Debug)]
pub struct Share<'a> {
    budget: &'a Budget,
    units: u64,
}

impl Budget {
    /// A budget of `total` units.
    pub const fn new(total: u64) -> Budget {
        Budget {
            total,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Waits until `units` (at most the whole budget) are free, and takes them.
    pub fn take(&self, units: u64) -> Share<'_> {
        let units = units.clamp(1, self.total);
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        while *used + units > self.total {
            used = self
                .freed
                .wait(used)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *used += units;
        Share {
            budget: self,
            units,
        }
    }

    /// The units taken now.
    pub fn used(&self) -> u64 {
        *self.used.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Share<'_> {
    fn drop(&mut self) {
        let mut used = self
            .budget
            .used
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *used -= self.units;
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_wait_for_room_and_a_large_one_runs_alone() {
        static BUDGET: Budget = Budget::new(100);
        let a = BUDGET.take(60);
        assert_eq!(BUDGET.used(), 60);
        let taken = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                let _b = BUDGET.take(60);
                taken.store(true, std::sync::atomic::Ordering::SeqCst);
            });
            // However late the thread starts, it cannot take its share while `a` holds 60.
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(!taken.load(std::sync::atomic::Ordering::SeqCst));
            drop(a);
        });
        assert!(taken.load(std::sync::atomic::Ordering::SeqCst));
        assert_eq!(BUDGET.used(), 0);
        // More than the whole budget: taken as the whole of it.
        let big = BUDGET.take(1_000);
        assert_eq!(BUDGET.used(), 100);
        drop(big);
    }
}
