package dev.provhub.scim.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.provhub.localinfra.TemporaryFolders;
import dev.provhub.scim.bulk.BulkConversion;
import dev.provhub.scim.mapping.MappingDocument;
import dev.provhub.scim.source.CsvSource;

/**
 * CSV to bulk requests for 1,000,000 records (goal: 100,000 records/s), printed beside the baseline of reading the
 * same file with the CSV reader alone, in the same JVM; and the heap used. Not part of ./mvnw verify:
 * {@code ./mvnw -pl scim-service -am -Pbenchmark verify -DskipITs -Dtest=ConversionBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} (-Dbench.records to change the size).
 */
@Tag("benchmark")
class ConversionBenchmark {

    private static final String MAPPING = """
            @{
                externalId   = 'WorkerID'
                name         = @{ familyName = 'LastName'; givenName = 'FirstName' }
                active       = { $_.'WorkerStatus' -eq 'Active' }
                userName     = { "$($_.UserID.ToLower())@contoso.com" }
                displayName  = 'FullName'
                nickName     = 'UserID'
                userType     = 'WorkerType'
                title        = 'JobTitle'
                addresses    = @( @{ type = { 'work' }; streetAddress = 'StreetAddress'; locality = 'City'
                                     postalCode = 'ZipCode'; country = 'CountryCode' } )
                phoneNumbers = @( @{ type = { 'work' }; value = 'OfficePhone' } )
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" = @{
                    employeeNumber = 'WorkerID'; costCenter = 'CostCenter'; organization = 'Company'
                    division = 'Division'; department = 'Department'; manager = @{ value = 'ManagerID' }
                }
            }
            """;

    @Test
    void convertsAMillionRecords() throws IOException {
        int records = Integer.getInteger("bench.records", 1_000_000);
        Path csv = TemporaryFolders.file("bench-workers", ".csv");
        try {
            write(csv, records);
            MappingDocument mapping = MappingDocument.read("AttributeMapping.psd1",
                    MAPPING.getBytes(StandardCharsets.UTF_8), 1 << 20);
            double readOnly = 0;
            double converting = 0;
            long heap = 0;
            for (int round = 0; round < 3; round++) {
                readOnly = Math.max(readOnly, records / read(csv));
                resetPeaks();
                converting = Math.max(converting, records / convert(csv, mapping, records));
                heap = Math.max(heap, peakHeap());
            }
            System.out.printf(Locale.ROOT, "%n%,d records, %,d MiB CSV (best of 3 rounds, -Xmx%d MiB):%n", records,
                    Files.size(csv) >> 20, Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf(Locale.ROOT, "  baseline, reading the CSV only:      %,10.0f records/s%n", readOnly);
            System.out.printf(Locale.ROOT, "  CSV -> bulk requests (map, JSON, 50): %,10.0f records/s (goal 100,000;"
                    + " %.0f %% of the baseline), peak heap %,d MiB%n", converting, 100 * converting / readOnly,
                    heap >> 20);
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    private static double read(Path csv) throws IOException {
        long started = System.nanoTime();
        long count = 0;
        try (InputStream in = Files.newInputStream(csv); CsvSource source = CsvSource.open(in, ',')) {
            while (source.next() != null) {
                count++;
            }
        }
        if (count == 0) {
            throw new AssertionError("no records read");
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static double convert(Path csv, MappingDocument mapping, int records) throws IOException {
        var bytes = new AtomicLong();
        long started = System.nanoTime();
        BulkConversion.Result result;
        try (InputStream in = Files.newInputStream(csv)) {
            result = BulkConversion.convert(in, ',', mapping, null, request -> bytes.addAndGet(request.length()));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (result.records() != records || result.requests() != (records + 49) / 50 || bytes.get() == 0) {
            throw new AssertionError("converted " + result.records() + " records into " + result.requests()
                    + " requests");
        }
        return seconds;
    }

    private static void write(Path csv, int records) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            out.write("WorkerID,WorkerStatus,WorkerType,UserID,FirstName,LastName,FullName,GenderPronoun,ManagerID,"
                    + "HireDate,OnLeave,Department,Division,CostCenter,Company,Location,JobTitle,StreetAddress,City,"
                    + "CountryCode,OfficePhone,Custom01,Custom02,ZipCode\r\n");
            for (int i = 0; i < records; i++) {
                out.write(String.format(Locale.ROOT, "%d,%s,Employee,EMP%d,First%d,Last%d,First%d Last%d,HE/HIM,%d,"
                        + "2020-01-01,False,Sales,Food,CC%d,Contoso,Europe,\"Clerk, senior\",303 Mansion Ct,"
                        + "Helsinki,FI,259-915-1098,T1001,,%05d\r\n", 100_000 + i, i % 5 == 0 ? "Inactive" : "Active",
                        i, i, i, i, i, 100_000 + i / 10, i % 100, i % 100_000));
            }
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
