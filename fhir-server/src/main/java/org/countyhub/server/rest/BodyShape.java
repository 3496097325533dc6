package org.countyhub.server.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.countyhub.profiles.HubMsg;

/**
 * Counts a request body's values, nesting and longest string in one streaming pass, stopping at the first limit
 * exceeded: a body of 500,000 names is refused after reading the first 200,000, without building a resource.
 * A body that is not well formed passes: HAPI's parser gives the client the precise error.
 */
final class BodyShape {

	/** A limit the body exceeds: the HUB-coded text for the OperationOutcome. */
	record Excess(String diagnostics) {}

	private final RequestLimits limits;
	private final JsonFactory json;
	private final XMLInputFactory xml;

	BodyShape(RequestLimits limits) {
		this.limits = limits;
		// Jackson enforces the string length itself, while reading: the string is never held whole
		this.json = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
				.maxStringLength(limits.maxStringLength())
				.maxNestingDepth(limits.maxDepth())
				.build()).build();
		this.xml = XMLInputFactory.newFactory();
		xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
	}

	Optional<Excess> check(byte[] body, boolean isXml) {
		return isXml ? checkXml(body) : checkJson(body);
	}

	private Optional<Excess> checkJson(byte[] body) {
		try (JsonParser parser = json.createParser(body)) {
			long values = 0;
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				if (token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY
						&& ++values > limits.maxElements()) {
					return Optional.of(elements());
				}
				// Jackson skips an unread string without measuring it: read it, its constraint stops a long one
				if (token == JsonToken.VALUE_STRING && parser.getTextLength() > limits.maxStringLength()) {
					return Optional.of(string());
				}
			}
			return Optional.empty();
		} catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
			return Optional.of(e.getMessage() != null && e.getMessage().contains("nesting depth") ? depth() : string());
		} catch (IOException e) {
			return Optional.empty();
		}
	}

	private Optional<Excess> checkXml(byte[] body) {
		try {
			XMLStreamReader reader = xml.createXMLStreamReader(new ByteArrayInputStream(body));
			try {
				long elements = 0;
				int depth = 0;
				while (reader.hasNext()) {
					int event = reader.next();
					if (event == XMLStreamConstants.START_ELEMENT) {
						if (++depth > limits.maxDepth()) {
							return Optional.of(depth());
						}
						if (++elements > limits.maxElements()) {
							return Optional.of(elements());
						}
						for (int i = 0; i < reader.getAttributeCount(); i++) {
							if (reader.getAttributeValue(i).length() > limits.maxStringLength()) {
								return Optional.of(string());
							}
						}
					} else if (event == XMLStreamConstants.END_ELEMENT) {
						depth--;
					} else if (event == XMLStreamConstants.CHARACTERS && reader.getTextLength() > limits.maxStringLength()) {
						return Optional.of(string());
					}
				}
				return Optional.empty();
			} finally {
				reader.close();
			}
		} catch (XMLStreamException e) {
			return Optional.empty();
		}
	}

	private Excess elements() {
		return new Excess(HubMsg.code(1020) + "the body has more than " + limits.maxElements()
				+ " values (hub.request-limits.max-elements)");
	}

	private Excess depth() {
		return new Excess(HubMsg.code(1021) + "the body is nested deeper than " + limits.maxDepth()
				+ " levels (hub.request-limits.max-depth)");
	}

	private Excess string() {
		return new Excess(HubMsg.code(1022) + "the body has a string longer than " + limits.maxStringLength()
				+ " characters (hub.request-limits.max-string-length)");
	}
}
