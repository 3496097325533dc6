package org.countyhub.feeds.intake;

/** The database is unreachable: nothing was written; the message waits and is processed when it returns. */
public class StorageUnavailableException extends RuntimeException {

	public StorageUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}
}
