package org.countyhub.county;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * One block of network addresses a member unit's feeds may come from, written as CIDR ({@code 10.12.0.0/16},
 * {@code 2001:db8::/32}) or as one address ({@code 127.0.0.1}, {@code ::1}). Only address literals: a host name
 * would make the binding depend on DNS.
 */
public record SourceBlock(String text, byte[] network, int prefixLength) {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	public static SourceBlock parse(String text) {
		String value = text == null ? "" : text.trim();
		int slash = value.indexOf('/');
		String address = slash < 0 ? value : value.substring(0, slash);
		if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
		}
		byte[] bytes;
		try {
			bytes = InetAddress.getByName(address).getAddress();
		} catch (UnknownHostException e) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block", e);
		}
		int bits = bytes.length * 8;
		int prefix = bits;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(value.substring(slash + 1));
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("'" + text + "': the prefix length is not a number", e);
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException("'" + text + "': the prefix length must be 0.." + bits);
			}
		}
		return new SourceBlock(value, bytes, prefix);
	}

	/** True when the address is in this block (an IPv4 address never matches an IPv6 block, and back). */
	public boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		if (candidate.length != network.length) {
			return false;
		}
		for (int bit = 0; bit < prefixLength; bit++) {
			int mask = 0x80 >>> (bit % 8);
			if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
				return false;
			}
		}
		return true;
	}

	@Override
	public String toString() {
		return text;
	}
}
