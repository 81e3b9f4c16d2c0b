package dev.provhub.intake.zip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.provhub.intake.zip.UnsafeArchiveException.Rule;
import net.lingala.zip4j.ZipFile;
import net.lingala.zip4j.exception.ZipException;
import net.lingala.zip4j.model.FileHeader;

/**
 * Extracts a zip archive an organisation dropped for import (plain, or encrypted with AES or ZipCrypto) into a
 * directory, refusing archives that would write outside it, unpack to too much, or hide further archives or
 * symbolic links.
 *
 * <p>
 * Extraction is all or nothing: entries are written to a hidden directory beside the target, which is renamed to
 * the target only when every entry has been written, and deleted otherwise.
 */
public final class ZipExtractor {

    /**
     * Entries are allowed to reach this size before their compression ratio is checked: tiny files (a header
     * line, a CSV of empty columns) legitimately compress far better than a real export, and bombs are large.
     */
    static final long RATIO_GRACE_BYTES = 1024 * 1024;

    private static final int COPY_BUFFER_BYTES = 64 * 1024;
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);
    private static final Set<String> ARCHIVE_SUFFIXES = Set.of(".zip", ".zipx", ".7z", ".rar", ".gz", ".tgz",
            ".tar", ".bz2", ".xz", ".jar", ".war", ".ear");
    /** The Unix file type bits and the symbolic link type in the upper half of a zip entry's external attributes. */
    private static final int UNIX_FILE_TYPE = 0170000;
    private static final int UNIX_SYMBOLIC_LINK = 0120000;

    private final ZipLimits limits;

    /** An extractor with the {@link ZipLimits#DEFAULTS default limits}. */
    public ZipExtractor() {
        this(ZipLimits.DEFAULTS);
    }

    public ZipExtractor(ZipLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Extracts every entry of {@code archive} into {@code target}.
     *
     * @param archive the zip file
     * @param password the archive's password, or null (or empty) when it is not encrypted; not kept or cleared
     * @param target the directory to extract into; it must not exist or be empty, and is created
     * @return the extracted files (not directories) under {@code target}, in archive order
     * @throws UnsafeArchiveException when the archive breaks a rule; nothing is extracted
     * @throws ArchivePasswordException when the archive is encrypted and the password is missing or wrong
     * @throws CorruptArchiveException when the file is not a zip archive or is damaged
     * @throws FileAlreadyExistsException when {@code target} exists and is not an empty directory
     * @throws IOException when the archive cannot be read or the files cannot be written
     */
    public List<Path> extract(Path archive, char[] password, Path target) throws IOException {
        Path destination = target.toAbsolutePath().normalize();
        if (!Files.isRegularFile(archive)) {
            throw new NoSuchFileException(archive.toString());
        }
        if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS) && !isEmptyDirectory(destination)) {
            throw new FileAlreadyExistsException(destination.toString(), null, "not an empty directory");
        }
        Path parent = Files.createDirectories(destination.getParent());
        // Beside the target, so the final rename stays on one file system and is atomic.
        Path staging = Files.createTempDirectory(parent, "." + destination.getFileName() + ".partial-");
        try {
            List<Path> extracted;
            try (ZipFile zip = new ZipFile(archive.toFile(), password)) {
                extracted = new Extraction(zip, archive, password, staging).run();
            }
            if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(destination);
            }
            Files.move(staging, destination, StandardCopyOption.ATOMIC_MOVE);
            List<Path> files = new ArrayList<>(extracted.size());
            for (Path file : extracted) {
                files.add(destination.resolve(staging.relativize(file)));
            }
            return List.copyOf(files);
        } catch (Throwable failure) {
            deleteTree(staging, failure);
            throw failure;
        }
    }

    /** One archive being extracted into one staging directory. */
    private final class Extraction {

        private final ZipFile zip;
        private final String archiveName;
        private final long archiveBytes;
        private final boolean hasPassword;
        private final Path staging;
        private long totalBytes;

        Extraction(ZipFile zip, Path archive, char[] password, Path staging) throws IOException {
            this.zip = zip;
            this.archiveName = String.valueOf(archive.getFileName());
            this.archiveBytes = Files.size(archive);
            this.hasPassword = password != null && password.length > 0;
            this.staging = staging;
        }

        List<Path> run() throws IOException {
            List<FileHeader> headers = headers();
            if (headers.size() > limits.maxEntries()) {
                throw new UnsafeArchiveException(Rule.TOO_MANY_ENTRIES, headers.get(limits.maxEntries()).getFileName(),
                        "archive " + archiveName + " has more than " + limits.maxEntries() + " entries");
            }
            // Every entry is checked before anything is written, so most refusals cost no disk writes at all.
            List<Path> paths = new ArrayList<>(headers.size());
            Set<Path> seen = new HashSet<>();
            for (FileHeader header : headers) {
                Path path = checkedPath(header);
                if (!seen.add(path)) {
                    throw unsafe(Rule.DUPLICATE_ENTRY, header, "another entry has the same path");
                }
                paths.add(path);
            }
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < headers.size(); i++) {
                FileHeader header = headers.get(i);
                Path path = paths.get(i);
                if (header.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    write(header, path);
                    files.add(path);
                }
            }
            return files;
        }

        private List<FileHeader> headers() throws IOException {
            List<FileHeader> headers;
            try {
                headers = zip.getFileHeaders();
            } catch (ZipException | RuntimeException e) {
                // zip4j's header parser can also fail with unchecked exceptions on hostile input.
                throw corrupt(null, e);
            }
            if (archiveBytes == 0) {
                throw corrupt(null, null);
            }
            if (!hasPassword) {
                for (FileHeader header : headers) {
                    if (header.isEncrypted()) {
                        throw new ArchivePasswordException(
                                "archive " + archiveName + " is encrypted and no password was given", null);
                    }
                }
            }
            return headers;
        }

        /** The entry's path inside the staging directory, once the entry is known to be safe to write there. */
        private Path checkedPath(FileHeader header) throws UnsafeArchiveException {
            String name = header.getFileName();
            if (name == null || name.isEmpty()) {
                throw unsafe(Rule.UNSAFE_PATH, header, "the entry has no name");
            }
            if (name.startsWith("/")) {
                throw unsafe(Rule.UNSAFE_PATH, header, "the path is absolute");
            }
            // On Windows these are separators or drives; refused everywhere so an archive means the same on all.
            if (name.indexOf('\\') >= 0) {
                throw unsafe(Rule.UNSAFE_PATH, header, "the path contains a backslash");
            }
            if (DRIVE_LETTER.matcher(name).matches()) {
                throw unsafe(Rule.UNSAFE_PATH, header, "the path starts with a drive letter");
            }
            if (isSymbolicLink(header)) {
                throw unsafe(Rule.SYMBOLIC_LINK, header, "the entry is a symbolic link");
            }
            if (!header.isDirectory() && isArchiveName(name)) {
                throw unsafe(Rule.NESTED_ARCHIVE, header, "the entry is itself an archive");
            }
            Path path;
            try {
                path = staging.resolve(name).normalize();
            } catch (InvalidPathException e) {
                throw unsafe(Rule.UNSAFE_PATH, header, "the path is not valid");
            }
            // A directory entry such as "./" is the target itself: harmless, and it creates nothing.
            if (!path.startsWith(staging) || (path.equals(staging) && !header.isDirectory())) {
                throw unsafe(Rule.UNSAFE_PATH, header, "the path leads outside the target directory");
            }
            return path;
        }

        /** Streams the entry into {@code path}, counting the bytes really unpacked against the limits. */
        private void write(FileHeader header, Path path) throws IOException {
            // The header's compressed size may lie, but zip4j never reads more of an entry than it says, and no
            // entry can have more compressed bytes than the archive file.
            long compressedBytes = Math.max(1, Math.min(header.getCompressedSize(), archiveBytes));
            long entryBytes = 0;
            byte[] buffer = new byte[COPY_BUFFER_BYTES];
            try (InputStream in = open(header);
                    OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                for (int count = read(header, in, buffer); count >= 0; count = read(header, in, buffer)) {
                    entryBytes += count;
                    totalBytes += count;
                    if (entryBytes > limits.maxEntryBytes()) {
                        throw unsafe(Rule.ENTRY_TOO_LARGE, header,
                                "the entry unpacks to more than " + limits.maxEntryBytes() + " bytes");
                    }
                    if (totalBytes > limits.maxTotalBytes()) {
                        throw unsafe(Rule.ARCHIVE_TOO_LARGE, header,
                                "the archive unpacks to more than " + limits.maxTotalBytes() + " bytes");
                    }
                    if (entryBytes > RATIO_GRACE_BYTES && entryBytes / compressedBytes > limits.maxCompressionRatio()) {
                        throw unsafe(Rule.COMPRESSION_RATIO, header, "the entry unpacks to more than "
                                + limits.maxCompressionRatio() + " times its compressed size");
                    }
                    out.write(buffer, 0, count);
                }
            }
        }

        private InputStream open(FileHeader header) throws IOException {
            try {
                return zip.getInputStream(header);
            } catch (IOException | RuntimeException e) {
                throw readFailure(header, e);
            }
        }

        private int read(FileHeader header, InputStream in, byte[] buffer) throws IOException {
            try {
                return in.read(buffer);
            } catch (IOException | RuntimeException e) {
                throw readFailure(header, e);
            }
        }

        /**
         * What a failure to read an entry means. zip4j reports a wrong password as such for AES and, since
         * ZipCrypto's one-byte password check passes one wrong password in 256, also for ZipCrypto data that
         * fails to inflate or to match its checksum.
         */
        private ArchiveException readFailure(FileHeader header, Exception e) {
            if (e instanceof ZipException zipException && zipException.getType() == ZipException.Type.WRONG_PASSWORD) {
                return header.isEncrypted() && hasPassword
                        ? new ArchivePasswordException("wrong password for archive " + archiveName, e)
                        : new ArchivePasswordException(
                                "archive " + archiveName + " is encrypted and no password was given", e);
            }
            return corrupt(header, e);
        }

        private CorruptArchiveException corrupt(FileHeader header, Exception cause) {
            String where = header == null ? "" : " (entry " + printable(header.getFileName()) + ")";
            return new CorruptArchiveException(
                    "archive " + archiveName + " is not a zip file or is corrupt" + where, cause);
        }

        private UnsafeArchiveException unsafe(Rule rule, FileHeader header, String reason) {
            return new UnsafeArchiveException(rule, header.getFileName(),
                    "archive " + archiveName + ", entry " + printable(header.getFileName()) + ": " + reason);
        }
    }

    private static boolean isSymbolicLink(FileHeader header) {
        byte[] attributes = header.getExternalFileAttributes();
        if (attributes == null || attributes.length < 4) {
            return false;
        }
        int unixMode = (attributes[2] & 0xFF) | ((attributes[3] & 0xFF) << 8);
        return (unixMode & UNIX_FILE_TYPE) == UNIX_SYMBOLIC_LINK;
    }

    private static boolean isArchiveName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        return dot >= 0 && ARCHIVE_SUFFIXES.contains(lower.substring(dot));
    }

    /** The entry name with control characters replaced, so a hostile name cannot forge lines in a log. */
    private static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder printable = new StringBuilder(name.length());
        name.codePoints().forEach(c -> printable.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return printable.toString();
    }

    private static boolean isEmptyDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            return !entries.iterator().hasNext();
        }
    }

    /** Deletes the staging directory after a failure, reporting a failure to delete with the original one. */
    private static void deleteTree(Path root, Throwable failure) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
