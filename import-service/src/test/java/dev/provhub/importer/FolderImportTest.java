package dev.provhub.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.inject.Inject;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.provhub.importer.folder.FolderImports;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.run.ImportRunView;
import dev.provhub.localinfra.LocalInfra;
import dev.provhub.localinfra.TemporaryFolders;
import dev.provhub.runs.RunStatus;
import net.lingala.zip4j.ZipFile;
import net.lingala.zip4j.model.ZipParameters;
import net.lingala.zip4j.model.enums.AesKeyStrength;
import net.lingala.zip4j.model.enums.EncryptionMethod;

/** The watched folder: CSV and password zips in, backups with a timestamp, a report by mail, old backups out. */
@ImportServiceTest
class FolderImportTest {

    @Inject
    ImportFixture fixture;

    @Inject
    FolderImports folders;

    Path in;
    Path backup;
    String contact;

    @BeforeEach
    void folders() throws IOException {
        Path root = TemporaryFolders.create("folder-import");
        in = Files.createDirectories(root.resolve("in"));
        backup = root.resolve("backup");
        contact = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    Organisation org() {
        return fixture.org("Moran", Map.of("importFolder", in.toString(), "backupFolder", backup.toString(),
                "notificationContacts", List.of(contact), "zipPasswordSecret", "provhub.test.zip-password"));
    }

    @Test
    void importsDroppedCsvAndPasswordZipBacksThemUpAndMailsTheReport() throws Exception {
        Organisation org = org();
        Files.writeString(in.resolve("a-users.csv"), "OrgLoginID,FirstName,LastName,Password\n"
                + "1,Aapo,Folder,Secret123\nQ\n");
        Path csv = Files.writeString(TemporaryFolders.create("z").resolve("b-users.csv"),
                "OrgLoginID,FirstName,LastName,Password\n2,Bea,Zipped,Secret123\n");
        aesZip(in.resolve("b-users.zip"), csv, "Zip-Secret-1");

        List<ImportRunView> runs = polled(org);

        assertThat(runs).hasSize(2);
        assertThat(fixture.usersOf(org)).extracting(u -> u.lastName).containsExactlyInAnyOrder("Folder", "Zipped");
        try (var left = Files.list(in)) {
            assertThat(left).as("the import folder is emptied").isEmpty();
        }
        try (var backups = Files.list(backup)) {
            assertThat(backups.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(n -> n.matches("\\d{8}-\\d{6}_a-users\\.csv"))
                    .anyMatch(n -> n.matches("\\d{8}-\\d{6}_b-users\\.zip"));
        }
        List<MimeMessage> mails = mailsTo(contact, 2);
        MimeMessage withErrors = mails.stream().filter(m -> subject(m).contains("a-users.csv")).findFirst()
                .orElseThrow();
        assertThat(subject(withErrors)).contains(org.path).contains("1 rejected rows");
        String content = text(withErrors);
        assertThat(content).contains("created").contains("line,kind,reason,row").contains("has 1 fields; the header has 4")
                .doesNotContain("Secret123");
    }

    @Test
    void hostileOrUnreadableArchivesAreRejectedWithAReason() throws Exception {
        Organisation org = org();
        try (var zip = new ZipOutputStream(Files.newOutputStream(in.resolve("1-slip.zip")))) {
            zip.putNextEntry(new ZipEntry("../../evil.csv"));
            zip.write("OrgLoginID,LastName\n1,X\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Path csv = Files.writeString(TemporaryFolders.create("z").resolve("users.csv"), "OrgLoginID\n1\n");
        aesZip(in.resolve("2-wrong-password.zip"), csv, "not-the-password");
        Files.write(in.resolve("3-not-a-zip.zip"), new byte[] { 'P', 'K', 3, 4, 0, 0, 0 });

        List<ImportRunView> runs = polled(org);

        assertThat(runs).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FAILED));
        assertThat(runs.get(0).failure()).contains("outside the target");
        assertThat(runs.get(1).failure()).contains("wrong password").doesNotContain("Zip-Secret-1");
        assertThat(runs.get(2).failure()).contains("not a zip file or is corrupt");
        assertThat(fixture.usersOf(org)).isEmpty();
        assertThat(backup.getParent().getParent().resolve("evil.csv")).doesNotExist();
        assertThat(mailsTo(contact, 3)).allSatisfy(m -> assertThat(subject(m)).contains("FAILED"));
    }

    @Test
    void backupsOlderThanTheRetentionAreDeleted() throws Exception {
        fixture.org("Moran", Map.of("importFolder", in.toString(), "backupFolder", backup.toString(),
                "backupRetentionDays", 7));
        Files.createDirectories(backup);
        Path old = Files.writeString(backup.resolve("20200101-000000_old.csv"), "x");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
        Path recent = Files.writeString(backup.resolve("recent.csv"), "x");
        Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(Duration.ofDays(6))));

        assertThat(folders.purgeBackups()).isGreaterThanOrEqualTo(1);

        assertThat(old).doesNotExist();
        assertThat(recent).exists();
    }

    static void aesZip(Path zip, Path file, String password) throws IOException {
        var parameters = new ZipParameters();
        parameters.setEncryptFiles(true);
        parameters.setEncryptionMethod(EncryptionMethod.AES);
        parameters.setAesKeyStrength(AesKeyStrength.KEY_STRENGTH_256);
        try (var archive = new ZipFile(zip.toFile(), password.toCharArray())) {
            archive.addFile(file.toFile(), parameters);
        }
    }

    static List<MimeMessage> mailsTo(String address, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<MimeMessage> mails = LocalInfra.smtp().receivedMessages().stream().filter(m -> {
                try {
                    return m.getAllRecipients()[0].toString().equals(address);
                } catch (Exception e) {
                    return false;
                }
            }).toList();
            if (mails.size() >= expected || System.nanoTime() > deadline) {
                assertThat(mails).hasSize(expected);
                return mails;
            }
            Thread.sleep(100);
        }
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        if (content instanceof Multipart multipart) {
            var text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                Object part = multipart.getBodyPart(i).getContent();
                text.append(part instanceof String s ? s
                        : new String(((java.io.InputStream) part).readAllBytes(), StandardCharsets.UTF_8));
            }
            return text.toString();
        }
        return content.toString();
    }

    /** Polls the folders and waits for this organisation's runs to finish, oldest file first. */
    private List<ImportRunView> polled(Organisation org) {
        return folders.poll().stream().map(fixture::finished).filter(r -> r.org().equals(org.path)).toList();
    }
}
