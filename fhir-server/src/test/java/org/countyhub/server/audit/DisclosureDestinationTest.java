package org.countyhub.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What an access record says of a hand-off's destination: never a password or a token from the endpoint URI. */
class DisclosureDestinationTest {

	@Test
	void userPasswordAndOptionsAreLeftOut() {
		assertThat(DisclosureRecorder.withoutSecrets("sftp://cdc:s3cret@upload.cdc.example.cn:22/cards?binary=true"))
				.isEqualTo("sftp://upload.cdc.example.cn:22/cards");
		assertThat(DisclosureRecorder.withoutSecrets("sftp:cdc@upload.cdc.example.cn/cards?password=s3cret"))
				.isEqualTo("sftp:upload.cdc.example.cn/cards");
		assertThat(DisclosureRecorder.withoutSecrets("https://platform.example.cn/api/cards?token=abc"))
				.isEqualTo("https://platform.example.cn/api/cards");
		assertThat(DisclosureRecorder.withoutSecrets("file:/var/lib/county-hub/public-health/outbox"))
				.isEqualTo("file:/var/lib/county-hub/public-health/outbox");
	}
}
