package dev.provhub.runs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/** Wakes this process's run queue when a run was queued here, once the queueing transaction has committed. */
@ApplicationScoped
class RunSignal {

    /** A run was queued in the current transaction. */
    record Queued() {
    }

    private final Event<Queued> queued;
    private final Object lock = new Object();
    private boolean pending;

    RunSignal(Event<Queued> queued) {
        this.queued = queued;
    }

    void wakeAfterCommit() {
        queued.fire(new Queued());
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Queued event) {
        wake();
    }

    void wake() {
        synchronized (lock) {
            pending = true;
            lock.notifyAll();
        }
    }

    /** Waits until woken or {@code millis} have passed. */
    void await(long millis) throws InterruptedException {
        synchronized (lock) {
            if (!pending) {
                lock.wait(millis);
            }
            pending = false;
        }
    }
}
