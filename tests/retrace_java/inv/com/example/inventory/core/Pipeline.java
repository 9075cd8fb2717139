package com.example.inventory.core;

import java.util.List;
import java.util.function.IntUnaryOperator;

public class Pipeline {
	public static void run(List<Integer> values) {
		IntUnaryOperator inv = v -> 100 / v;
		values.forEach(v -> System.out.println(step(inv, v)));
	}

	private static int step(IntUnaryOperator op, int v) {
		return op.applyAsInt(v) + 1;
	}

	public static int recurse(int n) {
		if (n == 0)
			return check(null);
		return recurse(n - 1) + 1;
	}

	private static int check(String s) {
		return s.length();
	}
}
