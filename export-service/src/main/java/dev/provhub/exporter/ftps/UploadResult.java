package dev.provhub.exporter.ftps;

import java.util.List;

/**
 * What one FTPS session delivered: every file of the run, in the order given, each confirmed by the server.
 *
 * @param server the target URL, without credentials
 * @param tlsProtocol the TLS version of the control connection, e.g. {@code TLSv1.3}; empty when there was nothing
 *        to upload and no connection was made
 * @param files the uploaded files
 */
public record UploadResult(String server, String tlsProtocol, List<UploadedFile> files) {

    public UploadResult {
        files = List.copyOf(files);
    }
}
