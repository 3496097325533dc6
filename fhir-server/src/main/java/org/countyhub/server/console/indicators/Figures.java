package org.countyhub.server.console.indicators;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/** How the 驾驶舱 writes a figure and its change: shares in %, changes of shares in 个百分点, of counts in %. */
final class Figures {

	private Figures() {}

	static String format(BigDecimal value, boolean share) {
		if (share) {
			return value.movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
		}
		return value.stripTrailingZeros().scale() <= 0 ? value.setScale(0, RoundingMode.HALF_UP).toPlainString()
				: value.setScale(2, RoundingMode.HALF_UP).toPlainString();
	}

	/** The change from an earlier figure, or "—" when either is missing. */
	static String change(Optional<BigDecimal> now, Optional<BigDecimal> before, boolean share) {
		if (now.isEmpty() || before.isEmpty()) {
			return "—";
		}
		if (share) {
			BigDecimal points = now.get().subtract(before.get()).movePointRight(2).setScale(1, RoundingMode.HALF_UP);
			return (points.signum() > 0 ? "+" : "") + points.toPlainString() + " 个百分点";
		}
		if (before.get().signum() == 0) {
			return "—";
		}
		BigDecimal percent = now.get().subtract(before.get()).movePointRight(2)
				.divide(before.get(), 1, RoundingMode.HALF_UP);
		return (percent.signum() > 0 ? "+" : "") + percent.toPlainString() + "%";
	}

	/** The hub's refusal as the page shows it: its HUB code and reason, without HAPI's prefix. */
	static String outcomeText(BaseServerResponseException e) {
		String message = e.getMessage() == null ? "" : e.getMessage();
		int code = message.indexOf("HUB-");
		return code >= 0 ? message.substring(code) : message;
	}
}
