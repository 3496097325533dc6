package org.countyhub.server.reading;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Set;
import org.countyhub.profiles.HubMsg;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.StringType;

/** Which part of a worklist {@code $worklist} answers: its order and the page ({@code _count} / {@code _offset}). */
record WorklistSlice(String order, int count, int offset) {

	static final Set<String> ORDERS = Set.of("priority", "waiting", "newest");
	/** A page is never larger than this; without {@code _count} the first this many (a centre's whole day). */
	static final int MAX_COUNT = 1000;

	static WorklistSlice of(StringType order, IntegerType count, IntegerType offset) {
		String chosen = order == null || !order.hasValue() ? "priority" : order.getValue().strip();
		if (!ORDERS.contains(chosen)) {
			throw new InvalidRequestException(HubMsg.code(5109) + "order '" + chosen
					+ "' is none of priority, waiting, newest");
		}
		int size = count == null || count.getValue() == null ? MAX_COUNT : count.getValue();
		int from = offset == null || offset.getValue() == null ? 0 : offset.getValue();
		if (size < 1 || size > MAX_COUNT || from < 0) {
			throw new InvalidRequestException(HubMsg.code(5109) + "_count must be 1.." + MAX_COUNT
					+ " and _offset 0 or more");
		}
		return new WorklistSlice(chosen, size, from);
	}

	<T> List<T> of(List<T> all) {
		return offset >= all.size() ? List.of() : all.subList(offset, Math.min(all.size(), offset + count));
	}
}
