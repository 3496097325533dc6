package org.countyhub.server.console.reading;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The reading desk's data ({@code console/reading-desk.yaml}): the window presets offered beside the images, and
 * the report templates per modality. A file that cannot be read, or names a key twice, stops the start naming it.
 */
@OnEmbeddedSignIn
@Component
public class ReadingDesk {

	static final String FILE = "console/reading-desk.yaml";

	/** A window preset: DICOM window center and width; none = the PACS's own rendering. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Preset(String key, String name, Integer center, Integer width) {
		/** The WADO-RS {@code window} parameter (PS3.18 §8.3.5.1.4), or null for the default rendering. */
		String window() {
			return center == null || width == null ? null : center + "," + width + ",linear";
		}
	}

	/** A report template: the modalities it is offered for and the text it fills in. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Template(String key, String name, List<String> modalities, String findings, String impression) {}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Data(List<Preset> presets, List<Template> templates) {}

	private final Data data;

	ReadingDesk() {
		this(read());
	}

	ReadingDesk(Data data) {
		this.data = check(data);
	}

	public List<Preset> presets() {
		return data.presets();
	}

	public Preset preset(String key) {
		return data.presets().stream().filter(p -> p.key().equals(key)).findFirst().orElse(data.presets().get(0));
	}

	List<Template> templatesFor(String modality) {
		return data.templates().stream().filter(t -> t.modalities().contains(modality)).toList();
	}

	Optional<Template> template(String key) {
		return data.templates().stream().filter(t -> t.key().equals(key)).findFirst();
	}

	private static Data read() {
		try (InputStream in = new ClassPathResource(FILE).getInputStream()) {
			return new ObjectMapper(new YAMLFactory()).readValue(in, Data.class);
		} catch (IOException e) {
			throw new IllegalStateException(FILE + " cannot be read: " + e.getMessage(), e);
		}
	}

	private static Data check(Data data) {
		if (data == null || data.presets() == null || data.presets().isEmpty() || data.templates() == null) {
			throw new IllegalStateException(FILE + " needs presets (at least one) and templates");
		}
		Set<String> keys = new HashSet<>();
		for (Preset preset : data.presets()) {
			if (preset.key() == null || preset.name() == null || !keys.add("preset " + preset.key())) {
				throw new IllegalStateException(FILE + ": every preset needs a key of its own and a name: " + preset);
			}
		}
		for (Template template : data.templates()) {
			if (template.key() == null || template.name() == null || template.modalities() == null
					|| template.modalities().isEmpty() || !keys.add("template " + template.key())) {
				throw new IllegalStateException(FILE + ": every template needs a key of its own, a name and modalities: "
						+ template);
			}
		}
		return data;
	}
}
