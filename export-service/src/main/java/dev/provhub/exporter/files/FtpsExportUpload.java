package dev.provhub.exporter.files;

import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.exporter.config.ExportConfig;
import dev.provhub.exporter.ftps.FtpsTarget;
import dev.provhub.exporter.ftps.FtpsUploader;
import dev.provhub.exporter.ftps.UploadFailedException;

/** Uploads a run's files to the configured FTPS server (the seed's ftps-url and ftps-user, from a Secret). */
@ApplicationScoped
public class FtpsExportUpload implements ExportUpload {

    private final ExportConfig.Ftps ftps;

    FtpsExportUpload(ExportConfig config) {
        this.ftps = config.ftps();
    }

    @Override
    public boolean configured() {
        return ftps.url().filter(url -> !url.isBlank()).isPresent();
    }

    @Override
    public void upload(List<Path> files) throws UploadException {
        if (files.isEmpty()) {
            return;
        }
        FtpsTarget target;
        try {
            target = FtpsTarget.parse(ftps.url().orElseThrow(), ftps.implicitTls(), ftps.user().orElse(""),
                    ftps.password().orElse(""));
        } catch (IllegalArgumentException e) {
            throw new UploadException("provhub.export.ftps.url: " + e.getMessage(), e);
        }
        if (ftps.trustStore().filter(s -> !s.isBlank()).isPresent()) {
            target = target.withTrustStore(Path.of(ftps.trustStore().get()), ftps.trustStorePassword().orElse(""));
        }
        target = target.withTimeouts(ftps.timeout(), ftps.timeout());
        try {
            new FtpsUploader().upload(target, files);
        } catch (UploadFailedException e) {
            throw new UploadException(e.getMessage(), e);
        }
    }
}
