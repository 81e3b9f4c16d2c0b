package dev.provhub.scim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.runs.ConsoleProgress;
import dev.provhub.scim.bulk.BulkConversion;
import dev.provhub.scim.bulk.MappingInvalidException;
import dev.provhub.scim.config.ScimConfig;
import dev.provhub.scim.logs.CycleLogs;
import dev.provhub.scim.mapping.MappingCompiler;
import dev.provhub.scim.mapping.MappingDocument;
import dev.provhub.scim.mapping.MappingException;
import dev.provhub.scim.run.NewScimJob;
import dev.provhub.scim.run.ProvisioningApis;
import dev.provhub.scim.run.ScimJobView;
import dev.provhub.scim.run.ScimJobs;
import dev.provhub.scim.sending.ProvisioningApi;
import dev.provhub.scim.sending.SchemaUpdate;
import dev.provhub.scim.sending.TargetSettings;
import dev.provhub.scim.source.CsvSource;

/**
 * {@code csv2scim}: CSV2SCIM's modes from the service's jar. Without {@code -ServicePrincipalId} the bulk requests
 * are printed (the script's default mode); with it they are sent as a SCIM job run here (persisted: the service's
 * replicas resume it after a quota or a crash, and follow its logs).
 */
@ApplicationScoped
public class Csv2ScimCommand {

    private final ScimConfig config;
    private final ScimJobs jobs;
    private final ProvisioningApis apis;

    Csv2ScimCommand(ScimConfig config, ScimJobs jobs, ProvisioningApis apis) {
        this.config = config;
        this.jobs = jobs;
        this.apis = apis;
    }

    /** @return the exit code: 0 done, 1 refused or failed, 2 wrong parameters */
    public int run(Csv2ScimFlags flags, PrintStream out, PrintStream err) {
        try {
            if (flags.has("GetPreviousCycleLogs")) {
                return previousCycleLogs(flags, out);
            }
            Path csv = Path.of(flags.value("Path").orElseThrow(() -> new IllegalArgumentException(
                    "-Path <csv file> is required")));
            String namespace = flags.value("ScimSchemaNamespace").orElse(null);
            if (flags.has("UpdateSchema")) {
                return updateSchema(flags, csv, namespace, out);
            }
            MappingDocument mapping = mapping(flags);
            if (flags.has("ValidateAttributeMapping")) {
                return validate(csv, mapping, namespace, out);
            }
            String principal = flags.value("ServicePrincipalId").orElse(config.target().servicePrincipalId()
                    .orElse(""));
            if (principal.isBlank()) {
                // the script's default mode: the bulk requests printed, nothing sent (an empty -ServicePrincipalId
                // asks for it where the configuration names one)
                try (InputStream in = Files.newInputStream(csv)) {
                    BulkConversion.Result result = BulkConversion.convert(in, config.csvDelimiter(), mapping,
                            namespace, out::println);
                    result.rejected().forEach(r -> err.println("line " + r.line() + ": " + r.getMessage()));
                    return result.rejected().isEmpty() ? 0 : 1;
                }
            }
            return send(flags, csv, namespace, out);
        } catch (IllegalArgumentException e) {
            err.println("csv2scim: " + e.getMessage());
            return 2;
        } catch (MappingInvalidException e) {
            err.println("csv2scim: " + e.getMessage());
            return 1;
        } catch (MappingException e) {
            err.println("csv2scim: the mapping file is refused: " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("csv2scim: " + e.getMessage());
            return 1;
        }
    }

    private MappingDocument mapping(Csv2ScimFlags flags) throws IOException {
        if (flags.value("AttributeMapping").isEmpty()) {
            return MappingDocument.defaults();
        }
        Path file = Path.of(flags.value("AttributeMapping").get());
        if (Files.size(file) > config.mappingMaxBytes()) {
            throw new MappingException(new dev.provhub.scim.mapping.Position(file.toString(), 1, 1), "the mapping "
                    + "file is larger than " + config.mappingMaxBytes() + " bytes");
        }
        return MappingDocument.read(file.getFileName().toString(), Files.readAllBytes(file), config.mappingMaxBytes());
    }

    private int validate(Path csv, MappingDocument mapping, String namespace, PrintStream out) throws IOException {
        try (InputStream in = Files.newInputStream(csv);
                CsvSource source = CsvSource.open(in,
                        config.csvDelimiter())) {
            MappingCompiler.Result result = MappingCompiler.standard().compile(mapping, source.columns(),
                    source.columns().names(), namespace);
            result.issues().forEach(issue -> out.println(issue));
            out.println(result.valid() ? "True" : "False");
            return result.valid() ? 0 : 1;
        }
    }

    private int send(Csv2ScimFlags flags, Path csv, String namespace, PrintStream out) throws IOException {
        String mappingName = flags.value("AttributeMapping").map(p -> Path.of(p).getFileName().toString())
                .orElse(null);
        String mappingText = flags.value("AttributeMapping").isEmpty() ? null
                : Files.readString(Path.of(flags.value("AttributeMapping").get()));
        var spec = new NewScimJob(csv, csv.getFileName().toString(), mappingName, mappingText, namespace,
                flags.value("ServicePrincipalId").orElse(config.target().servicePrincipalId().orElse(null)),
                flags.value("JobId").orElse(config.target().jobId().orElse(null)),
                flags.value("TenantId").orElse(null), flags.value("ClientId").orElse(null),
                flags.value("ClientCertificate").orElse(null), flags.has("Full"), flags.has("RestartService"), false,
                "command", System.getProperty("user.name"));
        UUID id = UUID.randomUUID();
        ScimJobView job;
        try (var progress = ConsoleProgress.follow(id, "requests", out)) {
            job = jobs.runHere(spec, id);
        }
        out.printf("SCIM job %s: %s%n", job.id(), job.state());
        var p = job.progress();
        out.printf("  records read %d, refused %d, unchanged %d, sent %d, accepted %d, failed %d; requests %d of %d;"
                + " daily quota left %s%n", p.recordsRead(), p.recordsRejected(), p.recordsUnchanged(), p.recordsSent(),
                p.recordsAccepted(), p.recordsFailed(), p.requestsSent(), p.requestsTotal(), p.quotaLeft());
        if (job.waitReason() != null) {
            out.println("  " + job.waitReason() + (job.resumeAt() == null ? "" : " (next: " + job.resumeAt() + ")")
                    + "; the service's replicas go on with it");
        }
        if (job.failure() != null) {
            out.println("  " + job.failure());
        }
        job.items().stream().limit(50).forEach(i -> out.printf("  %s %s%s: %s%n", i.kind(), i.line() == null ? ""
                : "line " + i.line() + " ", i.key() == null ? "" : i.key(), i.reason()));
        return job.state() == dev.provhub.scim.run.ScimJobState.FAILED ? 1 : 0;
    }

    private int updateSchema(Csv2ScimFlags flags, Path csv, String namespace, PrintStream out) throws IOException {
        ProvisioningApi api = api(flags);
        ProvisioningApi.Target target = target(flags, api);
        List<String> columns;
        try (InputStream in = Files.newInputStream(csv);
                CsvSource source = CsvSource.open(in,
                        config.csvDelimiter())) {
            columns = source.columns().names();
        }
        SchemaUpdate.Result result = SchemaUpdate.apply(api, target, namespace, columns);
        result.existing().forEach(name -> out.println("WARNING: the attribute " + name + " already exists"));
        result.added().forEach(name -> out.println("added " + name));
        return 0;
    }

    private int previousCycleLogs(Csv2ScimFlags flags, PrintStream out) {
        ProvisioningApi api = api(flags);
        ProvisioningApi.Target target = target(flags, api);
        int cycles = Integer.parseInt(flags.value("NumberOfCycles").orElse("1"));
        List<CycleLogs.Cycle> read = CycleLogs.read(api, target.jobId(), cycles);
        if (read.isEmpty()) {
            out.println("no provisioning cycles for job " + target.jobId());
        }
        for (CycleLogs.Cycle cycle : read) {
            out.print(CycleLogs.table(cycle));
            for (CycleLogs.LogRecord record : cycle.records()) {
                out.printf("  %-12s %-30s %-8s %-8s %d modified%s%n", record.sourceId(), record.displayName(),
                        record.action(), record.status(), record.modifiedProperties().size(), record.error() == null
                                ? ""
                                : " (" + record.error() + ")");
            }
        }
        return 0;
    }

    private ProvisioningApi api(Csv2ScimFlags flags) {
        return apis.get(TargetSettings.of(config.target()).with(flags.value("TenantId"), flags.value("ClientId"),
                flags.value("ClientCertificate")));
    }

    private ProvisioningApi.Target target(Csv2ScimFlags flags, ProvisioningApi api) {
        String principal = flags.value("ServicePrincipalId").or(() -> config.target().servicePrincipalId())
                .orElseThrow(() -> new IllegalArgumentException("-ServicePrincipalId is required"));
        return api.resolve(principal, flags.value("JobId").or(() -> config.target().jobId()).orElse(null));
    }
}
