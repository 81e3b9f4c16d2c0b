package dev.provhub.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One input of the hostile corpus ({@code src/test/resources/hostile/corpus.json}): where it is sent, its bytes (a
 * file of the corpus, or made here from a descriptor when storing it would be silly: a zip bomb, a 5 MiB file) and
 * the outcome it must get.
 */
record HostileInput(String id, String category, String service, String method, String path, String contentType,
        String token, List<String> secrets, JsonNode send, Expected expected) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "Deactivate (X),OrgLoginID,FirstName,LastName,EmailAddress,Password\n";

    /**
     * @param status the HTTP status of the answer
     * @param run the status the import run must end in, when the answer queued one
     * @param says words the problem, the run's failure or its rejected rows must contain: what and where
     * @param created users the input rightly creates (rows of a partly bad file); every other input changes nothing
     * @param failed rows the run must report rejected
     * @param orgs organisations it rightly creates
     * @param neutralised texts the errors CSV must hold (formula cells with their {@code '})
     * @param noFile a path, relative to the replica's spool folder, where nothing may be written
     */
    record Expected(int status, String run, List<String> says, long created, long failed, long orgs,
            List<String> neutralised, String noFile) {
    }

    static List<HostileInput> corpus() {
        JsonNode root;
        try {
            root = JSON.readTree(resource("corpus.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var inputs = new ArrayList<HostileInput>();
        for (JsonNode e : root.get("inputs")) {
            JsonNode x = e.get("expect");
            inputs.add(new HostileInput(e.get("id").asText(), e.get("category").asText(),
                    e.path("service").asText("import"), e.path("method").asText("POST"), e.get("path").asText(),
                    e.hasNonNull("contentType") ? e.get("contentType").asText() : null,
                    e.path("token").asText("operator"), strings(e.path("secrets")), e,
                    new Expected(x.get("status").asInt(), x.hasNonNull("run") ? x.get("run").asText() : null,
                            strings(x.path("says")), x.path("created").asLong(0), x.path("failed").asLong(0),
                            x.path("orgs").asLong(0), strings(x.path("neutralised")),
                            x.hasNonNull("noFile") ? x.get("noFile").asText() : null)));
        }
        return inputs;
    }

    /** The bytes to send: the corpus file, or what its descriptor makes; null for a request without a body. */
    byte[] body() {
        if (send.hasNonNull("file")) {
            return resource(send.get("file").asText());
        }
        if (!send.hasNonNull("generate")) {
            return null;
        }
        JsonNode g = send.get("generate");
        try {
            return switch (g.get("kind").asText()) {
                case "manyFields" -> csv("OrgLoginID" + ",x".repeat(g.get("count").asInt() - 1) + "\n1\n");
                case "longField" -> csv(HEADER + ",h-long-1,A,B,long1@example.org,Secret123\n,h-long-2,"
                        + "A".repeat(g.get("chars").asInt()) + ",B,long2@example.org,Secret123\n");
                case "longRecord" -> csv(HEADER + ("\"" + "B".repeat(g.get("chars").asInt()) + "\",")
                        .repeat(g.get("fields").asInt()) + "x\n");
                case "bigFile" -> bigFile(g.get("bytes").asInt());
                case "zip" -> zip(g.get("entries"));
                case "zipBomb" -> zipOf("users.csv", HEADER.getBytes(StandardCharsets.UTF_8),
                        new byte[g.get("bytes").asInt()]);
                case "manyEntries" -> manyEntries(g.get("count").asInt());
                case "truncatedZip" -> {
                    byte[] whole = zipOf("users.csv", (HEADER + ",h-trunc,A,B,t@example.org,Secret123\n")
                            .repeat(50).getBytes(StandardCharsets.UTF_8));
                    yield Arrays.copyOf(whole, whole.length / 2);
                }
                case "garbageZip" -> {
                    byte[] garbage = new byte[4096];
                    new java.util.Random(12).nextBytes(garbage);
                    System.arraycopy(new byte[] { 'P', 'K', 3, 4 }, 0, garbage, 0, 4);
                    yield garbage;
                }
                case "deepJson" -> csv(g.get("prefix").asText() + "[".repeat(g.get("depth").asInt())
                        + "]".repeat(g.get("depth").asInt()) + g.get("suffix").asText());
                case "hugeJson" -> csv("{\"path\": \"/Root/Huge\", \"name\": \"" + "N".repeat(g.get("bytes").asInt())
                        + "\"}");
                case "multipart" -> multipart(g);
                default -> throw new IllegalArgumentException(id + ": no generator " + g.get("kind"));
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content type to send: a multipart body carries its boundary. */
    String sentContentType() {
        return send.path("generate").path("kind").asText().equals("multipart")
                ? "multipart/form-data; boundary=" + BOUNDARY
                : contentType;
    }

    private static final String BOUNDARY = "hostile-boundary-7f3a";

    private static byte[] multipart(JsonNode g) throws IOException {
        var out = new ByteArrayOutputStream();
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + g.get("part").asText()
                + "\"; filename=\"" + g.get("fileName").asText() + "\"\r\nContent-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(resource(g.get("file").asText()));
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] bigFile(int bytes) {
        var csv = new StringBuilder(bytes + 100).append(HEADER);
        for (int n = 0; csv.length() <= bytes; n++) {
            csv.append(",big").append(n).append(",Etu,Suku,big").append(n).append("@example.org,Secret123\n");
        }
        return csv(csv.toString());
    }

    private static byte[] zip(JsonNode entries) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            for (JsonNode entry : entries) {
                zip.putNextEntry(new ZipEntry(entry.get("name").asText()));
                zip.write(entry.path("nestedZip").asBoolean()
                        ? zipOf("users.csv", csv(HEADER))
                        : csv(entry.get("text").asText()));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] zipOf(String name, byte[]... parts) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name));
            for (byte[] part : parts) {
                zip.write(part);
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static byte[] manyEntries(int count) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            for (int i = 0; i < count; i++) {
                var entry = new ZipEntry("part" + i + ".txt");
                entry.setMethod(ZipEntry.STORED);
                byte[] text = ("part " + i).getBytes(StandardCharsets.UTF_8);
                var crc = new CRC32();
                crc.update(text);
                entry.setSize(text.length);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(text);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] csv(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(JsonNode array) {
        var list = new ArrayList<String>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static byte[] resource(String name) {
        try (InputStream in = HostileInput.class.getResourceAsStream("/hostile/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no corpus file hostile/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
