package dev.provhub.importer.rules;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A RecordUID a full import's file lists (scratch data of one run). */
@Entity
@Table(name = "import_seen")
@IdClass(ImportSeen.Key.class)
public class ImportSeen extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public UUID runId;

    @Id
    @Column(name = "record_uid")
    public String recordUid;

    public static class Key implements Serializable {
        public UUID runId;
        public String recordUid;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(runId, k.runId)
                    && java.util.Objects.equals(recordUid, k.recordUid);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(runId, recordUid);
        }
    }
}
