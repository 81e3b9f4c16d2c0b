package dev.provhub.intake.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.provhub.intake.zip.UnsafeArchiveException.Rule;
import net.lingala.zip4j.ZipFile;
import net.lingala.zip4j.model.ZipParameters;
import net.lingala.zip4j.model.enums.AesKeyStrength;
import net.lingala.zip4j.model.enums.EncryptionMethod;

/** Extracting the zip archives organisations drop for import, and the archives that are refused. */
class ZipExtractorTest {

    private static final String PASSWORD = "Kuusi-Palaa!42";
    private static final byte[] USERS = "id,name,city\r\n1,Aino,Äänekoski\r\n2,Eero,Jyväskylä\r\n"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] GROUPS = "group,member\r\nstaff,1\r\n".getBytes(StandardCharsets.UTF_8);
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path temp;

    Path drop;
    Path work;
    Path target;

    @BeforeEach
    void folders() throws IOException {
        drop = Files.createDirectory(temp.resolve("drop"));
        work = Files.createDirectory(temp.resolve("work"));
        target = work.resolve("import-1");
    }

    @ParameterizedTest
    @EnumSource(value = EncryptionMethod.class, names = { "AES", "ZIP_STANDARD", "NONE" })
    void extractsEncryptedAndPlainArchives(EncryptionMethod encryption) throws IOException {
        Path archive = zip4j(encryption, Map.of("users.csv", USERS, "2024/groups.csv", GROUPS));
        char[] password = encryption == EncryptionMethod.NONE ? null : PASSWORD.toCharArray();

        List<Path> files = new ZipExtractor().extract(archive, password, target);

        assertThat(files).containsExactlyInAnyOrder(target.resolve("users.csv"), target.resolve("2024/groups.csv"));
        assertThat(target.resolve("users.csv")).hasBinaryContent(USERS);
        assertThat(target.resolve("2024/groups.csv")).hasBinaryContent(GROUPS);
        assertThat(list(work)).containsExactly(target);
    }

    @Test
    void extractsDirectoryEntriesInsideTheTargetAndReturnsOnlyFiles() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("./", null);
        entries.put("reports/", null);
        entries.put("reports/users.csv", USERS);
        entries.put("a/../groups.csv", GROUPS);
        Path archive = rawZip(entries);

        List<Path> files = new ZipExtractor().extract(archive, null, target);

        assertThat(files).containsExactly(target.resolve("reports/users.csv"), target.resolve("groups.csv"));
        assertThat(target.resolve("reports")).isDirectory();
        assertThat(list(work)).containsExactly(target);
    }

    @Test
    void extractsIntoAnEmptyExistingTargetButRefusesOneWithFiles() throws IOException {
        Path archive = zip4j(EncryptionMethod.NONE, Map.of("users.csv", USERS));
        Files.createDirectory(target);

        assertThat(new ZipExtractor().extract(archive, null, target)).containsExactly(target.resolve("users.csv"));
        assertThatThrownBy(() -> new ZipExtractor().extract(archive, null, target))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(list(target)).containsExactly(target.resolve("users.csv"));
    }

    @ParameterizedTest
    @EnumSource(value = EncryptionMethod.class, names = { "AES", "ZIP_STANDARD" })
    void refusesAWrongPassword(EncryptionMethod encryption) throws IOException {
        Path archive = zip4j(encryption, Map.of("users.csv", USERS, "groups.csv", GROUPS));

        ArchivePasswordException error = thrown(ArchivePasswordException.class,
                () -> new ZipExtractor().extract(archive, "wrong-password".toCharArray(), target));

        assertThat(error).hasMessage("wrong password for archive users.zip");
        assertPasswordNotIn(error, "wrong-password");
        assertNothingExtracted();
    }

    @ParameterizedTest
    @EnumSource(value = EncryptionMethod.class, names = { "AES", "ZIP_STANDARD" })
    void refusesAnEncryptedArchiveWithoutPassword(EncryptionMethod encryption) throws IOException {
        Path archive = zip4j(encryption, Map.of("users.csv", USERS));

        for (char[] missing : new char[][] { null, new char[0] }) {
            assertThatThrownBy(() -> new ZipExtractor().extract(archive, missing, target))
                    .isInstanceOf(ArchivePasswordException.class)
                    .hasMessage("archive users.zip is encrypted and no password was given");
        }
        assertNothingExtracted();
    }

    @ParameterizedTest
    @ValueSource(strings = { "../evil.csv", "reports/../../evil.csv", "/tmp/evil.csv", "..\\evil.csv",
            "C:/evil.csv", "c:evil.csv", "../", "." })
    void refusesAnEntryWhosePathLeavesTheTarget(String name) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("users.csv", USERS);
        entries.put(name, name.endsWith("/") ? null : USERS);
        Path archive = rawZip(entries);

        UnsafeArchiveException error = thrown(UnsafeArchiveException.class,
                () -> new ZipExtractor().extract(archive, null, target));

        assertThat(error.rule()).isEqualTo(Rule.UNSAFE_PATH);
        assertThat(error.entry()).isEqualTo(name);
        assertThat(error).hasMessageStartingWith("archive users.zip, entry " + name + ": ");
        assertNothingExtracted();
        assertThat(temp.resolve("evil.csv")).doesNotExist();
    }

    @Test
    void refusesTwoEntriesWithTheSamePath() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("users.csv", USERS);
        entries.put("./users.csv", GROUPS);
        Path archive = rawZip(entries);

        UnsafeArchiveException error = thrown(UnsafeArchiveException.class,
                () -> new ZipExtractor().extract(archive, null, target));

        assertThat(error.rule()).isEqualTo(Rule.DUPLICATE_ENTRY);
        assertThat(error.entry()).isEqualTo("./users.csv");
        assertNothingExtracted();
    }

    @Test
    void refusesMoreEntriesThanAllowed() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 1; i <= 4; i++) {
            entries.put("users-" + i + ".csv", USERS);
        }
        Path archive = zip4j(EncryptionMethod.AES, entries);
        ZipLimits limits = new ZipLimits(3, Long.MAX_VALUE, Long.MAX_VALUE, 100);

        UnsafeArchiveException error = thrown(UnsafeArchiveException.class,
                () -> new ZipExtractor(limits).extract(archive, PASSWORD.toCharArray(), target));

        assertThat(error.rule()).isEqualTo(Rule.TOO_MANY_ENTRIES);
        assertThat(error).hasMessage("archive users.zip has more than 3 entries");
        assertNothingExtracted();
    }

    @ParameterizedTest
    @ValueSource(strings = { "inner.zip", "users.7z", "users.rar", "users.csv.gz", "users.tar", "lib.jar",
            "NESTED.ZIP" })
    void refusesAnEntryThatIsItselfAnArchive(String name) throws IOException {
        Path archive = zip4j(EncryptionMethod.NONE, Map.of("users.csv", USERS, name, GROUPS));

        UnsafeArchiveException error = thrown(UnsafeArchiveException.class,
                () -> new ZipExtractor().extract(archive, null, target));

        assertThat(error.rule()).isEqualTo(Rule.NESTED_ARCHIVE);
        assertThat(error).hasMessage("archive users.zip, entry " + name + ": the entry is itself an archive");
        assertNothingExtracted();
    }

    @Test
    void refusesASymbolicLinkEntry() throws IOException {
        Path secret = Files.write(temp.resolve("secret.txt"), GROUPS);
        Path link = Files.createSymbolicLink(temp.resolve("passwd.csv"), secret);
        Path archive = drop.resolve("users.zip");
        ZipParameters parameters = new ZipParameters();
        parameters.setSymbolicLinkAction(ZipParameters.SymbolicLinkAction.INCLUDE_LINK_ONLY);
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            zip.addFile(link.toFile(), parameters);
        }

        UnsafeArchiveException error = thrown(UnsafeArchiveException.class,
                () -> new ZipExtractor().extract(archive, null, target));

        assertThat(error.rule()).isEqualTo(Rule.SYMBOLIC_LINK);
        assertThat(error.entry()).isEqualTo("passwd.csv");
        assertNothingExtracted();
    }

    @Test
    void refusesAZipBombByItsCompressionRatio() throws IOException {
        Path archive = bomb("users.csv", 50 * MIB);
        assertThat(Files.size(archive)).isLessThan(100_000);

        UnsafeArchiveException error = thrown(UnsafeArchiveException.class,
                () -> new ZipExtractor().extract(archive, null, target));

        assertThat(error.rule()).isEqualTo(Rule.COMPRESSION_RATIO);
        assertThat(error).hasMessage(
                "archive users.zip, entry users.csv: the entry unpacks to more than 100 times its compressed size");
        assertNothingExtracted();
    }

    @Test
    void refusesAnArchiveThatUnpacksToMoreThanTheTotalLimit() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("part-1.csv", noise(2 * MIB));
        entries.put("part-2.csv", noise(2 * MIB));
        entries.put("part-3.csv", noise(2 * MIB));
        Path archive = zip4j(EncryptionMethod.AES, entries);
        ZipLimits limits = new ZipLimits(100, 5 * MIB, 3 * MIB, 100);

        UnsafeArchiveException error = thrown(UnsafeArchiveException.class,
                () -> new ZipExtractor(limits).extract(archive, PASSWORD.toCharArray(), target));

        assertThat(error.rule()).isEqualTo(Rule.ARCHIVE_TOO_LARGE);
        assertThat(error.entry()).isEqualTo("part-3.csv");
        assertNothingExtracted();
    }

    @Test
    void refusesABombByTheTotalLimitWhenThatIsReachedFirst() throws IOException {
        Path archive = bomb("users.csv", 50 * MIB);
        ZipLimits limits = new ZipLimits(100, 10 * MIB, Long.MAX_VALUE, Integer.MAX_VALUE);

        UnsafeArchiveException error = thrown(UnsafeArchiveException.class,
                () -> new ZipExtractor(limits).extract(archive, null, target));

        assertThat(error.rule()).isEqualTo(Rule.ARCHIVE_TOO_LARGE);
        assertNothingExtracted();
    }

    @Test
    void countsTheBytesReallyUnpackedNotTheSizeTheHeaderClaims() throws IOException {
        Path archive = bomb("users.csv", 4 * MIB);
        claimUncompressedSize(archive, 100);
        ZipLimits limits = new ZipLimits(100, Long.MAX_VALUE, MIB, Integer.MAX_VALUE);

        UnsafeArchiveException error = thrown(UnsafeArchiveException.class,
                () -> new ZipExtractor(limits).extract(archive, null, target));

        assertThat(error.rule()).isEqualTo(Rule.ENTRY_TOO_LARGE);
        assertThat(error)
                .hasMessage("archive users.zip, entry users.csv: the entry unpacks to more than 1048576 bytes");
        assertNothingExtracted();
    }

    @Test
    void refusesAFileThatIsNotAZip() throws IOException {
        Path archive = Files.write(drop.resolve("users.zip"), "id,name\n1,Aino\n2,Eero\n3,Ilona\n".getBytes());

        assertThatThrownBy(() -> new ZipExtractor().extract(archive, PASSWORD.toCharArray(), target))
                .isInstanceOf(CorruptArchiveException.class)
                .hasMessage("archive users.zip is not a zip file or is corrupt");
        assertNothingExtracted();
    }

    @Test
    void refusesAnEmptyFile() throws IOException {
        Path archive = Files.write(drop.resolve("users.zip"), new byte[0]);

        assertThatThrownBy(() -> new ZipExtractor().extract(archive, null, target))
                .isInstanceOf(CorruptArchiveException.class);
        assertNothingExtracted();
    }

    @Test
    void reportsADamagedEntryAsCorruptNotAsAWrongPassword() throws IOException {
        byte[] content = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        Path archive = storedZip("users.csv", content);
        byte[] bytes = Files.readAllBytes(archive);
        int data = indexOf(bytes, content);
        bytes[data + 500] = 'y';
        Files.write(archive, bytes);

        assertThatThrownBy(() -> new ZipExtractor().extract(archive, null, target))
                .isInstanceOf(CorruptArchiveException.class)
                .hasMessage("archive users.zip is not a zip file or is corrupt (entry users.csv)");
        assertNothingExtracted();
    }

    @Test
    void leavesNoPartialOutputWhenALaterEntryIsRefused() throws IOException {
        Path archive = drop.resolve("users.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new ZipEntry("users.csv"));
            zip.write(USERS);
            zip.putNextEntry(new ZipEntry("groups.csv"));
            zip.write(GROUPS);
            zip.putNextEntry(new ZipEntry("zeros.csv"));
            writeZeros(zip, 20 * MIB);
        }

        assertThatThrownBy(() -> new ZipExtractor().extract(archive, null, target))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("entry zeros.csv");
        assertNothingExtracted();
    }

    private void assertNothingExtracted() throws IOException {
        assertThat(target).doesNotExist();
        assertThat(list(work)).as("no staging directory or partial file is left").isEmpty();
    }

    private static void assertPasswordNotIn(Throwable error, String password) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t)).doesNotContain(password).doesNotContain(PASSWORD);
            for (Throwable suppressed : t.getSuppressed()) {
                assertThat(String.valueOf(suppressed)).doesNotContain(password).doesNotContain(PASSWORD);
            }
        }
    }

    /** The exception {@code call} throws, failing the test unless it is one of {@code type}. */
    private static <T extends Throwable> T thrown(Class<T> type, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected %s", type.getSimpleName()).isInstanceOf(type);
        return type.cast(thrown);
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }

    /** An archive written by zip4j, encrypted with {@link #PASSWORD} unless {@code encryption} is NONE. */
    private Path zip4j(EncryptionMethod encryption, Map<String, byte[]> entries) throws IOException {
        Path archive = drop.resolve("users.zip");
        char[] password = encryption == EncryptionMethod.NONE ? null : PASSWORD.toCharArray();
        try (ZipFile zip = new ZipFile(archive.toFile(), password)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                ZipParameters parameters = new ZipParameters();
                parameters.setFileNameInZip(entry.getKey());
                if (encryption != EncryptionMethod.NONE) {
                    parameters.setEncryptFiles(true);
                    parameters.setEncryptionMethod(encryption);
                    parameters.setAesKeyStrength(AesKeyStrength.KEY_STRENGTH_256);
                }
                zip.addStream(new ByteArrayInputStream(entry.getValue()), parameters);
            }
        }
        return archive;
    }

    /** An archive written by the JDK, which writes any entry name as it is; a null content is a directory. */
    private Path rawZip(Map<String, byte[]> entries) throws IOException {
        Path archive = drop.resolve("users.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                if (entry.getValue() != null) {
                    zip.write(entry.getValue());
                }
                zip.closeEntry();
            }
        }
        return archive;
    }

    /** A one-entry archive of {@code size} zero bytes, compressed about a thousand to one. */
    private Path bomb(String name, int size) throws IOException {
        Path archive = drop.resolve("users.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry(name));
            writeZeros(zip, size);
        }
        return archive;
    }

    private Path storedZip(String name, byte[] content) throws IOException {
        Path archive = drop.resolve("users.zip");
        CRC32 crc = new CRC32();
        crc.update(content);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        entry.setCrc(crc.getValue());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(entry);
            zip.write(content);
        }
        return archive;
    }

    private static void writeZeros(OutputStream out, int size) throws IOException {
        byte[] zeros = new byte[64 * 1024];
        for (int written = 0; written < size; written += zeros.length) {
            out.write(zeros, 0, Math.min(zeros.length, size - written));
        }
    }

    private static byte[] noise(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Rewrites the uncompressed size of every entry in the central directory, as a hostile archive would. */
    private static void claimUncompressedSize(Path archive, int claimed) throws IOException {
        byte[] bytes = Files.readAllBytes(archive);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int patched = 0;
        for (int i = 0; i + 28 <= bytes.length; i++) {
            if (buffer.getInt(i) == 0x02014b50) {
                buffer.putInt(i + 24, claimed);
                patched++;
            }
        }
        assertThat(patched).isEqualTo(1);
        Files.write(archive, bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("content not found in the archive");
    }
}
