package org.countyhub.server.indicators;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The figures of one group of a Measure for one month: the total and the same cells per stratum of each
 * stratifier. A fact is added once with the strata it belongs to, and counts in the total and in each of them.
 */
public final class GroupFigures {

	/** How the group's score is formed from its cells. */
	public enum Scoring {
		/** the count (initial population) */
		COUNT,
		/** numerator ÷ denominator */
		PROPORTION,
		/** the median of the observations */
		MEDIAN,
		/** the 90th percentile (nearest rank) of the observations */
		P90
	}

	/** Tallies of one cell. */
	public static final class Cell {
		int count;
		int numerator;
		int denominator;
		final List<Double> observations = new ArrayList<>();

		public int count() {
			return count;
		}

		public int numerator() {
			return numerator;
		}

		public int denominator() {
			return denominator;
		}

		public List<Double> observations() {
			return observations;
		}

		public Cell addCount() {
			count++;
			return this;
		}

		public Cell addDenominator(boolean inNumerator) {
			denominator++;
			if (inNumerator) {
				numerator++;
			}
			return this;
		}

		public Cell addDenominator(int denominator, int numerator) {
			this.denominator += denominator;
			this.numerator += numerator;
			return this;
		}

		public Cell observe(double value) {
			observations.add(value);
			count++;
			return this;
		}
	}

	private final String code;
	private final Scoring scoring;
	private final Cell total = new Cell();
	private final Map<String, Map<String, Cell>> strata = new LinkedHashMap<>();

	public GroupFigures(String code, Scoring scoring, String... stratifiers) {
		this.code = code;
		this.scoring = scoring;
		for (String stratifier : stratifiers) {
			strata.put(stratifier, new TreeMap<>());
		}
	}

	/** Adds one fact to the total and to the named strata (stratifier → value; null values are left out). */
	public void add(Map<String, String> in, Consumer<Cell> fact) {
		fact.accept(total);
		in.forEach((stratifier, value) -> {
			Map<String, Cell> cells = strata.get(stratifier);
			if (cells != null && value != null) {
				fact.accept(cells.computeIfAbsent(value, v -> new Cell()));
			}
		});
	}

	public String code() {
		return code;
	}

	public Scoring scoring() {
		return scoring;
	}

	public Cell total() {
		return total;
	}

	public Map<String, Map<String, Cell>> strata() {
		return strata;
	}

	/** The score of a cell, or null when it has none (no denominator, no observation). */
	public Double score(Cell cell) {
		return switch (scoring) {
			case COUNT -> (double) cell.count;
			case PROPORTION -> cell.denominator == 0 ? null : (double) cell.numerator / cell.denominator;
			case MEDIAN -> Percentiles.median(cell.observations);
			case P90 -> Percentiles.nearestRank(cell.observations, 0.9);
		};
	}
}
