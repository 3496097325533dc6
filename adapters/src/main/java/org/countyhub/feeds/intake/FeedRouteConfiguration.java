package org.countyhub.feeds.intake;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.countyhub.feeds.hl7.RawHeader;

/**
 * The error policy of all feed routes, declared once. The intake route turns any failure into a NAK (AE or AR
 * with the reason) after recording it in the journal — the message itself was kept before processing started,
 * so nothing is lost and an operator can replay it. The feed routes handle nothing themselves: a failure goes
 * back to the intake, which answers it.
 */
public final class FeedRouteConfiguration extends RouteConfigurationBuilder {

	/** Routes that answer the sender. */
	public static final String INTAKE = "feed-intake-errors";
	/** Routes called by the intake. */
	public static final String FEED = "feed-errors";

	private final FeedIntake intake;

	public FeedRouteConfiguration(FeedIntake intake) {
		this.intake = intake;
	}

	@Override
	public void configuration() {
		routeConfiguration(INTAKE)
				.onException(Exception.class)
				.handled(true)
				.process(this::nak);
		routeConfiguration(FEED).errorHandler(noErrorHandler());
	}

	private void nak(Exchange exchange) {
		Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		FeedIntake.Receipt receipt = exchange.getProperty(FeedIntakeRoute.RECEIPT, FeedIntake.Receipt.class);
		if (receipt == null && failure instanceof FeedIntake.KeptForLaterException kept) {
			receipt = kept.receipt();
		}
		byte[] raw = exchange.getProperty(FeedIntakeRoute.RAW, byte[].class);
		RawHeader header = RawHeader.of(raw == null ? new byte[0] : raw);
		FeedIntake.Nak nak = intake.rejected(receipt, header, failure);
		exchange.getMessage().setHeader(FeedIntakeRoute.ACK_CODE, nak.code());
		exchange.getMessage().setBody(nak.bytes());
	}
}
