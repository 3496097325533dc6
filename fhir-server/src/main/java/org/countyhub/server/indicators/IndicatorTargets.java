package org.countyhub.server.indicators;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.countyhub.server.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * The county's targets for the 驾驶舱 KPI cards: {@code indicator-targets.yaml} in the county folder (optional: a
 * county without it sees the figures without targets). Every line must name a group of the guide's Measures, or
 * the start stops naming the file and the line.
 */
@Component
public class IndicatorTargets {

	private static final Logger log = LoggerFactory.getLogger(IndicatorTargets.class);
	public static final String FILE = "indicator-targets.yaml";

	/** One KPI card: the Measure group, its label, the target (null: none) and which way is better. */
	public record Target(String measure, String group, String label, Double target, String better) {

		public boolean higherIsBetter() {
			return !"lower".equals(better);
		}
	}

	record File(List<Target> targets) {}

	private final List<Target> targets;

	IndicatorTargets(HubProperties hub, ResourceLoader resources, IndicatorMeasures measures) throws IOException {
		String location = hub.county().location().replaceAll("/+$", "") + "/" + FILE;
		Resource file = resources.getResource(location);
		if (!file.exists()) {
			log.info("No {} in the county folder: the 驾驶舱 shows figures without targets", FILE);
			this.targets = List.of();
			return;
		}
		ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
				.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
		try (InputStream in = file.getInputStream()) {
			File read = yaml.readValue(in, File.class);
			this.targets = read.targets() == null ? List.of() : List.copyOf(read.targets());
		}
		for (Target t : targets) {
			boolean known = measures.measure(t.measure()).map(m -> m.getGroup().stream()
					.anyMatch(g -> g.getCode().getText().equals(t.group()))).orElse(false);
			if (!known || t.label() == null || (t.better() != null && !t.better().matches("higher|lower"))) {
				throw new IllegalStateException(location + ": the target " + t + " names no group of the guide's"
						+ " indicator Measures, has no label, or 'better' is not higher/lower");
			}
		}
		log.info("Indicator targets from {}: {}", location, targets.size());
	}

	public List<Target> all() {
		return targets;
	}
}
