package dev.entrepot.platform.persistence;

import java.util.concurrent.Callable;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;

/** Transaction boundaries that {@link QuarkusTransaction} lacks in the form the domain code needs. */
public final class Transactions {

    private Transactions() {
    }

    /**
     * Runs {@code work} outside any transaction: the caller's, if there is one, is suspended meanwhile
     * and resumed afterwards. For what must hold no connection and no lock, such as a call to another
     * service made while a write is prepared. What {@code work} throws comes out as it was thrown.
     */
    public static <T> T outside(Callable<T> work) {
        try {
            return QuarkusTransaction.suspendingExisting().call(work);
        } catch (QuarkusTransactionException wrapped) {
            if (wrapped.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            throw wrapped;
        }
    }

    /**
     * Runs {@code work} in a transaction of its own (the caller's, if any, suspended) that is then rolled
     * back whatever it did: a rehearsal that checks what the real write will check, and afterwards holds
     * no lock and has written nothing. What {@code work} throws comes out as it was thrown.
     */
    public static void rolledBack(Callable<?> work) {
        try {
            outside(() -> QuarkusTransaction.requiringNew().call(() -> {
                work.call();
                throw new Rehearsed(); // rolls the transaction back; rollback-only would fail its commit instead
            }));
        } catch (Rehearsed done) {
            // rolled back, as meant
        }
    }

    private static final class Rehearsed extends RuntimeException {
        Rehearsed() {
            super(null, null, false, false);
        }
    }
}
