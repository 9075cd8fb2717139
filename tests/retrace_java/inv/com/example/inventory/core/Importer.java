package com.example.inventory.core;

public class Importer {
	static class ParseError extends Exception {
		ParseError(String msg, Throwable cause) {
			super(msg, cause);
		}
	}

	static class Res implements AutoCloseable {
		private final String name;

		Res(String name) {
			this.name = name;
		}

		@Override
		public void close() {
			throw new IllegalStateException("cannot close " + name);
		}
	}

	public void run(String line) throws ParseError {
		try {
			parse(line);
		} catch (NumberFormatException e) {
			throw new ParseError("cannot import " + line, e);
		}
	}

	private int parse(String line) {
		return Integer.parseInt(field(line, 0));
	}

	private static String field(String line, int n) {
		return line.split("-")[n];
	}

	public static void withResources() {
		try (Res r = new Res("db")) {
			throw new UnsupportedOperationException("read-only " + r.name);
		}
	}
}
