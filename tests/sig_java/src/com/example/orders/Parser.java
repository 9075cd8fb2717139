package com.example.orders;

final class Parser {
    private String name;

    Parser(int id) {
        name = id > 100000 ? "x" + id : null;
    }

    int width() {
        return name.length();
    }
}
