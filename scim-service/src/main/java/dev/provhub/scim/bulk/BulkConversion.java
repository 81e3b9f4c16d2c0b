package dev.provhub.scim.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.provhub.scim.mapping.CompiledMapping;
import dev.provhub.scim.mapping.MappingCompiler;
import dev.provhub.scim.mapping.MappingDocument;
import dev.provhub.scim.source.CsvSource;

/**
 * CSV to bulk requests in one pass, in constant memory: every record mapped and written, 50 to a request, as
 * CSV2SCIM's default mode prints them. Jobs that send go through the same mapping but keep one record per
 * externalId and only what changed ({@code run/}).
 */
public final class BulkConversion {

    private BulkConversion() {
    }

    /** What a conversion did: requests and records written, and the records refused with their reasons. */
    public record Result(long records, int requests, List<RecordRejectedException> rejected) {
    }

    /**
     * @throws MappingInvalidException when the mapping does not validate against the file's columns
     */
    public static Result convert(InputStream csv, char delimiter, MappingDocument mapping, String namespace,
            Consumer<String> requests) throws IOException {
        try (CsvSource source = CsvSource.open(csv, delimiter)) {
            MappingCompiler.Result compiled = MappingCompiler.standard().compile(mapping, source.columns(),
                    source.columns().names(), namespace);
            if (!compiled.valid()) {
                throw new MappingInvalidException(compiled.issues());
            }
            CompiledMapping compiledMapping = compiled.mapping();
            var mapper = new RecordMapper(compiledMapping);
            var batch = new ArrayList<BulkRequestWriter.Operation>(BulkRequestWriter.MAX_OPERATIONS);
            var rejected = new ArrayList<RecordRejectedException>();
            long records = 0;
            int written = 0;
            while (true) {
                CsvSource.CsvRow row;
                try {
                    row = source.next();
                } catch (RecordRejectedException e) {
                    rejected.add(e);
                    continue;
                }
                if (row == null) {
                    break;
                }
                MappedRecord record;
                try {
                    record = mapper.map(row.line(), row);
                } catch (RecordRejectedException e) {
                    rejected.add(e);
                    continue;
                }
                records++;
                batch.add(new BulkRequestWriter.Operation(record.bulkId(), record.data()));
                if (batch.size() == BulkRequestWriter.MAX_OPERATIONS) {
                    requests.accept(BulkRequestWriter.write(batch));
                    written++;
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                requests.accept(BulkRequestWriter.write(batch));
                written++;
            }
            return new Result(records, written, rejected);
        }
    }
}
