package org.countyhub.server.indicators;

import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Date;
import org.countyhub.profiles.HubMsg;

/** A calendar month of the county's time zone: the period every indicator is computed for. */
public record ReportMonth(YearMonth month, ZoneId zone) {

	/** {@code YYYY-MM}, or a clear error naming the parameter. */
	public static ReportMonth parse(String text, ZoneId zone) {
		try {
			return new ReportMonth(YearMonth.parse(text == null ? "" : text.trim()), zone);
		} catch (DateTimeParseException e) {
			throw new InvalidRequestException(HubMsg.code(5601) + "month must be YYYY-MM, not '" + text + "'");
		}
	}

	public Instant start() {
		return month.atDay(1).atStartOfDay(zone).toInstant();
	}

	public Instant end() {
		return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
	}

	public boolean contains(Date moment) {
		return moment != null && !moment.toInstant().isBefore(start()) && moment.toInstant().isBefore(end());
	}

	public ReportMonth previous() {
		return new ReportMonth(month.minusMonths(1), zone);
	}

	public ReportMonth yearBefore() {
		return new ReportMonth(month.minusYears(1), zone);
	}

	/** A search parameter value: on or after the start, before the end. */
	public DateRangeParam range() {
		return new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, Date.from(start())),
				new DateParam(ParamPrefixEnum.LESSTHAN, Date.from(end())));
	}

	@Override
	public String toString() {
		return month.toString();
	}
}
