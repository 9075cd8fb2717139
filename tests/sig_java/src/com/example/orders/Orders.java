package com.example.orders;

import java.util.HashMap;
import java.util.Map;

final class Orders {
    private final Map<Integer, String> byId = new HashMap<>();

    String find(int id) {
        String o = byId.get(id);
        if (o == null)
            Checks.fail("id", id);
        return o;
    }

    int total(int id) {
        return find(id).length();
    }
}
