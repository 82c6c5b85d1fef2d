//! Dropping large values off the critical path: a typeset document's laid-out pages take a
//! few milliseconds to free, which a build need not wait for once its PDF is written.

use std::any::Any;
use std::sync::mpsc::{Sender, channel};
use std::sync::{Mutex, OnceLock};

/// Values waiting to be dropped by the one thread that drops them.
type Bin = Box<dyn Any + Send>;

/// Drops `value` on a thread of its own, soon; at once when that thread cannot be had. What
/// is still waiting when the process ends is given back to the system with the rest.
pub fn later<T: Send + 'static>(value: T) {
    static BIN: OnceLock<Option<Mutex<Sender<Bin>>>> = OnceLock::new();
    let bin = BIN.get_or_init(|| {
        let (tx, rx) = channel::<Bin>();
        let spawned = std::thread::Builder::new()
            .name("discard".to_owned())
            .spawn(move || rx.into_iter().for_each(drop));
        spawned.ok().map(|_| Mutex::new(tx))
    });
    let Some(bin) = bin else { return };
    let tx = bin
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    // A send fails only when the thread is gone; the value then comes back and drops here.
    let _ = tx.send(Box::new(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_dropped() {
        struct Flag(std::sync::mpsc::Sender<()>);
        impl Drop for Flag {
            fn drop(&mut self) {
                let _ = self.0.send(());
            }
        }
        let (tx, rx) = channel();
        later(Flag(tx));
        assert!(rx.recv_timeout(std::time::Duration::from_secs(5)).is_ok());
    }
}
