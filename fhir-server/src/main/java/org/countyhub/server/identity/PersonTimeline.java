package org.countyhub.server.identity;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.entity.BaseResourceIndexedSearchParam;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamToken;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * One page of a person's timeline, newest first, read in one SQL query from HAPI's own search index: the
 * resource links to the person's unit Patients (the catalogue's patient parameter), joined to the date index
 * rows of the catalogue's date parameter, narrowed by the category's token, the date range and the performing
 * unit as HAPI's searches would narrow them. Ties on the date are broken by storage id, so that every page of
 * the same history is cut from one order.
 *
 * <p>Why not a HAPI search per resource type: the history merges five types; searching each for its newest
 * page-plus-one and merging loads five pages of resources to show one, and costs about three times HAPI's own
 * {@code $everything} on a county-sized database (docs/identity.md). Here only the rows shown are loaded.
 *
 * <p>The columns read are the ones HAPI's documented schema gives the JPA search index (HFJ_RES_LINK,
 * HFJ_SPIDX_DATE, HFJ_SPIDX_TOKEN, HFJ_RESOURCE); the hashes are computed by HAPI's own functions. The history
 * tests run on H2 and PostgreSQL, so a HAPI upgrade that moved these would fail them.
 */
final class PersonTimeline {

	/** One resource of the page: its storage id, type and FHIR id, and the storage and FHIR id of its Patient. */
	record Row(long pid, String resourceType, String fhirId, long patientPid, String patientId) {
		String reference() {
			return resourceType + "/" + fhirId;
		}

		String patientReference() {
			return "Patient/" + patientId;
		}
	}

	private final NamedParameterJdbcTemplate jdbc;
	private final ISearchParamRegistry searchParams;
	private final PartitionSettings partitions;

	PersonTimeline(DataSource dataSource, ISearchParamRegistry searchParams, PartitionSettings partitions) {
		this.jdbc = new NamedParameterJdbcTemplate(dataSource);
		this.searchParams = searchParams;
		this.partitions = partitions;
	}

	/**
	 * Rows {@code offset} to {@code offset + limit - 1} of the person's history.
	 *
	 * @param patientIds the FHIR ids of the person's unit Patients
	 * @param entries the catalogue searches the request asks for (a category's, or one per type)
	 * @param dates a date range, or null
	 * @param performerId an Organization's FHIR id (the performing unit), or null
	 */
	List<Row> page(Collection<String> patientIds, List<HistoryCatalog.Entry> entries, DateRangeParam dates,
			String performerId, int offset, int limit) {
		MapSqlParameterSource args = new MapSqlParameterSource()
				.addValue("patients", patientIds)
				.addValue("limit", limit)
				.addValue("offset", offset);
		Set<Long> dateHashes = new LinkedHashSet<>();
		List<String> clauses = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			HistoryCatalog.Entry entry = entries.get(i);
			dateHashes.add(BaseResourceIndexedSearchParam.calculateHashIdentity(partitions,
					RequestPartitionId.defaultPartition(), entry.resourceType(), entry.date()));
			StringBuilder clause = new StringBuilder("(l.src_path IN (:patientPaths" + i + ")");
			args.addValue("patientPaths" + i, paths(entry.resourceType(), entry.patient()));
			if (entry.filter() != null) {
				clause.append(" AND EXISTS (SELECT 1 FROM hfj_spidx_token t WHERE t.res_id = l.src_resource_id"
						+ " AND t.hash_sys_and_value = :token" + i + ")");
				args.addValue("token" + i, ResourceIndexedSearchParamToken.calculateHashSystemAndValue(partitions,
						RequestPartitionId.defaultPartition(), entry.resourceType(), entry.filter().param(),
						entry.filter().system(), entry.filter().code()));
			}
			if (performerId != null) {
				clause.append(" AND EXISTS (SELECT 1 FROM hfj_res_link u JOIN hfj_resource o"
						+ " ON o.res_id = u.target_resource_id WHERE u.src_resource_id = l.src_resource_id"
						+ " AND u.src_path IN (:unitPaths" + i + ") AND o.res_type = 'Organization'"
						+ " AND o.fhir_id = :performer)");
				args.addValue("unitPaths" + i, paths(entry.resourceType(), entry.unit()));
			}
			clauses.add(clause.append(')').toString());
		}
		args.addValue("dateHashes", dateHashes);
		if (performerId != null) {
			args.addValue("performer", performerId);
		}

		// Undated resources stay in the history (last) unless a date range is asked for.
		String dateJoin = "LEFT JOIN";
		StringBuilder dateRange = new StringBuilder();
		if (dates != null) {
			dateJoin = "JOIN";
			// HAPI's date search semantics: the resource's date range overlaps the one asked for
			if (dates.getLowerBoundAsInstant() != null) {
				dateRange.append(" AND d.sp_value_high >= :from");
				args.addValue("from", new Timestamp(dates.getLowerBoundAsInstant().getTime()));
			}
			if (dates.getUpperBoundAsInstant() != null) {
				dateRange.append(" AND d.sp_value_low <= :to");
				args.addValue("to", new Timestamp(dates.getUpperBoundAsInstant().getTime()));
			}
		}
		String sql = "SELECT l.src_resource_id AS pid, r.res_type AS res_type, r.fhir_id AS fhir_id,"
				+ " MIN(p.res_id) AS patient_pid, MIN(p.fhir_id) AS patient_id, MAX(d.sp_value_low) AS at"
				+ " FROM hfj_res_link l"
				+ " JOIN hfj_resource p ON p.res_id = l.target_resource_id AND p.res_type = 'Patient'"
				+ " AND p.fhir_id IN (:patients)"
				+ " JOIN hfj_resource r ON r.res_id = l.src_resource_id AND r.res_deleted_at IS NULL"
				+ " " + dateJoin + " hfj_spidx_date d ON d.res_id = l.src_resource_id"
				+ " AND d.hash_identity IN (:dateHashes)" + dateRange
				+ " WHERE (" + String.join(" OR ", clauses) + ")"
				+ " GROUP BY l.src_resource_id, r.res_type, r.fhir_id"
				+ " ORDER BY at DESC NULLS LAST, pid DESC"
				+ " LIMIT :limit OFFSET :offset";
		return jdbc.query(sql, args,
				(rs, n) -> new Row(rs.getLong("pid"), rs.getString("res_type"), rs.getString("fhir_id"),
						rs.getLong("patient_pid"), rs.getString("patient_id")));
	}

	/** The element paths HAPI writes into the index for a search parameter of a type (as its searches use them). */
	private List<String> paths(String resourceType, String param) {
		RuntimeSearchParam searchParam = searchParams.getActiveSearchParam(resourceType, param,
				ISearchParamRegistry.SearchParamLookupContextEnum.SEARCH);
		if (searchParam == null) {
			throw new IllegalStateException("hub.identity.history-catalog: " + resourceType + " has no active search"
					+ " parameter '" + param + "'");
		}
		List<String> paths = searchParam.getPathsSplitForResourceType(resourceType);
		if (paths.isEmpty()) {
			throw new IllegalStateException("hub.identity.history-catalog: " + resourceType + "." + param
					+ " has no path for " + resourceType);
		}
		return paths;
	}
}
