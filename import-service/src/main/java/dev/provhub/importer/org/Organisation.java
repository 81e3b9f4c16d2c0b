package dev.provhub.importer.org;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A node of the organisation tree, e.g. {@code /Root/Schools/North}, with its profile fields and import settings. */
@Entity
@Table(name = "organisation")
public class Organisation extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String path;

    @Column(nullable = false)
    public String name;

    @Column(name = "parent_id")
    public UUID parentId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> settings = Map.of();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "profile_field", joinColumns = @JoinColumn(name = "org_id"))
    @Column(name = "name")
    public Set<String> profileFields = new LinkedHashSet<>();

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(name = "row_version")
    public long rowVersion;

    @Transient
    private Map<String, Object> parsedFrom;
    @Transient
    private ImportSettings parsed;

    /** The settings, parsed once per settings value (an import asks for them for every row). */
    public ImportSettings importSettings() {
        if (parsed == null || parsedFrom != settings) {
            parsed = SettingsReader.read(settings);
            parsedFrom = settings;
        }
        return parsed;
    }

    /** The organisation's profile field named {@code name}, compared case-insensitively. */
    public Optional<String> profileField(String name) {
        return profileFields.stream().filter(f -> f.equalsIgnoreCase(name.trim())).findFirst();
    }
}
