package dev.provhub.scim.mapping;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.provhub.scim.mapping.CompiledMapping.Template;
import dev.provhub.scim.mapping.ScimSchema.Attribute;
import dev.provhub.scim.mapping.expr.Columns;

/**
 * Validates a mapping against the SCIM core User and enterprise User schemas and the source's columns, and compiles
 * it once per job into a {@link CompiledMapping}. Every issue is collected, each with its path in the mapping and its
 * position in the file, so that one run lists them all; a mapping with errors compiles to nothing.
 */
public final class MappingCompiler {

    private final ScimSchema core;
    private final ScimSchema enterprise;

    public MappingCompiler(ScimSchema core, ScimSchema enterprise) {
        this.core = core;
        this.enterprise = enterprise;
    }

    public static MappingCompiler standard() {
        return new MappingCompiler(ScimSchema.coreUser(), ScimSchema.enterpriseUser());
    }

    /** What compiling found: the issues (errors and warnings) and, without errors, the compiled mapping. */
    public record Result(List<MappingIssue> issues, CompiledMapping mapping) {

        public boolean valid() {
            return issues.stream().noneMatch(MappingIssue::error);
        }

        public List<MappingIssue> errors() {
            return issues.stream().filter(MappingIssue::error).toList();
        }

        public List<MappingIssue> warnings() {
            return issues.stream().filter(i -> !i.error()).toList();
        }
    }

    /**
     * @param columns the source's columns ({@link Columns#UNKNOWN} to check the mapping alone)
     * @param columnNames the source's column names in order, for {@code namespace} (every column as a string under
     *        it); empty when there is no namespace
     * @param namespace {@code -ScimSchemaNamespace}: the URN every column is put under, or null
     */
    public Result compile(MappingDocument document, Columns columns, List<String> columnNames, String namespace) {
        var issues = new ArrayList<MappingIssue>();
        for (MappingException e : document.syntaxErrors()) {
            issues.add(new MappingIssue(MappingIssue.Kind.SYNTAX, "", e.position(), e.reason()));
        }
        var schemas = new LinkedHashSet<String>();
        schemas.add(ScimSchema.CORE_USER);
        var context = new Context(columns, issues, schemas);
        var fields = new ArrayList<CompiledMapping.Field>();
        Template externalId = null;
        Set<String> seen = new HashSet<>();
        for (MappingValue.Entry entry : document.root().entries()) {
            String key = entry.key();
            String lower = key.toLowerCase(Locale.ROOT);
            if (!seen.add(lower)) {
                issues.add(new MappingIssue(MappingIssue.Kind.DUPLICATE_ATTRIBUTE, key, entry.keyAt(), "'" + key
                        + "' is mapped twice"));
                continue;
            }
            Template template;
            if (lower.startsWith("urn:")) {
                template = extension(entry, context, schemas);
            } else if (lower.equals("externalid") || lower.equals("id")) {
                // not in the schema representations; CSV2SCIM skips them too
                template = simple(key, entry.value(), false, context);
                if (lower.equals("externalid")) {
                    externalId = template;
                }
            } else if (lower.equals("schemas")) {
                issues.add(new MappingIssue(MappingIssue.Kind.UNKNOWN_ATTRIBUTE, key, entry.keyAt(), "'schemas' is "
                        + "completed by the service from the URNs the mapping uses; leave it out"));
                continue;
            } else {
                Optional<Attribute> attribute = core.attribute(key);
                if (attribute.isEmpty()) {
                    issues.add(new MappingIssue(MappingIssue.Kind.UNKNOWN_ATTRIBUTE, key, entry.keyAt(), "'" + key
                            + "' is not an attribute of the SCIM core User schema (" + ScimSchema.CORE_USER + ")"));
                    continue;
                }
                template = attribute(key, attribute.get(), entry.value(), context);
            }
            if (template != null) {
                fields.add(new CompiledMapping.Field(key, template));
            }
        }
        if (namespace != null && !namespace.isBlank()) {
            schemas.add(namespace);
        }
        boolean valid = issues.stream().noneMatch(MappingIssue::error);
        return new Result(List.copyOf(issues), valid ? new CompiledMapping(List.copyOf(schemas), List.copyOf(fields),
                externalId, namespace == null || namespace.isBlank() ? null : namespace, List.copyOf(columnNames),
                columns) : null);
    }

    private Template extension(MappingValue.Entry entry, Context context, Set<String> schemas) {
        String urn = entry.key();
        if (!(entry.value() instanceof MappingValue.Table table)) {
            context.issues.add(new MappingIssue(MappingIssue.Kind.COMPLEX_AS_VALUE, urn, entry.value().at(), "the "
                    + "extension '" + urn + "' must be a hashtable @{ attribute = ... }, not "
                    + entry.value().describe()));
            return null;
        }
        if (urn.equalsIgnoreCase(ScimSchema.ENTERPRISE_USER)) {
            schemas.add(ScimSchema.ENTERPRISE_USER);
            return complex(urn, enterprise.attributes(), table, context, true);
        }
        if (urn.equalsIgnoreCase(ScimSchema.CORE_USER)) {
            context.issues.add(new MappingIssue(MappingIssue.Kind.UNKNOWN_ATTRIBUTE, urn, entry.keyAt(), "core User "
                    + "attributes are mapped at the top level, not under their URN"));
            return null;
        }
        schemas.add(urn);
        context.issues.add(new MappingIssue(MappingIssue.Kind.UNKNOWN_NAMESPACE, urn, entry.keyAt(), "'" + urn
                + "' is not a schema the service knows; its attributes are sent as mapped, unchecked (the "
                + "provisioning job's schema must declare them)"));
        return unchecked(urn, table, context);
    }

    /** An extension the service has no schema for: any keys, any shapes. */
    private Template unchecked(String path, MappingValue value, Context context) {
        if (value instanceof MappingValue.Table table) {
            var fields = new ArrayList<CompiledMapping.Field>();
            for (MappingValue.Entry entry : table.entries()) {
                Template child = unchecked(path + "." + entry.key(), entry.value(), context);
                if (child != null) {
                    fields.add(new CompiledMapping.Field(entry.key(), child));
                }
            }
            return new CompiledMapping.ObjectTemplate(fields);
        }
        if (value instanceof MappingValue.Array array) {
            var items = new ArrayList<Template>();
            for (int i = 0; i < array.items().size(); i++) {
                items.add(unchecked(path + "[" + i + "]", array.items().get(i), context));
            }
            return new CompiledMapping.ArrayTemplate(items);
        }
        return simple(path, value, false, context);
    }

    private Template attribute(String path, Attribute attribute, MappingValue value, Context context) {
        if (attribute.multiValued()) {
            if (!(value instanceof MappingValue.Array array)) {
                context.issues.add(new MappingIssue(MappingIssue.Kind.MULTI_VALUED_NOT_ARRAY, path, value.at(), "'"
                        + attribute.name() + "' is multi-valued: map it to an array @( ... ), not "
                        + value.describe()));
                return null;
            }
            var items = new ArrayList<Template>();
            for (int i = 0; i < array.items().size(); i++) {
                MappingValue item = array.items().get(i);
                String itemPath = path + "[" + i + "]";
                if (attribute.complex()) {
                    if (item instanceof MappingValue.Table table) {
                        items.add(complex(itemPath, attribute.subAttributes(), table, context, false));
                    } else {
                        context.issues.add(new MappingIssue(MappingIssue.Kind.COMPLEX_AS_VALUE, itemPath, item.at(),
                                "each value of '" + attribute.name() + "' is complex: map it to a hashtable @{ ... },"
                                        + " not " + item.describe()));
                    }
                } else {
                    items.add(simple(itemPath, item, attribute.bool(), context));
                }
            }
            return new CompiledMapping.ArrayTemplate(items);
        }
        if (value instanceof MappingValue.Array) {
            context.issues.add(new MappingIssue(MappingIssue.Kind.SINGLE_VALUED_AS_ARRAY, path, value.at(), "'"
                    + attribute.name() + "' is single-valued: map it to one value, not an array"));
            return null;
        }
        if (attribute.complex()) {
            if (value instanceof MappingValue.Table table) {
                return complex(path, attribute.subAttributes(), table, context, false);
            }
            context.issues.add(new MappingIssue(MappingIssue.Kind.COMPLEX_AS_VALUE, path, value.at(), "'"
                    + attribute.name() + "' is complex: map it to a hashtable @{ ... } of its sub-attributes ("
                    + String.join(", ", attribute.subAttributes().stream().map(Attribute::name).toList())
                    + "), not " + value.describe()));
            return null;
        }
        if (value instanceof MappingValue.Table) {
            context.issues.add(new MappingIssue(MappingIssue.Kind.SIMPLE_AS_HASHTABLE, path, value.at(), "'"
                    + attribute.name() + "' is a simple " + attribute.type() + " attribute: map it to a column or a "
                    + "script block, not a hashtable"));
            return null;
        }
        return simple(path, value, attribute.bool(), context);
    }

    private Template complex(String path, List<Attribute> subAttributes, MappingValue.Table table, Context context,
            boolean extension) {
        var fields = new ArrayList<CompiledMapping.Field>();
        Set<String> seen = new HashSet<>();
        for (MappingValue.Entry entry : table.entries()) {
            String childPath = path + "." + entry.key();
            if (!seen.add(entry.key().toLowerCase(Locale.ROOT))) {
                context.issues.add(new MappingIssue(MappingIssue.Kind.DUPLICATE_ATTRIBUTE, childPath, entry.keyAt(),
                        "'" + entry.key() + "' is mapped twice"));
                continue;
            }
            Optional<Attribute> sub = ScimSchema.find(subAttributes, entry.key());
            if (sub.isEmpty()) {
                context.issues.add(new MappingIssue(MappingIssue.Kind.UNKNOWN_SUB_ATTRIBUTE, childPath, entry.keyAt(),
                        "'" + entry.key() + "' is not " + (extension ? "an attribute of the enterprise extension"
                                : "a sub-attribute of '" + path.replaceAll("\\[\\d+]$", "") + "'") + " (known: "
                                + String.join(", ", subAttributes.stream().map(Attribute::name).toList()) + ")"));
                continue;
            }
            Template child = attribute(childPath, sub.get(), entry.value(), context);
            if (child != null) {
                fields.add(new CompiledMapping.Field(entry.key(), child));
            }
        }
        return new CompiledMapping.ObjectTemplate(fields);
    }

    private Template simple(String path, MappingValue value, boolean bool, Context context) {
        if (value instanceof MappingValue.Column column) {
            int index = context.columns.indexOf(column.name());
            if (index < 0 && context.columns != Columns.UNKNOWN) {
                context.issues.add(new MappingIssue(MappingIssue.Kind.MISSING_COLUMN, path, column.at(), "the column "
                        + "'" + column.name() + "' is not in the source"));
            }
            return new CompiledMapping.ColumnTemplate(index, bool, path);
        }
        if (value instanceof MappingValue.Script script) {
            if (script.expression() == null) {
                return null; // already reported as a syntax error
            }
            script.expression().bind(context.columns, (name, at) -> context.issues.add(new MappingIssue(
                    MappingIssue.Kind.MISSING_COLUMN, path, at, "the column '" + name + "' is not in the source")));
            return new CompiledMapping.ExpressionTemplate(script.expression(), bool, path);
        }
        if (value instanceof MappingValue.Constant constant) {
            return new CompiledMapping.ConstantTemplate(constant.value());
        }
        if (value instanceof MappingValue.Table) {
            context.issues.add(new MappingIssue(MappingIssue.Kind.SIMPLE_AS_HASHTABLE, path, value.at(), "'" + path
                    + "' takes a single value here, not a hashtable"));
        } else {
            context.issues.add(new MappingIssue(MappingIssue.Kind.SINGLE_VALUED_AS_ARRAY, path, value.at(), "'" + path
                    + "' takes a single value here, not an array"));
        }
        return null;
    }

    private record Context(Columns columns, List<MappingIssue> issues, Set<String> schemas) {
    }
}
