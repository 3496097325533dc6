package org.countyhub.server.console;

import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A resource id taken from a console address: a FHIR id, else the page is 未找到 (never passed on to the API). */
public final class PathIds {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	private PathIds() {}

	public static String checked(String id) {
		if (id == null || !ID.matcher(id).matches()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return id;
	}
}
