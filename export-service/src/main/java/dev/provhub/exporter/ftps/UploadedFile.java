package dev.provhub.exporter.ftps;

import java.nio.file.Path;

/**
 * One export file that reached the FTPS server under its final name, with the size the server confirmed.
 *
 * @param source the local file
 * @param name the file's name on the server, e.g. {@code Uudet_20261121053000.csv}
 * @param bytes the size the server reported, equal to the local file's size
 */
public record UploadedFile(Path source, String name, long bytes) {
}
