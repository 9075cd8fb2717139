package com.example.inventory;

import com.example.inventory.core.Importer;
import com.example.inventory.core.Pipeline;
import com.example.inventory.core.Store;

import java.util.ArrayList;
import java.util.Arrays;

/* Crash scenarios for the retrace round trips (tests/retrace_roundtrip.sh). */
public class Main {
	public static void main(String[] args) throws Exception {
		String s = args.length > 0 ? args[0] : "npe";
		switch (s) {
		case "npe":
			System.out.println(new Store(null).describe());
			break;
		case "cause":
			new Importer().run("bad-line");
			break;
		case "lambda":
			Pipeline.run(Arrays.asList(4, 2, 0, 1));
			break;
		case "array":
			new Store(new ArrayList<>()).get(5);
			break;
		case "deep":
			Pipeline.recurse(4);
			break;
		case "suppressed":
			Importer.withResources();
			break;
		case "cast":
			Store.castIt(new Store.Item("x", 1));
			break;
		case "enum":
			Store.kind("SQUARE");
			break;
		default:
			throw new IllegalArgumentException("unknown scenario " + s);
		}
	}
}
