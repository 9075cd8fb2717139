package com.example.orders;

/* The shared wrapper both validation bugs throw through. */
final class Checks {
    private Checks() {
    }

    static void fail(String what, int id) {
        throw new IllegalStateException("invalid " + what + " " + id);
    }
}
