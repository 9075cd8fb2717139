package com.example.inventory.core;

import java.util.List;

public class Store {
	public enum Kind { ROUND, FLAT }

	public static class Item {
		final String name;
		final int count;

		public Item(String name, int count) {
			this.name = name;
			this.count = count;
		}

		String label() {
			return name.toUpperCase() + ":" + count;
		}
	}

	private final List<Item> items;

	public Store(List<Item> items) {
		this.items = items;
	}

	public String describe() {
		return "store of " + size() + " items";
	}

	private int size() {
		return items.size();
	}

	public Item get(int i) {
		return items.get(i);
	}

	public static Store castIt(Object o) {
		return (Store) o;
	}

	public static Kind kind(String name) {
		return Kind.valueOf(name);
	}
}
