package io.github.serverimpl.forwarded;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP network in CIDR notation, such as {@code 10.0.0.0/8} or {@code fd00::/8}. An IPv4-mapped
 * IPv6 address ({@code ::ffff:10.1.2.3}) matches as its IPv4 form.
 *
 * @param address the network address
 * @param prefixLength the number of leading bits that must match
 */
public record IpNetwork(InetAddress address, int prefixLength) {

	/**
	 * Parse a network.
	 * @param cidr for example {@code 127.0.0.0/8}; an address alone is a network of one address
	 * @return the network
	 * @throws IllegalArgumentException if the text is not an address or a network
	 */
	public static IpNetwork parse(String cidr) {
		String text = cidr.trim();
		int slash = text.indexOf('/');
		InetAddress address = address((slash >= 0) ? text.substring(0, slash) : text, cidr);
		int bits = address.getAddress().length * 8;
		int prefix = bits;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(text.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				prefix = -1;
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException("network: " + cidr + " (expected: a prefix length of 0-" + bits + ")");
			}
		}
		return new IpNetwork(address, prefix);
	}

	/**
	 * Parse an IP address literal, without name resolution.
	 * @param literal an IPv4 or IPv6 literal, IPv6 with or without brackets
	 * @param context the text to name in an error
	 * @return the address, IPv4-mapped IPv6 addresses in their IPv4 form
	 */
	static InetAddress address(String literal, String context) {
		String text = literal.trim();
		if (text.startsWith("[") && text.endsWith("]")) {
			text = text.substring(1, text.length() - 1);
		}
		boolean ipv4 = !text.isEmpty() && text.chars().allMatch((c) -> Character.isDigit(c) || c == '.');
		boolean ipv6 = text.indexOf(':') >= 0 && text.chars().allMatch((c) -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
		if (!ipv4 && !ipv6) {
			throw new IllegalArgumentException("address: " + context + " (expected: an IPv4 or IPv6 address)");
		}
		try {
			return normalize(InetAddress.getByName(text));
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("address: " + context + " (expected: an IPv4 or IPv6 address)", ex);
		}
	}

	/**
	 * Return an IPv4-mapped IPv6 address in its IPv4 form, any other address as it is.
	 * @param address the address
	 * @return the normalized address
	 */
	static InetAddress normalize(InetAddress address) {
		if (address instanceof Inet6Address) {
			byte[] bytes = address.getAddress();
			for (int i = 0; i < 10; i++) {
				if (bytes[i] != 0) {
					return address;
				}
			}
			if (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
				try {
					return InetAddress.getByAddress(new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] });
				}
				catch (UnknownHostException ex) {
					return address;
				}
			}
		}
		return address;
	}

	/**
	 * Return whether the address is in this network.
	 * @param candidate the address
	 * @return whether the leading {@link #prefixLength} bits match
	 */
	public boolean contains(InetAddress candidate) {
		InetAddress normalized = normalize(candidate);
		if ((normalized instanceof Inet4Address) != (this.address instanceof Inet4Address)) {
			return false;
		}
		byte[] network = this.address.getAddress();
		byte[] bytes = normalized.getAddress();
		int fullBytes = this.prefixLength / 8;
		for (int i = 0; i < fullBytes; i++) {
			if (network[i] != bytes[i]) {
				return false;
			}
		}
		int remainingBits = this.prefixLength % 8;
		if (remainingBits == 0) {
			return true;
		}
		int mask = (0xff << (8 - remainingBits)) & 0xff;
		return (network[fullBytes] & mask) == (bytes[fullBytes] & mask);
	}

	@Override
	public String toString() {
		return this.address.getHostAddress() + "/" + this.prefixLength;
	}

}
