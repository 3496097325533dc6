package org.countyhub.county;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceBlockTest {

	private static boolean in(String block, String address) throws Exception {
		return SourceBlock.parse(block).contains(InetAddress.getByName(address));
	}

	@Test
	void anIpv4BlockHoldsItsAddressesOnly() throws Exception {
		assertThat(in("10.12.0.0/16", "10.12.255.7")).isTrue();
		assertThat(in("10.12.0.0/16", "10.13.0.1")).isFalse();
		assertThat(in("192.168.5.20/30", "192.168.5.23")).isTrue();
		assertThat(in("192.168.5.20/30", "192.168.5.24")).isFalse();
		assertThat(in("127.0.0.0/8", "127.1.2.3")).isTrue();
		assertThat(in("0.0.0.0/0", "8.8.8.8")).isTrue();
	}

	@Test
	void aSingleAddressIsABlockOfOne() throws Exception {
		assertThat(in("172.16.3.4", "172.16.3.4")).isTrue();
		assertThat(in("172.16.3.4", "172.16.3.5")).isFalse();
		assertThat(in("::1", "::1")).isTrue();
		assertThat(in("::1", "127.0.0.1")).as("IPv6 loopback is not IPv4 loopback").isFalse();
	}

	@Test
	void ipv6BlocksMatchByPrefix() throws Exception {
		assertThat(in("2001:db8::/32", "2001:db8:1::5")).isTrue();
		assertThat(in("2001:db8::/32", "2001:db9::5")).isFalse();
		assertThat(in("2001:db8::/32", "10.0.0.1")).isFalse();
	}

	@Test
	void namesAndBadBlocksAreRefusedWhenTheUnitIsRead() {
		assertThatThrownBy(() -> SourceBlock.parse("his.wsy01.example.cn")).hasMessageContaining("not an IP address");
		assertThatThrownBy(() -> SourceBlock.parse("10.0.0.0/33")).hasMessageContaining("prefix length must be 0..32");
		assertThatThrownBy(() -> SourceBlock.parse("10.0.0.0/x")).hasMessageContaining("not a number");
		assertThatThrownBy(() -> new UnitFeed(null, null, null, null, null, null, null, null, null, List.of("lan"), null))
				.hasMessageContaining("feed.sources");
	}
}
