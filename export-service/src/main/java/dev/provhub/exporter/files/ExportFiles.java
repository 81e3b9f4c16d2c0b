package dev.provhub.exporter.files;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.provhub.exporter.delta.DeltaDecision.Kind;

/**
 * The three files of one export (seed 000): {@code Uudet_}, {@code Muokatut_} and
 * {@code Poistetut_<yyyyMMddHHmmss>.csv}, one line per member, written as the run decides. The timestamp is the
 * run's; a run within the same second as an earlier one takes the next free second, so the server never gets a
 * name twice.
 */
public final class ExportFiles implements Closeable {

    public static final List<Kind> KINDS = List.of(Kind.NEW, Kind.UPDATED, Kind.REMOVED);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Map<Kind, String> PREFIX = Map.of(Kind.NEW, "Uudet", Kind.UPDATED, "Muokatut",
            Kind.REMOVED, "Poistetut");

    private final Map<Kind, Path> paths = new EnumMap<>(Kind.class);
    private final Map<Kind, BufferedWriter> writers = new EnumMap<>(Kind.class);
    private final Map<Kind, Long> rows = new EnumMap<>(Kind.class);

    private ExportFiles(Path dir, String stamp) throws IOException {
        Files.createDirectories(dir);
        try {
            for (Kind kind : KINDS) {
                Path path = dir.resolve(name(kind, stamp));
                paths.put(kind, path);
                writers.put(kind, Files.newBufferedWriter(path, StandardCharsets.UTF_8));
                rows.put(kind, 0L);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens the three files of a run made {@code at}, in {@code dir}.
     *
     * @param taken whether a file name was already used by an earlier run
     */
    public static ExportFiles open(Path dir, ZonedDateTime at, Predicate<String> taken) throws IOException {
        ZonedDateTime stamp = at;
        while (true) {
            String text = STAMP.format(stamp);
            if (KINDS.stream().noneMatch(kind -> taken.test(name(kind, text)))) {
                return new ExportFiles(dir, text);
            }
            stamp = stamp.plusSeconds(1);
        }
    }

    private static String name(Kind kind, String stamp) {
        return PREFIX.get(kind) + "_" + stamp + ".csv";
    }

    /** Adds one line to the file of {@code kind}. */
    public void write(Kind kind, String line) throws IOException {
        BufferedWriter writer = writers.get(kind);
        writer.write(line);
        writer.write('\n');
        rows.merge(kind, 1L, Long::sum);
    }

    public Path path(Kind kind) {
        return paths.get(kind);
    }

    public String name(Kind kind) {
        return paths.get(kind).getFileName().toString();
    }

    public long rows(Kind kind) {
        return rows.get(kind);
    }

    /** Flushes and closes the files; they stay on disk until {@link #delete()}. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (BufferedWriter writer : writers.values()) {
            try {
                writer.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Removes the files from the scratch folder. */
    public void delete() {
        for (Path path : paths.values()) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a stale scratch file costs disk only; the next start's scratch folder is a new one
            }
        }
    }
}
