package org.countyhub.server.indicators;

import java.util.List;

/** Median and percentiles of turnaround hours. */
final class Percentiles {

	private Percentiles() {}

	/** The median (the mean of the two middle values for an even count), or null for none. */
	static Double median(List<Double> values) {
		if (values.isEmpty()) {
			return null;
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int middle = sorted.length / 2;
		return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/** The nearest-rank percentile (the smallest value with at least p of the values at or below it). */
	static Double nearestRank(List<Double> values, double p) {
		if (values.isEmpty()) {
			return null;
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int rank = (int) Math.ceil(p * sorted.length);
		return sorted[Math.max(rank, 1) - 1];
	}
}
