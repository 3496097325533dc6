package org.countyhub.feeds.intake;

import java.util.regex.Pattern;

/**
 * The reason for a refused transaction as the sender may read it in MSA-3 / ERR-8: the store's own message
 * (e.g. a merge of an unknown patient), but never SQL, driver text or a stack trace — those name tables and
 * can carry other patients' values. A database error becomes one fixed sentence; the operator finds the
 * details in the hub's log at DEBUG under the unit and MSH-10.
 */
final class StoreRefusal {

	static final String DATABASE = "the database refused the write (details in the hub's log, not sent)";
	private static final int MAX = 500;
	private static final Pattern DATABASE_TEXT = Pattern.compile("(?i)\\binsert\\s+into\\b|\\bupdate\\s+\\S+\\s+set\\b"
			+ "|\\bselect\\b.*\\bfrom\\b|\\bdelete\\s+from\\b|\\bsql\\b|\\bjdbc\\b"
			+ "|could not execute|\\bat [\\w.$]+\\([\\w]+\\.java:\\d+\\)");

	private StoreRefusal() {}

	static String reason(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (isDatabaseError(t.getClass())) {
				return DATABASE;
			}
		}
		String message = failure.getMessage();
		if (message == null || message.isBlank()) {
			return "no reason given";
		}
		String firstLine = message.strip().lines().findFirst().orElse("");
		if (DATABASE_TEXT.matcher(message).find()) {
			return DATABASE;
		}
		return firstLine.length() > MAX ? firstLine.substring(0, MAX) : firstLine;
	}

	/** java.sql, JDBC, JPA and Spring data-access failures, found by name: the adapters do not depend on them. */
	private static boolean isDatabaseError(Class<?> type) {
		for (Class<?> c = type; c != null && c != Throwable.class; c = c.getSuperclass()) {
			String name = c.getName();
			if (name.startsWith("java.sql.") || name.endsWith("SQLException") || name.endsWith("JDBCException")
					|| name.endsWith("DataAccessException") || name.endsWith("PersistenceException")
					|| name.endsWith("ConstraintViolationException")) {
				return true;
			}
		}
		return false;
	}
}
