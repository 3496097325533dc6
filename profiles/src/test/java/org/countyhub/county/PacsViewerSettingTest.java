package org.countyhub.county;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacsViewerSettingTest {

	private static UnitFeed viewer(String template) {
		return new UnitFeed(null, null, null, null, null, null, null, null, null, null, template);
	}

	@Test
	void theStudyUidGoesIntoTheUnitsViewerAddress() {
		assertThat(viewer("https://pacs.example.cn/viewer?StudyInstanceUIDs={studyInstanceUid}")
				.pacsViewerFor("1.2.840.113619.2.55"))
				.contains("https://pacs.example.cn/viewer?StudyInstanceUIDs=1.2.840.113619.2.55");
	}

	@Test
	void noViewerDeclaredOrNoUsableUidMeansNoLink() {
		assertThat(viewer(null).pacsViewerFor("1.2.3")).isEmpty();
		assertThat(viewer(" ").pacsViewerFor("1.2.3")).isEmpty();
		assertThat(viewer("https://pacs.example.cn/v/{studyInstanceUid}").pacsViewerFor("1.2.3\"><script>")).isEmpty();
	}

	@Test
	void aTemplateWithoutThePlaceholderOrWithAnotherOneStopsTheStart() {
		assertThatThrownBy(() -> viewer("https://pacs.example.cn/viewer")).hasMessageContaining("feed.pacsViewer");
		assertThatThrownBy(() -> viewer("https://pacs.example.cn/v/{studyInstanceUid}?a={accession}"))
				.hasMessageContaining("no other placeholder");
		assertThatThrownBy(() -> viewer("javascript:alert({studyInstanceUid})")).hasMessageContaining("http(s)");
	}
}
