package org.countyhub.county;

/** A county folder that cannot be used as it is; the message names the file and the setting. */
public class CountyConfigurationException extends RuntimeException {

	public CountyConfigurationException(String message, Throwable cause) {
		super(message, cause);
	}
}
