package org.countyhub.feeds.intake;

import java.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.NettyConstants;
import org.countyhub.feeds.fhir.FeedContext;

/**
 * Every message, whether it arrives over MLLP, is replayed by an operator or comes back from the spool: keep it,
 * read it, hand it to its feed by MSH-9 and MSH-4, and acknowledge AA once the feed's transaction committed.
 * Failures are answered by the route configuration {@link FeedRouteConfiguration#INTAKE}.
 */
public final class FeedIntakeRoute extends RouteBuilder {

	public static final String ENDPOINT = "direct:feed-intake";
	/** Header: journal id of the entry being replayed. */
	public static final String REPLAY_OF = "hubReplayOf";
	/** Header: the message comes from the spool. */
	public static final String SPOOLED = "hubSpooled";
	/** Header on the answer: the MSA-1 code. */
	public static final String ACK_CODE = "hubAckCode";
	/** Header on the answer: the journal id, when the message was journaled. */
	public static final String JOURNAL_ID = "hubJournalId";
	static final String RECEIPT = "hubReceipt";
	static final String RAW = "hubRaw";
	private static final String FEED = "hubFeed";
	private static final String APPLY = "hubApply";

	private final FeedIntake intake;
	private final FeedSourceBinding sources;

	public FeedIntakeRoute(FeedIntake intake, FeedSourceBinding sources) {
		this.intake = intake;
		this.sources = sources;
	}

	@Override
	public void configure() {
		from(ENDPOINT).routeId("feed-intake").routeConfigurationId(FeedRouteConfiguration.INTAKE)
				.process(this::keep)
				// a re-delivery of an applied message is answered in keep, without being applied again
				.filter(exchangeProperty(APPLY))
					.process(this::read)
					.choice()
						.when(header(FEED).isEqualTo(FeedKind.ADT)).to(FeedKind.ADT.endpoint())
						.when(header(FEED).isEqualTo(FeedKind.ORDER)).to(FeedKind.ORDER.endpoint())
						.when(header(FEED).isEqualTo(FeedKind.PHARMACY)).to(FeedKind.PHARMACY.endpoint())
						.when(header(FEED).isEqualTo(FeedKind.LAB)).to(FeedKind.LAB.endpoint())
						.when(header(FEED).isEqualTo(FeedKind.IMAGING)).to(FeedKind.IMAGING.endpoint())
						.when(header(FEED).isEqualTo(FeedKind.ECG)).to(FeedKind.ECG.endpoint())
					.end()
					.process(this::accept)
				.end();
	}

	private void keep(Exchange exchange) throws InvalidPayloadException {
		byte[] raw = exchange.getMessage().getMandatoryBody(byte[].class);
		exchange.setProperty(RAW, raw);
		Long replayOf = exchange.getMessage().getHeader(REPLAY_OF, Long.class);
		boolean spooled = exchange.getMessage().getHeader(SPOOLED, false, Boolean.class);
		FeedIntake.Receipt receipt = intake.keep(raw, replayOf, spooled);
		exchange.setProperty(RECEIPT, receipt);
		exchange.getMessage().setHeader(JOURNAL_ID, receipt.journalId());
		exchange.setProperty(APPLY, receipt.toApply());
		if (!receipt.toApply()) {
			exchange.getMessage().setBody(intake.notApplied(receipt));
			exchange.getMessage().setHeader(ACK_CODE, "AA");
		}
	}

	private void read(Exchange exchange) {
		FeedIntake.Receipt receipt = exchange.getProperty(RECEIPT, FeedIntake.Receipt.class);
		FeedContext ctx = intake.read(exchange.getProperty(RAW, byte[].class), receipt);
		sources.check(ctx.unit(), exchange.getMessage().getHeader(NettyConstants.NETTY_REMOTE_ADDRESS, SocketAddress.class));
		exchange.getMessage().setHeader(FEED, FeedKind.of(ctx.message(), ctx.unit()));
		exchange.getMessage().setBody(ctx);
	}

	private void accept(Exchange exchange) {
		FeedIntake.Receipt receipt = exchange.getProperty(RECEIPT, FeedIntake.Receipt.class);
		exchange.getMessage().setHeader(ACK_CODE, "AA");
		exchange.getMessage().setBody(intake.accepted(receipt));
	}
}
