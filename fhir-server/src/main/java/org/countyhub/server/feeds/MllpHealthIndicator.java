package org.countyhub.server.feeds;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.countyhub.feeds.intake.MllpListenerRoute;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code mllp} in {@code /actuator/health}: UP while the MLLP listener route is started (its port bound). With
 * Spring's own {@code db} indicator, the hub is UP only when both the database and the listener are.
 */
@Component("mllp")
class MllpHealthIndicator implements HealthIndicator {

	private final CamelContext camel;
	private final MllpProperties mllp;
	private final ObjectProvider<MllpListenerRoute> listener;

	MllpHealthIndicator(CamelContext camel, MllpProperties mllp, ObjectProvider<MllpListenerRoute> listener) {
		this.camel = camel;
		this.mllp = mllp;
		this.listener = listener;
	}

	@Override
	public Health health() {
		if (!mllp.enabled()) {
			return Health.up().withDetail("listener", "disabled (hub.mllp.enabled=false)").build();
		}
		ServiceStatus status = camel.getRouteController().getRouteStatus(MllpListenerRoute.ROUTE_ID);
		Health.Builder health = status != null && status.isStarted() ? Health.up() : Health.down();
		return health.withDetail("port", listener.getObject().port()).withDetail("route", String.valueOf(status)).build();
	}
}
