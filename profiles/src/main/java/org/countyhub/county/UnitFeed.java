package org.countyhub.county;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.countyhub.profiles.HubSystems;

/**
 * How a member unit's HL7 v2 feeds are read: the {@code feed:} block of its {@code unit.yaml}. Every setting has
 * a default, so a unit without the block still sends feeds; code tables (local code → LOINC / UCUM) are CSV files
 * beside {@code unit.yaml}.
 *
 * @param mrnSystem         identifier system of the unit's own patient numbers (门诊号/住院号, PID-3); default
 *                          {@code <canonical>/unit/<code>/sid/mrn}
 * @param idCardTypes       PID-3 identifier types (CX-5) that carry the resident ID card number (居民身份证号)
 * @param idCardInPid19     also read the ID card number from PID-19, where many Chinese HIS put it
 * @param defaultCharset    charset of messages whose MSH-18 is empty (Java name, e.g. {@code GB18030})
 * @param localCodeSystem   code system of the unit's local item codes (OBR-4, OBX-3); default
 *                          {@code <canonical>/unit/<code>/CodeSystem/item}
 * @param dicomWeb          base URL of the unit's DICOMweb service (PACS), written as an Endpoint; empty = none
 * @param studyUidField     where the unit's PACS puts the Study Instance UID when not in ZDS or an RP OBX,
 *                          as {@code SEG-field[-component]}, e.g. {@code OBR-18} or {@code OBX-5-1}
 * @param applications      MSH-3 sending application → result feed ({@code lab}, {@code imaging}, {@code ecg});
 *                          results from applications not listed are routed by OBR-24
 * @param clockSkew         how far the unit's clock may run behind the hub's record (ISO-8601 duration, default
 *                          {@code PT0S}): a message older (EVN-2, else MSH-7) than the stored version by more than
 *                          this only fills what the record lacks
 * @param sources           the network addresses (CIDR blocks or single addresses) the unit's systems send MLLP
 *                          from; a message naming this unit in MSH-4 from any other address is refused (AR). None
 *                          declared: the unit's messages are refused, wherever they come from
 * @param pacsViewer        the address of the unit's PACS's own web viewer for one study, with
 *                          {@value #STUDY_UID} where the Study Instance UID goes (the console's 在PACS中查看);
 *                          empty = the unit declares none
 */
public record UnitFeed(
		String mrnSystem,
		List<String> idCardTypes,
		Boolean idCardInPid19,
		String defaultCharset,
		String localCodeSystem,
		String dicomWeb,
		String studyUidField,
		Map<String, String> applications,
		String clockSkew,
		List<String> sources,
		String pacsViewer) {

	/** The placeholder of {@link #pacsViewer} replaced by the study's UID. */
	public static final String STUDY_UID = "{studyInstanceUid}";

	private static final List<String> RESULT_FEEDS = List.of("lab", "imaging", "ecg");
	private static final Pattern DICOM_UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

	public UnitFeed {
		idCardTypes = idCardTypes == null ? List.of("NNCHN", "NI") : List.copyOf(idCardTypes);
		idCardInPid19 = idCardInPid19 == null || idCardInPid19;
		defaultCharset = defaultCharset == null || defaultCharset.isBlank() ? "UTF-8" : defaultCharset;
		try {
			Charset.forName(defaultCharset);
		} catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
			throw new IllegalArgumentException("feed.defaultCharset '" + defaultCharset + "' is not a known charset");
		}
		if (studyUidField != null && !studyUidField.isBlank() && !studyUidField.matches("[A-Z][A-Z0-9]{2}-\\d+(-\\d+)?")) {
			throw new IllegalArgumentException(
					"feed.studyUidField '" + studyUidField + "' must look like SEG-field or SEG-field-component");
		}
		applications = applications == null ? Map.of() : Map.copyOf(applications);
		applications.forEach((app, feed) -> {
			if (!RESULT_FEEDS.contains(feed)) {
				throw new IllegalArgumentException(
						"feed.applications." + app + ": '" + feed + "' is not one of " + RESULT_FEEDS);
			}
		});
		dicomWeb = dicomWeb == null || dicomWeb.isBlank() ? null : dicomWeb;
		studyUidField = studyUidField == null || studyUidField.isBlank() ? null : studyUidField;
		clockSkew = clockSkew == null || clockSkew.isBlank() ? "PT0S" : clockSkew;
		try {
			if (Duration.parse(clockSkew).isNegative()) {
				throw new IllegalArgumentException("feed.clockSkew '" + clockSkew + "' is negative");
			}
		} catch (DateTimeParseException e) {
			throw new IllegalArgumentException("feed.clockSkew '" + clockSkew + "' is not an ISO-8601 duration such as PT2M");
		}
		pacsViewer = pacsViewer == null || pacsViewer.isBlank() ? null : pacsViewer.strip();
		if (pacsViewer != null && (!pacsViewer.matches("https?://[^\\s{}]+.*") || !pacsViewer.contains(STUDY_UID)
				|| pacsViewer.replace(STUDY_UID, "").matches(".*[{}\\s].*"))) {
			throw new IllegalArgumentException("feed.pacsViewer '" + pacsViewer + "' must be an http(s) address with "
					+ STUDY_UID + " where the study's UID goes, and no other placeholder");
		}
		sources = sources == null ? List.of() : List.copyOf(sources);
		for (String source : sources) {
			try {
				SourceBlock.parse(source);
			} catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("feed.sources: " + e.getMessage(), e);
			}
		}
	}

	/**
	 * The unit's PACS viewer for one study; empty when the unit declares no viewer or the UID is not a DICOM UID
	 * (a UID is digits and dots, so it goes into the address as it is).
	 */
	public Optional<String> pacsViewerFor(String studyInstanceUid) {
		if (pacsViewer == null || studyInstanceUid == null || !DICOM_UID.matcher(studyInstanceUid).matches()) {
			return Optional.empty();
		}
		return Optional.of(pacsViewer.replace(STUDY_UID, studyInstanceUid));
	}

	/** {@link #sources} as address blocks. */
	public List<SourceBlock> sourceBlocks() {
		return sources.stream().map(SourceBlock::parse).toList();
	}

	/** {@link #clockSkew} as a duration. */
	public Duration clockSkewTolerance() {
		return Duration.parse(clockSkew);
	}

	/** The settings of a unit whose {@code unit.yaml} has no {@code feed:} block. */
	static UnitFeed defaults() {
		return new UnitFeed(null, null, null, null, null, null, null, null, null, null, null);
	}

	UnitFeed withUnitDefaults(String unitCode) {
		return new UnitFeed(
				mrnSystem == null || mrnSystem.isBlank() ? HubSystems.unitIdentifierSystem(unitCode, "mrn") : mrnSystem,
				idCardTypes,
				idCardInPid19,
				defaultCharset,
				localCodeSystem == null || localCodeSystem.isBlank()
						? HubSystems.unitLocalCodeSystem(unitCode)
						: localCodeSystem,
				dicomWeb,
				studyUidField,
				applications,
				clockSkew,
				sources,
				pacsViewer);
	}
}
