package com.example.orders;

final class Importer {
    int parse(String field) {
        return Integer.parseInt(field);
    }

    int load(int id) {
        try {
            return parse("n" + id);
        } catch (NumberFormatException e) {
            throw new RuntimeException("import of record " + id + " failed", e);
        }
    }
}
