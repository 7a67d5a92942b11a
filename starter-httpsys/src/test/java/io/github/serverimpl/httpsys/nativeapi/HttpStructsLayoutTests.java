package io.github.serverimpl.httpsys.nativeapi;

import java.io.File;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.Union;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that the JNA binding agrees with the Windows HTTP Server API as a Win64 compiler sees it:
 * the size of every structure of {@link HttpStructs}, {@link RequestStructs}, {@link ResponseStructs}
 * and {@link PropertyStructs}, and the offset and size of each of its fields
 * (nested structures, the anonymous union of {@code HTTP_DATA_CHUNK} and arrays included), the
 * value of every constant of {@link HttpApiLibrary} (except {@link HttpApiLibrary.SdkOnly}), and
 * the {@code HTTP_HEADER_ID} and {@code HTTP_VERB} indexes of the {@link KnownHeaders} tables.
 *
 * <p>No expected number is written here: each one comes from compiling generated C against
 * mingw-w64's {@code http.h} with {@code x86_64-w64-mingw32-gcc} (the Win64 ABI, as MSVC lays out
 * these types) into assembly, where every number is a constant initialiser. Nothing Windows runs.
 * JNA's side is computed on the test's own platform, whose natural alignment equals Win64's for
 * these types.
 */
@EnabledIf(value = "mingwIsOnThePath", disabledReason = "x86_64-w64-mingw32-gcc is not on the PATH"
		+ " (apt-get install gcc-mingw-w64-x86-64)")
class HttpStructsLayoutTests {

	private static final String GCC = "x86_64-w64-mingw32-gcc";

	private static final String INCLUDES = "#include <winsock2.h>\n#include <windows.h>\n#include <http.h>\n"
			+ "#include <stddef.h>\n";

	private static final Map<Class<? extends Structure>, String> C_TYPES = new LinkedHashMap<>();

	static {
		C_TYPES.put(HttpStructs.HttpVersion.class, "HTTP_VERSION");
		C_TYPES.put(HttpStructs.HttpKnownHeader.class, "HTTP_KNOWN_HEADER");
		C_TYPES.put(HttpStructs.HttpUnknownHeader.class, "HTTP_UNKNOWN_HEADER");
		C_TYPES.put(RequestStructs.HttpCookedUrl.class, "HTTP_COOKED_URL");
		C_TYPES.put(RequestStructs.HttpTransportAddress.class, "HTTP_TRANSPORT_ADDRESS");
		C_TYPES.put(RequestStructs.HttpRequestHeaders.class, "HTTP_REQUEST_HEADERS");
		C_TYPES.put(ResponseStructs.HttpResponseHeaders.class, "HTTP_RESPONSE_HEADERS");
		C_TYPES.put(RequestStructs.HttpRequest.class, "HTTP_REQUEST_V2");
		C_TYPES.put(RequestStructs.HttpRequestInfo.class, "HTTP_REQUEST_INFO");
		C_TYPES.put(RequestStructs.HttpRequestAuthInfo.class, "HTTP_REQUEST_AUTH_INFO");
		C_TYPES.put(ResponseStructs.HttpResponse.class, "HTTP_RESPONSE_V2");
		C_TYPES.put(ResponseStructs.HttpResponseInfo.class, "HTTP_RESPONSE_INFO");
		C_TYPES.put(ResponseStructs.HttpMultipleKnownHeaders.class, "HTTP_MULTIPLE_KNOWN_HEADERS");
		C_TYPES.put(ResponseStructs.HttpByteRange.class, "HTTP_BYTE_RANGE");
		C_TYPES.put(ResponseStructs.HttpDataChunk.class, "HTTP_DATA_CHUNK");
		C_TYPES.put(ResponseStructs.HttpCachePolicy.class, "HTTP_CACHE_POLICY");
		C_TYPES.put(PropertyStructs.HttpBindingInfo.class, "HTTP_BINDING_INFO");
		C_TYPES.put(PropertyStructs.HttpTimeoutLimitInfo.class, "HTTP_TIMEOUT_LIMIT_INFO");
		C_TYPES.put(PropertyStructs.HttpQosSettingInfo.class, "HTTP_QOS_SETTING_INFO");
		C_TYPES.put(PropertyStructs.HttpConnectionLimitInfo.class, "HTTP_CONNECTION_LIMIT_INFO");
		C_TYPES.put(PropertyStructs.HttpServerAuthenticationDigestParams.class, "HTTP_SERVER_AUTHENTICATION_DIGEST_PARAMS");
		C_TYPES.put(PropertyStructs.HttpServerAuthenticationBasicParams.class, "HTTP_SERVER_AUTHENTICATION_BASIC_PARAMS");
		C_TYPES.put(PropertyStructs.HttpServerAuthenticationInfo.class, "HTTP_SERVER_AUTHENTICATION_INFO");
	}

	/** Constants that C defines as brace initialisers, by the struct type they initialise. */
	private static final Map<String, String> STRUCT_CONSTANTS = Map.of("HTTPAPI_VERSION_2", "HTTPAPI_VERSION");

	private static final Pattern LABEL = Pattern.compile("(probe_\\d+):");

	private static final Pattern DATA = Pattern.compile("\\.(quad|long|word|value|short|byte|space|zero)\\s+(-?\\w+)");

	@TempDir
	Path dir;

	private final List<Probe> probes = new ArrayList<>();

	private final SoftAssertions softly = new SoftAssertions();

	static boolean mingwIsOnThePath() {
		String path = System.getenv("PATH");
		return path != null && List.of(path.split(File.pathSeparator))
			.stream()
			.anyMatch((entry) -> !entry.isEmpty() && Files.isExecutable(Path.of(entry, GCC)));
	}

	@Test
	void everyStructMatchesTheWin64LayoutOfHttpH() throws Exception {
		for (Map.Entry<Class<? extends Structure>, String> entry : C_TYPES.entrySet()) {
			Structure struct = Structure.newInstance(entry.getKey());
			probe(entry.getValue(), "size", struct.size(), "sizeof(" + entry.getValue() + ")");
			walk(entry.getValue(), "", struct, 0);
		}
		compareWithGcc("JNA", C_TYPES.size() * 10);
	}

	@Test
	void everyConstantHasTheValueOfItsWin32Name() throws Exception {
		for (Field field : HttpApiLibrary.class.getDeclaredFields()) {
			Class<?> type = field.getType();
			if (Modifier.isStatic(field.getModifiers()) && (type == int.class || type == short.class)) {
				String name = field.getName();
				long value = ((Number) field.get(null)).longValue();
				String struct = STRUCT_CONSTANTS.get(name);
				String declaration = (struct != null)
						? "const union { " + struct + " v; long long q; } %s = { .v = " + name + " };"
						: "const long long %s = (long long) (" + name + ");";
				this.probes.add(new Probe(name, "value", value, declaration));
			}
		}
		compareWithGcc("Java", 30);
	}

	@Test
	void knownHeaderAndVerbTablesAreIndexedAsInHttpH() throws Exception {
		Map<String, String> identifiers = identifiersOfHttpH();
		index("KnownHeaders.REQUEST", KnownHeaders.REQUEST, "HttpHeader", identifiers);
		index("KnownHeaders.RESPONSE", KnownHeaders.RESPONSE, "HttpHeader", identifiers);
		index("KnownHeaders.VERBS", KnownHeaders.VERBS, "HttpVerb", identifiers);
		probe("KnownHeaders.REQUEST", "length", KnownHeaders.REQUEST.length, "HttpHeaderRequestMaximum");
		probe("KnownHeaders.RESPONSE", "length", KnownHeaders.RESPONSE.length, "HttpHeaderResponseMaximum");
		probe("KnownHeaders.VERBS", "length", KnownHeaders.VERBS.length, "HttpVerbMaximum");
		probe("HttpStructs.REQUEST_KNOWN_HEADER_COUNT", "value", HttpStructs.REQUEST_KNOWN_HEADER_COUNT,
				"HttpHeaderRequestMaximum");
		probe("HttpStructs.RESPONSE_KNOWN_HEADER_COUNT", "value", HttpStructs.RESPONSE_KNOWN_HEADER_COUNT,
				"HttpHeaderResponseMaximum");
		compareWithGcc("Java", KnownHeaders.REQUEST.length + KnownHeaders.RESPONSE.length);
	}

	/** Probe the offset and size of each field of a struct, at {@code base} in {@code cType}. */
	private void walk(String cType, String path, Structure struct, long base) throws Exception {
		for (String name : fieldOrder(struct)) {
			Field field = struct.getClass().getField(name);
			Object value = field.get(struct);
			long offset = base + fieldOffset(struct, name);
			Class<?> type = field.getType();
			if (Union.class.isAssignableFrom(type)) {
				walk(cType, path, (Structure) value, offset); // C's anonymous union adds no name
				continue;
			}
			String member = path.isEmpty() ? name : path + "." + name;
			String lvalue = "((" + cType + " *) 0)->" + member;
			probe(cType + "." + member, "offset", offset, "offsetof(" + cType + ", " + member + ")");
			probe(cType + "." + member, "size", Native.getNativeSize(type, value), "sizeof(" + lvalue + ")");
			if (type.isArray()) {
				probe(cType + "." + member, "element size",
						Native.getNativeSize(type.getComponentType(), Array.get(value, 0)),
						"sizeof(" + lvalue + "[0])");
			}
			else if (Structure.class.isAssignableFrom(type)) {
				walk(cType, member, (Structure) value, offset);
			}
		}
	}

	/** Probe that the non-null entry at each index of a table is the enumerator spelled like it. */
	private void index(String table, String[] names, String prefix, Map<String, String> identifiers) {
		for (int i = 0; i < names.length; i++) {
			if (names[i] != null) {
				String identifier = identifiers.get(prefix + names[i].replace("-", ""));
				this.softly.assertThat(identifier)
					.as("enumerator of http.h for %s[%d] %s", table, i, names[i])
					.isNotNull();
				if (identifier != null) {
					probe(table + "[" + i + "] " + names[i] + " (" + identifier + ")", "index", i, identifier);
				}
			}
		}
	}

	private void probe(String subject, String kind, long javaValue, String cExpression) {
		this.probes.add(new Probe(subject, kind, javaValue, "const long long %s = (long long) (" + cExpression + ");"));
	}

	/** Compile the probes with mingw-w64 and assert that C gives each the value Java gives it. */
	private void compareWithGcc(String javaSide, int minimum) throws Exception {
		StringBuilder source = new StringBuilder(INCLUDES);
		for (int i = 0; i < this.probes.size(); i++) {
			source.append(this.probes.get(i).declaration().formatted("probe_" + i)).append('\n');
		}
		Path c = Files.writeString(this.dir.resolve("probes.c"), source);
		Path assembly = this.dir.resolve("probes.s");
		gcc("-S", "-O0", "-o", assembly.toString(), c.toString());
		Map<String, Long> values = values(Files.readString(assembly));
		int compared = 0;
		for (int i = 0; i < this.probes.size(); i++) {
			Probe probe = this.probes.get(i);
			Long cValue = values.get("probe_" + i);
			this.softly.assertThat(cValue)
				.as("%s %s in the assembly of %s", probe.subject(), probe.kind(), c)
				.isNotNull();
			if (cValue != null) {
				compared++;
				this.softly.assertThat(probe.javaValue())
					.withFailMessage("%s: %s %s %d, http.h %s %d", probe.subject(), javaSide, probe.kind(),
							probe.javaValue(), probe.kind(), cValue)
					.isEqualTo(cValue);
			}
		}
		this.softly.assertThat(compared).as("items compared with http.h").isGreaterThanOrEqualTo(minimum);
		this.softly.assertAll();
	}

	/** The {@code Http*} identifiers of the headers, by their spelling in any case. */
	private Map<String, String> identifiersOfHttpH() throws Exception {
		Path c = Files.writeString(this.dir.resolve("identifiers.c"), INCLUDES);
		Path preprocessed = this.dir.resolve("identifiers.i");
		gcc("-E", "-o", preprocessed.toString(), c.toString());
		Map<String, String> identifiers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		Matcher matcher = Pattern.compile("\\bHttp(Header|Verb)\\w+").matcher(Files.readString(preprocessed));
		while (matcher.find()) {
			identifiers.putIfAbsent(matcher.group(), matcher.group());
		}
		return identifiers;
	}

	/** The little-endian value of the data that follows each {@code probe_N:} label. */
	private static Map<String, Long> values(String assembly) {
		Map<String, Long> values = new LinkedHashMap<>();
		String label = null;
		ByteBuffer bytes = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
		for (String line : (assembly + "\n.end").split("\\R")) {
			Matcher labelled = LABEL.matcher(line.strip());
			Matcher data = DATA.matcher(line.strip());
			if (label != null && data.matches()) {
				long value = Long.decode(data.group(2));
				switch (data.group(1)) {
					case "quad" -> bytes.putLong(value);
					case "long" -> bytes.putInt((int) value);
					case "word", "value", "short" -> bytes.putShort((short) value);
					case "byte" -> bytes.put((byte) value);
					default -> bytes.position(bytes.position() + (int) value);
				}
				continue;
			}
			if (label != null) {
				values.put(label, bytes.getLong(0));
				label = null;
			}
			if (labelled.matches()) {
				label = labelled.group(1);
				bytes.clear().put(new byte[64]).clear();
			}
		}
		return values;
	}

	private static void gcc(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(GCC));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
		assertThat(process.exitValue()).as("%s failed:%n%s", command, output).isZero();
	}

	@SuppressWarnings("unchecked")
	private static List<String> fieldOrder(Structure struct) throws Exception {
		return (List<String>) invoke(struct, "getFieldOrder", new Class<?>[0]);
	}

	private static int fieldOffset(Structure struct, String name) throws Exception {
		return (int) invoke(struct, "fieldOffset", new Class<?>[] { String.class }, name);
	}

	private static Object invoke(Structure struct, String name, Class<?>[] parameters, Object... arguments)
			throws Exception {
		Method method = Structure.class.getDeclaredMethod(name, parameters);
		method.setAccessible(true);
		return method.invoke(struct, arguments);
	}

	/** One number Java and C must agree on; {@code declaration} formats the global C constant. */
	private record Probe(String subject, String kind, long javaValue, String declaration) {
	}

}
